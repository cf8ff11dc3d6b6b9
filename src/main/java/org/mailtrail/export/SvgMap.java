package org.mailtrail.export;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mailtrail.timeline.HostLayout;
import org.mailtrail.timeline.SessionInfo;
import org.mailtrail.timeline.TimelineEvent;

/**
 * The network map of a journey as inline SVG for the HTML handout: the same grid as the app's map and the PNG export
 * ({@link HostLayout}, with the world's {@code layout:} cells, docs/worlds.md), a box per host coloured by role and a
 * line for every pair of hosts that exchanged something (DNS in blue). Printable, without scripts or fonts of its own.
 */
final class SvgMap {
    static final int CELL_W = 190;
    static final int CELL_H = 110;
    private static final Map<String, String> ROLE = Map.of("dns", "#e3f2fd", "mua", "#f3e5f5", "submission", "#e8f5e9",
            "relay", "#fff8e1", "mx", "#e0f7fa", "mailbox", "#fce4ec");

    private SvgMap() {
    }

    /**
     * Appends the map; {@code cells}: host → {column, row} for the hosts placed by the world's layout, the others by
     * role. {@code label} is its accessible name.
     */
    static void render(StringBuilder b, List<TimelineEvent> events, SessionInfo info, Map<String, int[]> cells,
                       String label) {
        String sender = events.isEmpty() ? "" : events.get(0).source();
        HostLayout layout = HostLayout.of(info, events, sender).moved(cells);
        Map<String, int[]> centre = new HashMap<>();
        int width = 260;
        for (HostLayout.Place p : layout.places()) {
            int[] c = {20 + p.column() * CELL_W + CELL_W / 2, 20 + p.row() * CELL_H + CELL_H / 2};
            centre.put(p.host(), c);
            width = Math.max(width, c[0] + CELL_W / 2 + 20);
        }
        int height = layout.rows() * CELL_H + 40;
        b.append("<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" width=\"").append(width).append("\" style=\"max-width:100%;height:auto\""
                        + " role=\"img\" aria-label=\"");
        HtmlHandout.escape(b, label);
        b.append("\" font-family=\"system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif\">\n");
        Set<String> drawn = new HashSet<>();
        for (TimelineEvent e : events) {
            int[] a = centre.get(e.source());
            int[] z = centre.get(e.destination());
            String key = e.source().compareTo(e.destination()) < 0 ? e.source() + "\n" + e.destination()
                    : e.destination() + "\n" + e.source();
            if (a != null && z != null && a != z && drawn.add(key)) {
                b.append("<line class=\"link\" x1=\"").append(a[0]).append("\" y1=\"").append(a[1]).append("\" x2=\"")
                        .append(z[0]).append("\" y2=\"").append(z[1]).append("\" stroke=\"")
                        .append(e.kind().name().startsWith("DNS") ? "#90caf9" : "#9aa0a6")
                        .append("\" stroke-width=\"2\"/>\n");
            }
        }
        for (HostLayout.Place p : layout.places()) {
            int[] c = centre.get(p.host());
            String[] lines = HostLayout.nameLines(p.host());
            b.append("<g class=\"host\" data-host=\"");
            HtmlHandout.escape(b, p.host());
            b.append("\" data-cell=\"").append(p.column()).append(',').append(p.row()).append("\"><rect x=\"")
                    .append(c[0] - 75).append("\" y=\"").append(c[1] - 30).append("\" width=\"150\" height=\"60\""
                            + " rx=\"7\" fill=\"").append(ROLE.getOrDefault(p.role(), "#ffffff"))
                    .append("\" stroke=\"#9aa0a6\" stroke-width=\"1.2\"/>");
            text(b, c[0], c[1] - 13, "10.5", "#6e6e73", "", p.role().toUpperCase(Locale.ROOT));
            text(b, c[0], c[1] + 4, "13", "#1d1d1f", " font-weight=\"700\"", lines[0]);
            text(b, c[0], c[1] + 19, "10.5", "#6e6e73", "", lines[1]);
            b.append("</g>\n");
        }
        b.append("</svg>\n");
    }

    private static void text(StringBuilder b, int x, int y, String size, String fill, String extra, String s) {
        if (s.isEmpty()) {
            return;
        }
        b.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" font-size=\"").append(size)
                .append("\" fill=\"").append(fill).append("\" text-anchor=\"middle\"").append(extra);
        if (s.length() * Double.parseDouble(size) * 0.6 > 140) { // too wide for the box: squeezed, not cut
            b.append(" textLength=\"140\" lengthAdjust=\"spacingAndGlyphs\"");
        }
        b.append('>');
        HtmlHandout.escape(b, s);
        b.append("</text>");
    }
}
