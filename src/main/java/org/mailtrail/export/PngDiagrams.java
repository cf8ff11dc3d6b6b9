package org.mailtrail.export;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.mailtrail.timeline.HostLayout;
import org.mailtrail.timeline.SessionInfo;
import org.mailtrail.timeline.TimelineEvent;

/**
 * PNG pictures of a journey without a window (Java 2D, headless): the sequence diagram laid out as the HTML
 * handout's SVG ({@link SvgLadder}: one row per step, same labels and colours) and the network map laid out as the
 * GUI's ({@link HostLayout}: hosts by role, every link the journey used). The desktop app takes its PNGs from the
 * views on screen instead.
 */
final class PngDiagrams {
    /** The most steps drawn in one picture; longer journeys say how many were left out. */
    static final int MAX_STEPS = 400;
    private static final Color INK = new Color(0x1d1d1f);
    private static final Color GREY = new Color(0x6e6e73);
    private static final Color LINE = new Color(0xc7c7cc);
    private static final Map<String, Color> STEP = Map.of("dns", new Color(0x1565c0), "tcp", new Color(0x6e6e73),
            "cmd", new Color(0x1d1d1f), "ok", new Color(0x2e7d32), "mid", new Color(0x00838f), "temp",
            new Color(0xe65100), "fail", new Color(0xc62828), "local", new Color(0x6a1b9a));
    private static final Map<String, Color> ROLE = Map.of("dns", new Color(0xe3f2fd), "mua", new Color(0xf3e5f5),
            "submission", new Color(0xe8f5e9), "relay", new Color(0xfff8e1), "mx", new Color(0xe0f7fa), "mailbox",
            new Color(0xfce4ec));

    private PngDiagrams() {
    }

    /** The sequence diagram of the first {@link #MAX_STEPS} steps. */
    static byte[] ladder(List<TimelineEvent> events, SessionInfo info) {
        int n = Math.min(MAX_STEPS, events.size());
        List<String> hosts = SvgLadder.lanes(events);
        Map<String, Integer> column = SvgLadder.columns(hosts);
        int cols = Math.max(1, hosts.size());
        int colW = Math.max(150, 1100 / cols);
        int row = SvgLadder.ROW + 2;
        int width = SvgLadder.GUTTER + cols * colW + SvgLadder.PAD;
        int more = events.size() > n ? row : 0;
        int height = SvgLadder.HEADER + n * row + SvgLadder.PAD + more;
        return png(width, height, g -> {
            Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 13);
            Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
            g.setColor(new Color(0xeceef2));
            g.fillRect(0, 0, width, SvgLadder.HEADER - 8);
            for (int i = 0; i < hosts.size(); i++) {
                String host = hosts.get(i);
                int x = SvgLadder.GUTTER + i * colW + colW / 2;
                String[] lines = HostLayout.nameLines(host);
                centred(g, bold, INK, lines[0], x, 18, colW - 6);
                centred(g, small, GREY, lines[1], x, 32, colW - 6);
                String role = info == null ? "" : info.host(host).map(SessionInfo.HostInfo::role).orElse("");
                centred(g, small, GREY, role, x, 45, colW - 6);
                g.setColor(LINE);
                g.drawLine(x, SvgLadder.HEADER - 8, x, height - 4 - more);
            }
            for (int i = 0; i < n; i++) {
                TimelineEvent e = events.get(i);
                int y = SvgLadder.HEADER + i * row + row / 2 + 2;
                int x1 = SvgLadder.GUTTER + column.get(e.source()) * colW + colW / 2;
                int x2 = SvgLadder.GUTTER + column.get(e.destination()) * colW + colW / 2;
                Color c = STEP.getOrDefault(SvgLadder.colourClass(e), INK);
                g.setFont(small);
                g.setColor(GREY);
                String no = Integer.toString(e.index() + 1);
                g.drawString(no, SvgLadder.GUTTER - 8 - g.getFontMetrics().stringWidth(no), y + 4);
                g.setColor(c);
                String text = SvgLadder.label(e);
                if (x1 == x2) {
                    g.drawRect(x1 - 5, y - 6, 10, 12);
                    g.drawString(fit(g.getFontMetrics(), text, Math.min(width - x1 - 14, (int) (colW * 2.5))), x1 + 10, y + 4);
                } else {
                    int dir = x2 > x1 ? 1 : -1;
                    g.setStroke(new BasicStroke(1.4f));
                    g.drawLine(x1, y, x2 - dir * 6, y);
                    g.fillPolygon(new int[] {x2, x2 - dir * 8, x2 - dir * 8}, new int[] {y, y - 4, y + 4}, 3);
                    int room = Math.max(Math.abs(x2 - x1) - 10, Math.min(280, colW * 2));
                    int mid = Math.max(SvgLadder.GUTTER + room / 2 + 2, Math.min(width - room / 2 - 2, (x1 + x2) / 2));
                    centred(g, small, c, text, mid, y - 4, room);
                }
            }
            if (more > 0) {
                g.setColor(GREY);
                g.setFont(small);
                g.drawString("… " + (events.size() - n) + " more steps (the text and JSON logs have them all)",
                        SvgLadder.GUTTER, height - SvgLadder.PAD);
            }
        });
    }

    /** The network map: hosts by role, a line for every pair of hosts that exchanged something. */
    static byte[] map(List<TimelineEvent> events, SessionInfo info) {
        return map(events, info, Map.of());
    }

    /**
     * The network map, the hosts named in {@code cells} (host → {column, row}, the world's {@code layout:},
     * docs/worlds.md) in those cells of the grid, the others by role.
     */
    static byte[] map(List<TimelineEvent> events, SessionInfo info, Map<String, int[]> cells) {
        String sender = events.isEmpty() ? "" : events.get(0).source();
        HostLayout layout = HostLayout.of(info, events, sender).moved(cells);
        int cellW = 190;
        int cellH = 110;
        int width = layout.columns() * cellW + 40;
        int height = layout.rows() * cellH + 40;
        Map<String, int[]> centre = new HashMap<>();
        for (HostLayout.Place p : layout.places()) {
            centre.put(p.host(), new int[] {20 + p.column() * cellW + cellW / 2, 20 + p.row() * cellH + cellH / 2});
        }
        int used = 0;
        for (int[] c : centre.values()) {
            used = Math.max(used, c[0] + cellW / 2);
        }
        int w = Math.max(560, used + 20);
        List<org.mailtrail.timeline.HostLinks.Link> links = org.mailtrail.timeline.HostLinks.links(events);
        // hosts a connection to failed: the map marks them, as the window marks a mail exchanger that is down
        Set<String> unreached = unreached(events);
        int legend = 24;
        int fullHeight = height + legend;
        return png(w, fullHeight, g -> {
            g.setColor(new Color(0xfbfbfd));
            g.fillRect(0, 0, w, fullHeight);
            Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 13);
            Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
            g.setStroke(new BasicStroke(2f));
            for (org.mailtrail.timeline.HostLinks.Link l : links) {
                int[] a = centre.get(l.from());
                int[] b = centre.get(l.to());
                if (a != null && b != null && a != b) {
                    g.setColor(l.protocol().equals("DNS") ? new Color(0x90caf9) : new Color(0x9aa0a6));
                    g.drawLine(a[0], a[1], b[0], b[1]);
                }
            }
            for (HostLayout.Place p : layout.places()) {
                int[] c = centre.get(p.host());
                RoundRectangle2D box = new RoundRectangle2D.Double(c[0] - 75, c[1] - 30, 150, 60, 14, 14);
                g.setColor(ROLE.getOrDefault(p.role(), Color.WHITE));
                g.fill(box);
                boolean down = unreached.contains(p.host());
                g.setColor(down ? new Color(0xc62828) : new Color(0x9aa0a6));
                g.setStroke(down ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                        new float[] {5f, 4f}, 0f) : new BasicStroke(1.2f));
                g.draw(box);
                String[] lines = HostLayout.nameLines(p.host());
                centred(g, small, down ? new Color(0xc62828) : GREY, p.role().toUpperCase(java.util.Locale.ROOT)
                        + (down ? " \u2717 not reached" : ""), c[0], c[1] - 13, 140);
                centred(g, bold, INK, lines[0], c[0], c[1] + 4, 140);
                centred(g, small, GREY, lines[1], c[0], c[1] + 19, 140);
            }
            for (org.mailtrail.timeline.HostLinks.Link l : links) { // labels last: over the lines, beside the boxes
                int[] a = centre.get(l.from());
                int[] b = centre.get(l.to());
                if (a != null && b != null && a != b && !l.label().isEmpty()) {
                    int x = (a[0] + b[0]) / 2;
                    int y = (a[1] + b[1]) / 2;
                    FontMetrics fm = g.getFontMetrics(small);
                    int tw = fm.stringWidth(l.label()) + 6;
                    g.setColor(new Color(0xfbfbfd));
                    g.fillRect(x - tw / 2, y - 8, tw, 15);
                    centred(g, small, INK, l.label(), x, y + 4, tw);
                }
            }
            g.setColor(GREY);
            g.setFont(small);
            g.drawString("lines: SMTP, POP3, IMAP (grey), DNS (blue), labelled with protocol and server port;"
                    + " red dashed: not reached", 20, fullHeight - 10);
        });
    }

    /** The hosts a connection failed to reach (the last TCP SYN's target when a TCP failure follows). */
    static Set<String> unreached(List<TimelineEvent> events) {
        Set<String> out = new HashSet<>();
        String tried = null; // the failure may be told from either side: the SYN says which host was tried
        for (TimelineEvent e : events) {
            if (e.kind() == org.mailtrail.timeline.EventKind.TCP_SYN) {
                tried = e.destination();
            } else if (e.kind() == org.mailtrail.timeline.EventKind.TCP_FAILED && tried != null) {
                out.add(tried);
            }
        }
        return out;
    }

    private interface Painter {
        void paint(Graphics2D g);
    }

    private static byte[] png(int width, int height, Painter painter) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            painter.paint(g);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void centred(Graphics2D g, Font font, Color colour, String text, int x, int y, int room) {
        g.setFont(font);
        g.setColor(colour);
        FontMetrics fm = g.getFontMetrics();
        String t = fit(fm, text, room);
        g.drawString(t, x - fm.stringWidth(t) / 2, y);
    }

    /** The text shortened with an ellipsis to fit {@code room} pixels. */
    private static String fit(FontMetrics fm, String text, int room) {
        if (fm.stringWidth(text) <= room) {
            return text;
        }
        int chars = text.length();
        while (chars > 1 && fm.stringWidth(SvgLadder.fit(text, chars)) > room) {
            chars--;
        }
        return SvgLadder.fit(text, chars);
    }
}
