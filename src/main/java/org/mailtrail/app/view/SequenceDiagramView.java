package org.mailtrail.app.view;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import org.mailtrail.app.model.LadderHosts;
import org.mailtrail.app.model.LadderRows;
import org.mailtrail.app.model.SessionViewModel;
import org.mailtrail.engine.Journey;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.Phase;
import org.mailtrail.timeline.PhaseSegment;
import org.mailtrail.timeline.PhaseText;
import org.mailtrail.timeline.SummaryText;
import org.mailtrail.timeline.TimelineEvent;

/**
 * The ladder (sequence) diagram, as in Wireshark's flow graph: hosts as lifelines, one arrow per
 * event, the current step highlighted; clicking a row goes to that step. Each part of the journey
 * ({@link PhaseSegment}) begins with a header band across the lanes. Only the visible rows are drawn, so a
 * session of 100,000 events scrolls as fast as one of 100. {@link #alignTo} pads the parts so that two ladders side by
 * side show the same part at the same height. While a lesson is under way (see {@link LadderHosts}) the columns are the
 * hosts reached up to the step shown, no more; a step still to come whose host has no column yet is written across
 * the lanes without an arrow.
 */
public final class SequenceDiagramView extends Region {
    private static final double HEADER = 38;

    private final SessionViewModel session;
    /** Whether a lesson is under way (LessonSecrets.kept): then only the hosts reached so far have a column. */
    private final ObservableBooleanValue lesson;
    private LadderHosts journeyHosts = LadderHosts.of(List.of());
    private final DoubleProperty fontScale;
    private final BooleanProperty highContrast;
    private final Canvas canvas = new Canvas();
    private final ScrollBar scroll = new ScrollBar();
    private List<String> hosts = List.of();
    private final Map<String, Integer> column = new HashMap<>();
    private final PhaseText phases;
    private final SummaryText summaries;
    private LadderRows rows = LadderRows.of(List.of(), 0);
    private List<LadderRows.Slot> alignment;

    /**
     * With the headers of the parts of the journey in this language, and the columns narrowed to the hosts reached so
     * far while {@code lesson} holds (null: never; the compare view's ladders are held back during a lesson anyway).
     */
    public SequenceDiagramView(SessionViewModel session, DoubleProperty fontScale, BooleanProperty highContrast,
                               java.util.Locale locale, ObservableBooleanValue lesson, ViewScope scope) {
        this.session = session;
        this.lesson = lesson;
        this.phases = new PhaseText(locale);
        this.summaries = new SummaryText(locale);
        this.fontScale = fontScale;
        this.highContrast = highContrast;
        setId("sequenceDiagram");
        getStyleClass().add("sequence-diagram");
        setAccessibleText(java.util.ResourceBundle.getBundle("org.mailtrail.app.messages", locale,
                java.util.ResourceBundle.Control.getNoFallbackControl(java.util.ResourceBundle.Control.FORMAT_DEFAULT)).getString("ladder.accessible"));
        scroll.setOrientation(Orientation.VERTICAL);
        getChildren().addAll(canvas, scroll);
        setMinSize(200, 90); // it scrolls: a lesson bar may take the height, the tabs below keep theirs
        scope.listen(session.journeyProperty(), (o, a, j) -> rebuild(j));
        scope.listen(session.horizonProperty(), (o, a, h) -> rebuild(session.journeyProperty().get()));
        scope.listen(session.stepProperty(), (o, a, s) -> {
            columns();
            ensureVisible(s.intValue());
            draw();
        });
        if (lesson != null) {
            scope.listen(lesson, (o, a, l) -> {
                columns();
                draw();
            });
        }
        scroll.valueProperty().addListener((o, a, v) -> draw());
        scope.listen(fontScale, (o, a, v) -> {
            requestLayout();
            draw();
        });
        scope.listen(highContrast, (o, a, v) -> draw());
        canvas.setOnMouseClicked(ev -> {
            int step = rowAt(ev.getY());
            if (step < 0) {
                // a header band goes to the first step of its part
                int row = rowIndexAt(ev.getY());
                if (row >= 0 && rows.get(row).kind() == LadderRows.Kind.HEADER) {
                    step = rows.get(row).event();
                }
            }
            if (step >= 0) {
                session.goTo(step);
            }
        });
        addEventHandler(ScrollEvent.SCROLL, ev -> scroll.setValue(clamp(scroll.getValue() - ev.getDeltaY() / rowHeight())));
        rebuild(session.journeyProperty().get());
    }

    private double rowHeight() {
        return 22 * fontScale.get();
    }

    private int visibleRows() {
        return (int) Math.max(1, (getHeight() - HEADER * fontScale.get()) / rowHeight());
    }

    private double clamp(double v) {
        return Math.max(scroll.getMin(), Math.min(scroll.getMax(), v));
    }

    /** The event index drawn at a y position, or -1 (also on a header band or padding). */
    public int rowAt(double y) {
        int row = rowIndexAt(y);
        return row >= 0 && rows.get(row).kind() == LadderRows.Kind.EVENT ? rows.get(row).event() : -1;
    }

    /** The row (of {@link #rows()}) drawn at a y position, or -1. */
    private int rowIndexAt(double y) {
        double top = HEADER * fontScale.get();
        if (y < top) {
            return -1;
        }
        int row = (int) Math.floor(scroll.getValue()) + (int) ((y - top) / rowHeight());
        return row < rows.size() ? row : -1;
    }

    /** The y position of the middle of an event's row, when visible (tests click there). */
    public double rowCenterY(int index) {
        return rowIndexCenterY(rows.rowOf(index));
    }

    /** The y position of the middle of a row of {@link #rows()}, when visible. */
    public double rowIndexCenterY(int row) {
        return HEADER * fontScale.get() + (row - Math.floor(scroll.getValue()) + 0.5) * rowHeight();
    }

    /** What each row shows: header bands, steps and padding. */
    public LadderRows rows() {
        return rows;
    }

    /** The header text of each part of the journey, in order, as the bands show them (before fitting to the width). */
    public List<String> headerTexts() {
        List<String> out = new ArrayList<>();
        for (LadderRows.Row r : rows.rows()) {
            if (r.kind() == LadderRows.Kind.HEADER) {
                out.add(phases.header(r.segment()));
            }
        }
        return out;
    }

    /**
     * Lays the parts of the journey out along these slots (see {@link LadderRows#align}), padding each part to its
     * slot's rows, so that another ladder given the same slots shows each part at the same height; null: no padding.
     * The alignment holds until it is changed, also for another journey.
     */
    public void alignTo(List<LadderRows.Slot> slots) {
        alignment = slots == null ? null : List.copyOf(slots);
        layoutRows();
        updateScroll();
        draw();
    }

    /** Scrolls to a row of {@link #rows()} at the top (aligned ladders scroll together). */
    public void scrollToRow(double row) {
        scroll.setValue(clamp(row));
    }

    /** The first row shown at the top, for a twin ladder to follow. */
    public DoubleProperty firstRowProperty() {
        return scroll.valueProperty();
    }

    private void layoutRows() {
        rows = LadderRows.of(session.segments(), session.events().size(), alignment);
    }

    /** Until the first layout with a height, the current step is still to be scrolled into view. */
    private boolean followOnLayout = true;
    private int laidOutRows;

    private void rebuild(Journey j) {
        journeyHosts = LadderHosts.of(j == null ? List.of() : j.timeline().events());
        columns();
        layoutRows();
        scroll.setValue(0);
        updateScroll();
        draw();
    }

    /** The columns: every host of the journey, or during a lesson those reached up to the step shown. */
    private void columns() {
        List<String> shown = lesson != null && lesson.get() ? journeyHosts.upTo(session.stepProperty().get())
                : journeyHosts.all();
        if (shown.equals(hosts)) {
            return;
        }
        hosts = shown;
        column.clear();
        for (int i = 0; i < hosts.size(); i++) {
            column.put(hosts.get(i), i);
        }
    }

    /** The hosts that have a column, left to right. */
    public List<String> hosts() {
        return hosts;
    }

    private void updateScroll() {
        int n = rows.size();
        int visible = visibleRows();
        scroll.setMin(0);
        scroll.setMax(Math.max(0, n - visible));
        scroll.setVisibleAmount(visible);
        scroll.setBlockIncrement(visible);
        scroll.setUnitIncrement(1);
    }

    private void ensureVisible(int step) {
        int row = rows.rowOf(step);
        if (row < 0) {
            return;
        }
        // the first step of a part: its header too
        int from = row > 0 && rows.get(row - 1).kind() == LadderRows.Kind.HEADER ? row - 1 : row;
        int first = (int) Math.floor(scroll.getValue());
        int visible = visibleRows();
        if (from < first) {
            scroll.setValue(from);
        } else if (row >= first + visible) {
            scroll.setValue(clamp(row - visible + 1));
        }
    }

    @Override
    protected void layoutChildren() {
        double sw = scroll.prefWidth(-1);
        canvas.setWidth(Math.max(0, getWidth() - sw));
        canvas.setHeight(getHeight());
        scroll.resizeRelocate(getWidth() - sw, 0, sw, getHeight());
        updateScroll();
        if (followOnLayout && getHeight() > 0 || getHeight() > 0 && visibleRows() != laidOutRows) {
            // a view made for a session already under way (e.g. after switching the language), or one that
            // shows more or fewer rows now (the focus layout, larger text): show its step
            followOnLayout = false;
            // the step at the bottom, steps before it above, as stepping leaves it (a tester: at the top after A-)
            int row = rows.rowOf(session.stepProperty().get());
            if (row >= 0) {
                scroll.setValue(clamp(row - visibleRows() + 1));
            }
        }
        laidOutRows = getHeight() > 0 ? visibleRows() : 0;
        draw();
    }

    private double xOf(String host, double colW) {
        Integer c = column.get(host);
        return (c == null ? 0 : c) * colW + colW / 2;
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        Palette p = highContrast.get() ? Palette.HIGH_CONTRAST : Palette.NORMAL;
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(p.background());
        g.fillRect(0, 0, w, h);
        List<TimelineEvent> events = session.events();
        if (hosts.isEmpty()) {
            return;
        }
        double s = fontScale.get();
        double colW = w / hosts.size();
        double top = HEADER * s;
        double rh = rowHeight();
        Font small = Font.font("System", 11 * s);
        g.setTextBaseline(VPos.CENTER);
        int first = (int) Math.floor(scroll.getValue());
        int last = Math.min(rows.size(), first + visibleRows() + 1);
        int current = session.stepProperty().get();
        int currentRow = rows.rowOf(current);
        if (currentRow >= first && currentRow < last) {
            g.setFill(p.highlight());
            g.fillRect(0, top + (currentRow - first) * rh, w, rh);
        }
        g.setStroke(p.lifeline());
        g.setLineWidth(1);
        for (String host : hosts) {
            double x = xOf(host, colW);
            g.strokeLine(x, top, x, h);
        }
        g.setFont(small);
        Font band = Font.font("System", javafx.scene.text.FontWeight.BOLD, 11.5 * s);
        for (int row = first; row < last; row++) {
            LadderRows.Row r = rows.get(row);
            if (r.kind() == LadderRows.Kind.HEADER) {
                drawBand(g, r.segment(), top + (row - first) * rh, w, rh, band);
                g.setFont(small);
                continue;
            }
            if (r.kind() != LadderRows.Kind.EVENT || r.event() >= events.size()) {
                continue;
            }
            int i = r.event();
            TimelineEvent e = events.get(i);
            double y = top + (row - first) * rh + rh / 2;
            Color c = colour(e, p);
            if (!column.containsKey(e.source()) || !column.containsKey(e.destination())) {
                // a step to come (a lesson): its text, as the list of steps shows it, but no host that has no column
                g.setFill(c);
                g.setTextAlign(TextAlignment.CENTER);
                g.fillText(fit(label(e), w - 8, small), w / 2, y);
                continue;
            }
            double x1 = xOf(e.source(), colW);
            double x2 = xOf(e.destination(), colW);
            g.setStroke(c);
            g.setFill(c);
            g.setLineWidth(i == current ? 2.5 : 1.2);
            if (x1 == x2) {
                g.strokeRect(x1 - 5, y - rh * 0.3, 10, rh * 0.6);
                // the label beside the box, on the side with more room (the rightmost host's to its left)
                double rightRoom = Math.min(w - x1 - 12, colW * 2.5);
                double leftRoom = Math.min(x1 - 12, colW * 2.5);
                boolean right = rightRoom >= leftRoom || rightRoom >= measureWidth(label(e), small);
                g.setTextAlign(right ? TextAlignment.LEFT : TextAlignment.RIGHT);
                g.fillText(fit(label(e), right ? rightRoom : leftRoom, small), right ? x1 + 9 : x1 - 9, y);
            } else {
                g.strokeLine(x1, y, x2, y);
                double dir = Math.signum(x2 - x1);
                g.fillPolygon(new double[] {x2, x2 - dir * 8, x2 - dir * 8}, new double[] {y, y - 4, y + 4}, 3);
                double room = Math.max(Math.abs(x2 - x1) - 8, Math.min(260 * s, colW * 2));
                double mid = Math.max(room / 2 + 2, Math.min(w - room / 2 - 2, (x1 + x2) / 2));
                g.setTextAlign(TextAlignment.CENTER);
                g.fillText(fit(label(e), room, small), mid, y - rh * 0.3);
            }
        }
        g.setFill(p.background());
        g.fillRect(0, 0, w, top);
        g.setFill(p.text());
        g.setTextAlign(TextAlignment.CENTER);
        Font bold = Font.font("System", javafx.scene.text.FontWeight.BOLD, 12 * s);
        for (String host : hosts) {
            String[] lines = org.mailtrail.timeline.HostLayout.nameLines(host);
            g.setFont(bold);
            g.fillText(fit(lines[0], colW - 4, bold), xOf(host, colW), top * 0.32);
            g.setFont(small);
            g.fillText(fit(lines[1], colW - 4, small), xOf(host, colW), top * 0.72);
        }
    }

    /** A part's header: a band across the lanes in the phase's colour, a bar at its left, the header text. */
    private void drawBand(GraphicsContext g, PhaseSegment seg, double y, double w, double rh, Font f) {
        boolean hc = highContrast.get();
        Phase ph = seg.phase();
        g.setFill(hc ? Color.web("#1c1c1c") : phaseBand(ph));
        g.fillRect(0, y + 1, w, rh - 2);
        g.setFill(phaseAccent(ph, hc));
        g.fillRect(0, y + 1, 5, rh - 2);
        g.setFill(hc ? Color.WHITE : Color.web("#1d1d1f"));
        g.setFont(f);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(fit(phases.header(seg), w - 16, f), 11, y + rh / 2);
    }

    /** The light background of a phase's header band; the list of steps and the transcript use the same (CSS). */
    static Color phaseBand(Phase p) {
        switch (p) {
            case SUBMISSION:
                return Color.web("#e3f2fd");
            case RELAY:
                return Color.web("#ede7f6");
            case TRANSFER:
                return Color.web("#e0f2f1");
            case DELIVERY:
                return Color.web("#e8f5e9");
            case RETRIEVAL:
                return Color.web("#fff3e0");
            default:
                return Color.web("#ffebee");
        }
    }

    /** The strong colour of a phase: the bar at the left of its header band. */
    static Color phaseAccent(Phase p, boolean highContrast) {
        switch (p) {
            case SUBMISSION:
                return Color.web(highContrast ? "#6cb6ff" : "#1565c0");
            case RELAY:
                return Color.web(highContrast ? "#e1a6ff" : "#5e35b1");
            case TRANSFER:
                return Color.web(highContrast ? "#6ee7f0" : "#00796b");
            case DELIVERY:
                return Color.web(highContrast ? "#7dff7d" : "#2e7d32");
            case RETRIEVAL:
                return Color.web(highContrast ? "#ffb74d" : "#ef6c00");
            default:
                return Color.web(highContrast ? "#ff6e6e" : "#c62828");
        }
    }

    private final javafx.scene.text.Text measure = new javafx.scene.text.Text();

    private double measureWidth(String text, Font f) {
        measure.setFont(f);
        measure.setText(text);
        return measure.getLayoutBounds().getWidth();
    }

    /** The text, shortened with an ellipsis to fit a width in a font. */
    private String fit(String text, double width, Font f) {
        if (measureWidth(text, f) <= width) {
            return text;
        }
        int lo = 0;
        int hi = text.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            measure.setText(text.substring(0, mid) + "…");
            if (measure.getLayoutBounds().getWidth() <= width) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo == 0 ? "" : text.substring(0, lo) + "…";
    }

    private String label(TimelineEvent e) {
        String s = summaries.of(e);
        if (s.startsWith("C: ") || s.startsWith("S: ")) {
            s = s.substring(3);
        }
        return s;
    }

    static Color colour(TimelineEvent e, Palette p) {
        switch (e.kind()) {
            case DNS_QUERY:
            case DNS_ANSWER:
            case MX_DECISION:
                return p.dns();
            case TCP_SYN:
            case TCP_SYN_ACK:
            case TCP_ACK:
            case TCP_CLOSE:
            case TLS_NEGOTIATED:
                return p.tcp();
            case TCP_FAILED:
            case PROTOCOL_ERROR:
            case DELIVERY_FAILED:
                return p.permanentFailure();
            case SMTP_COMMAND:
            case MAILBOX_COMMAND:
                return p.command();
            case SMTP_REPLY:
                return replyColour(e.detail(Details.CODE), p);
            case MAILBOX_REPLY:
                return e.summary().contains("-ERR") || e.summary().contains(" NO ") ? p.permanentFailure() : p.positive();
            case QUEUED:
            case RETRY_SCHEDULED:
                return p.transientFailure();
            case BOUNCE_GENERATED:
                return p.permanentFailure();
            default:
                return e.kind() == EventKind.DELIVERED || e.kind() == EventKind.MAILBOX_RETRIEVED ? p.positive() : p.local();
        }
    }

    static Color replyColour(String code, Palette p) {
        if (code.startsWith("2")) {
            return p.positive();
        }
        if (code.startsWith("3")) {
            return p.intermediate();
        }
        if (code.startsWith("4")) {
            return p.transientFailure();
        }
        return p.permanentFailure();
    }
}
