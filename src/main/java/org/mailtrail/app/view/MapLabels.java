package org.mailtrail.app.view;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;

/**
 * Where the network map's labels go ("SMTP 25", "DNS 53", "MX 20", "MX 10 (down)"). Theory of operation: the map
 * first records what a label must not cover — the host boxes and the organisations' names ({@link #solid}), the links
 * the packet travels along ({@link #line}) — and the rectangle the map draws in. Each label is then offered a list of
 * candidate places, best first; {@link #place} takes the cheapest (the first among equals) and makes it solid for the
 * labels after it. A place costs most outside the map, then over a box, a name or another label, then within the
 * packet's reach of a link (it would be run over), nothing otherwise. Tester findings: labels covered hosts, each
 * other and the moving packet, and "DNS 53" stood above the map's top edge.
 */
final class MapLabels {
    /** How near a link a label may come: the packet's radius (NetworkMapView) and a pixel of air. */
    static final double PACKET = 8;
    private static final double OUTSIDE = 100_000;
    private static final double COVERED = 1_000;
    private static final double ON_LINK = 100;

    private final List<Bounds> solid = new ArrayList<>();
    private final List<Bounds> boxes = new ArrayList<>();
    private final List<double[]> points = new ArrayList<>(); // {x, y, link number}
    private final double minX;
    private final double minY;
    private final double maxX;
    private final double maxY;
    private int links;

    /** Labels inside the rectangle from ({@code x}, {@code y}) of the given width and height. */
    MapLabels(double x, double y, double w, double h) {
        minX = x;
        minY = y;
        maxX = x + w;
        maxY = y + h;
    }

    /** Something no label is to cover (a name, a label placed before). */
    void solid(Bounds b) {
        solid.add(b);
    }

    /** A host box: no label covers it, and the packet on a link inside it is hidden anyway. */
    void box(Bounds b) {
        solid.add(b);
        boxes.add(b);
    }

    /** A link the packet travels along, from centre to centre of its hosts. */
    void line(double x1, double y1, double x2, double y2) {
        double len = Math.hypot(x2 - x1, y2 - y1);
        for (double t = 0; t <= len; t += 2) {
            double f = t / Math.max(1, len);
            points.add(new double[] {x1 + (x2 - x1) * f, y1 + (y2 - y1) * f, links});
        }
        links++;
    }

    /** What a label of this size at ({@code x}, {@code y}) would cover: 0 for nothing. */
    double cost(double atX, double atY, double w, double h) {
        double x = Math.round(atX); // where the label will stand: whole pixels, as drawn
        double y = Math.round(atY);
        if (x < minX - 0.5 || y < minY - 0.5 || x + w > maxX + 0.5 || y + h > maxY + 0.5) {
            return OUTSIDE;
        }
        double c = 0;
        Bounds b = new BoundingBox(x, y, w, h);
        for (Bounds s : solid) {
            if (s.intersects(b)) {
                c += COVERED;
            }
        }
        int lastLink = -1;
        for (double[] p : points) {
            if (p[2] != lastLink && p[0] > x - PACKET && p[0] < x + w + PACKET && p[1] > y - PACKET
                    && p[1] < y + h + PACKET && !insideSolid(p[0], p[1])) {
                c += ON_LINK; // once per link
                lastLink = (int) p[2];
            }
        }
        return c;
    }

    /** Whether a point of a link lies in a box (where the packet is hidden by nothing a label could cover). */
    private boolean insideSolid(double x, double y) {
        for (Bounds s : boxes) {
            if (s.contains(x, y)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes the cheapest of the candidate places ({x, y} of the label's top left corner) for a label of this size,
     * makes it solid and returns {x, y, cost}.
     */
    double[] place(double w, double h, List<double[]> candidates) {
        double[] best = null;
        double bestCost = Double.MAX_VALUE;
        for (double[] c : candidates) {
            double cost = cost(c[0], c[1], w, h);
            if (cost < bestCost) {
                bestCost = cost;
                best = c;
                if (cost == 0) {
                    break;
                }
            }
        }
        double x = Math.round(best[0]);
        double y = Math.round(best[1]);
        solid.add(new BoundingBox(x, y, w, h));
        return new double[] {x, y, bestCost};
    }

    /**
     * Places beside a link from ({@code x1}, {@code y1}) to ({@code x2}, {@code y2}) for a label of this size: at the
     * middle, then further along either way, on either side, clear of the packet's path.
     */
    static List<double[]> beside(double x1, double y1, double x2, double y2, double w, double h) {
        List<double[]> out = new ArrayList<>();
        double len = Math.max(1, Math.hypot(x2 - x1, y2 - y1));
        double nx = -(y2 - y1) / len;
        double ny = (x2 - x1) / len;
        // how far the label's centre must stand from the line so that its corner keeps the packet's distance
        double reach = Math.abs(nx) * w / 2 + Math.abs(ny) * h / 2 + PACKET + 1;
        for (double away : new double[] {reach, reach + h + 2, reach + 2 * h + 4}) { // beside the line, then further
            for (double t : new double[] {0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9}) {
                double cx = x1 + (x2 - x1) * t;
                double cy = y1 + (y2 - y1) * t;
                for (int side : new int[] {1, -1}) {
                    out.add(new double[] {cx + side * nx * away - w / 2, cy + side * ny * away - h / 2});
                }
            }
        }
        return out;
    }
}
