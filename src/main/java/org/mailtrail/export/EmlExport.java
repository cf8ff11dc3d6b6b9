package org.mailtrail.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mailtrail.engine.DeliveredMessage;
import org.mailtrail.engine.Journey;

/** The delivered messages as .eml files (RFC 5322), each with its whole Received: chain and Return-Path:. */
public final class EmlExport {
    private EmlExport() {
    }

    /** One file per message in a mailbox at the end of the journey, named by order, mailbox and kind. */
    public static List<Exporter.Document> render(Journey j) {
        List<Exporter.Document> out = new ArrayList<>();
        int n = 1;
        for (DeliveredMessage d : j.delivered()) {
            String name = String.format(Locale.ROOT, "%02d-%s%s.eml", n++, d.mailbox().replaceAll("[^A-Za-z0-9@._-]", "_"),
                    d.bounce() ? "-bounce" : "");
            out.add(new Exporter.Document(name, d.content()));
        }
        return out;
    }
}
