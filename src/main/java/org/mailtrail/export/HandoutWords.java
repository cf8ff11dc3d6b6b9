package org.mailtrail.export;

import java.util.Locale;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.timeline.SummaryText;

/** The words of the page in one language. */
final class HandoutWords {
    String lang;
    String handout;
    String session;
    String mode;
    String started;
    String seed;
    String source;
    String message;
    String from;
    String to;
    String cc;
    String subject;
    String comparison;
    String route;
    String direct = "direct";
    String relayed = "relay";

    /** The route's name in this language (the data attributes keep {@code direct}/{@code relay}). */
    String routeName(Journey j) {
        return j.route() == org.mailtrail.world.Route.RELAY ? relayed : direct;
    }
    String outcome;
    String recipient;
    String status;
    String host;
    String detail;
    String figures;
    String diagram;
    String caption;
    String capped;
    String steps;
    String footer;
    String[] figure;
    String[] legend;
    String[] statuses;
    String simulation;
    String live;
    SummaryText summaries;
    org.mailtrail.timeline.DetailLineText detailLines;

    static HandoutWords of(Locale locale) {
        HandoutWords w = new HandoutWords();
        w.summaries = new SummaryText(locale);
        w.detailLines = new org.mailtrail.timeline.DetailLineText(locale);
        if ("de".equals(locale.getLanguage())) {
            w.lang = "de";
            w.handout = "Handout";
            w.session = "Sitzung";
            w.mode = "Modus";
            w.started = "Beginn";
            w.seed = "Seed";
            w.source = "Quelle";
            w.message = "Die Nachricht";
            w.from = "Von";
            w.to = "An";
            w.cc = "Cc";
            w.subject = "Betreff";
            w.comparison = "Die Wege im Vergleich";
            w.route = "Weg";
            w.direct = "direkt";
            w.relayed = "\u00fcber den Smarthost";
            w.outcome = "Ergebnis";
            w.recipient = "Empf\u00e4nger";
            w.status = "Status";
            w.host = "Host";
            w.detail = "Einzelheiten";
            w.figures = "Kennzahlen";
            w.diagram = "Sequenzdiagramm";
            w.caption = "%1$s Schritte auf dem Weg %2$s, einer pro Pfeil, in zeitlicher Reihenfolge.";
            w.capped = "Das Diagramm zeigt nur die ersten %1$s von %2$s Schritten; die Liste der Schritte unten ist vollst\u00e4ndig.";
            w.steps = "Schritt f\u00fcr Schritt";
            w.footer = "Erstellt mit Mail Trail. Zeiten seit Beginn der Sitzung (Stunden:Minuten:Sekunden.Mikrosekunden).";
            w.figure = new String[] {"Hops (Server, die die Nachricht \u00fcbernahmen)", "TCP-Verbindungen",
                "DNS-Anfragen", "SMTP-Round-Trips", "Gesamtdauer", "Received:-Zeilen"};
            w.legend = new String[] {"DNS", "TCP/TLS", "Befehl", "Erfolg (2xx)", "Weiter (3xx)",
                "Vor\u00fcbergehender Fehler (4xx)", "Dauerhafter Fehler (5xx)", "Lokaler Schritt"};
            w.statuses = new String[] {"zugestellt", "zur\u00fcckgewiesen", "in der Warteschlange"};
            w.simulation = "Simulation";
            w.live = "Live";
        } else {
            w.lang = "en";
            w.handout = "Handout";
            w.session = "Session";
            w.mode = "Mode";
            w.started = "Started";
            w.seed = "Seed";
            w.source = "Source";
            w.message = "The message";
            w.from = "From";
            w.to = "To";
            w.cc = "Cc";
            w.subject = "Subject";
            w.comparison = "The routes compared";
            w.route = "Route";
            w.outcome = "Outcome";
            w.recipient = "Recipient";
            w.status = "Status";
            w.host = "Host";
            w.detail = "Detail";
            w.figures = "Figures";
            w.diagram = "Sequence diagram";
            w.caption = "%1$s steps on the %2$s route, one arrow each, in time order.";
            w.capped = "The diagram shows only the first %1$s of %2$s steps; the list of steps below is complete.";
            w.steps = "Step by step";
            w.footer = "Made with Mail Trail. Times since the start of the session (hours:minutes:seconds.microseconds).";
            w.figure = new String[] {"Hops (servers that took the message)", "TCP connections", "DNS queries",
                "SMTP round trips", "Total time", "Received: lines"};
            w.legend = new String[] {"DNS", "TCP/TLS", "Command", "Success (2xx)", "Go on (3xx)",
                "Temporary failure (4xx)", "Permanent failure (5xx)", "Local step"};
            w.statuses = new String[] {"delivered", "bounced", "queued"};
            w.simulation = "simulation";
            w.live = "live";
        }
        return w;
    }

    String status(RecipientOutcome.Status s) {
        return statuses[s.ordinal()];
    }

    String mode(String m) {
        if ("simulation".equals(m)) {
            return simulation;
        }
        return "live".equals(m) ? live : m;
    }
}
