package io.multiarch.core.report;

import static io.multiarch.core.report.HtmlBuildReport.esc;

import io.multiarch.core.build.BuildMode;
import io.multiarch.core.build.PlatformResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An inline SVG Gantt chart of a build: one row per platform, a bar from its start to its end
 * (relative to the earliest start) coloured by status, hatched when emulated, over an axis in seconds.
 */
final class TimelineSvg {
    private static final int WIDTH = 1000;
    private static final int LABEL = 200;
    private static final int RIGHT = 24;
    private static final int PLOT = WIDTH - LABEL - RIGHT;
    private static final int TOP = 6;
    private static final int ROW = 34;
    private static final int BAR = 20;
    private static final int AXIS = 46;
    private static final long[] STEPS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600};

    private final List<PlatformResult> rows;
    private final Instant origin;
    private final long axisSeconds;
    private final long step;
    private final StringBuilder svg = new StringBuilder();

    private TimelineSvg(List<PlatformResult> rows) {
        this.rows = rows;
        this.origin = rows.stream().map(PlatformResult::start).filter(Objects::nonNull).min(Instant::compareTo)
                .orElse(Instant.EPOCH);
        double span = rows.stream().mapToDouble(p -> offset(end(p))).max().orElse(0);
        this.step = stepFor(span);
        this.axisSeconds = Math.max(step, (long) Math.ceil(span / step) * step);
    }

    static String render(List<PlatformResult> platforms) {
        return new TimelineSvg(platforms).draw();
    }

    private String draw() {
        int height = TOP + rows.size() * ROW + AXIS;
        svg.append("<svg class=\"timeline\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-labelledby=\"timeline-title timeline-desc\">\n")
                .append("<title id=\"timeline-title\">Build timeline</title>\n")
                .append("<desc id=\"timeline-desc\">One bar per platform from its start to its end, in seconds since "
                        + "the first platform started; the table above holds the same data.</desc>\n")
                .append("<defs><pattern id=\"hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" "
                        + "patternTransform=\"rotate(45)\"><rect width=\"3\" height=\"8\" fill=\"#fff\" "
                        + "fill-opacity=\"0.45\"/></pattern></defs>\n");
        for (int i = 0; i < rows.size(); i++) {
            drawRowBackground(i);
        }
        drawAxis();
        for (int i = 0; i < rows.size(); i++) {
            drawRow(i, rows.get(i));
        }
        return svg.append("</svg>\n").toString();
    }

    private void drawRowBackground(int i) {
        if (i % 2 == 0) {
            svg.append(String.format(Locale.ROOT, "<rect class=\"stripe\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\"/>%n",
                    rowTop(i), WIDTH, ROW));
        }
    }

    private void drawAxis() {
        int bottom = TOP + rows.size() * ROW;
        for (long t = 0; t <= axisSeconds; t += step) {
            double x = x(t);
            svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
                    + "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    x, TOP, x, bottom + 4, x, bottom + 18, tickLabel(t)));
        }
        svg.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>%n",
                LABEL, bottom, LABEL + PLOT, bottom));
        svg.append(String.format(Locale.ROOT, "<text class=\"axis-title\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">"
                + "time since the first platform started</text>%n", LABEL + PLOT / 2, bottom + 38));
    }

    private void drawRow(int i, PlatformResult p) {
        int middle = rowTop(i) + ROW / 2;
        boolean emulated = p.mode() == BuildMode.EMULATED;
        svg.append(String.format(Locale.ROOT, "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\" "
                + "dominant-baseline=\"central\">%s<tspan class=\"mode\" dx=\"6\">%s</tspan></text>%n",
                LABEL - 10, middle, esc(p.platform().toString()), emulated ? "emulated" : p.mode() == null ? "" : "native"));
        if (p.start() == null) {
            svg.append(String.format(Locale.ROOT, "<text class=\"not-started\" x=\"%d\" y=\"%d\" "
                    + "dominant-baseline=\"central\">not started</text>%n", LABEL + 8, middle));
            return;
        }
        drawBar(p, rowTop(i) + (ROW - BAR) / 2, emulated);
    }

    private void drawBar(PlatformResult p, int y, boolean emulated) {
        double x = x(offset(p.start()));
        double width = Math.max(3, x(offset(end(p))) - x);
        String status = BuildReportWriter.lower(p.status());
        String mode = emulated ? "emulated" : "native";
        svg.append(String.format(Locale.ROOT, "<rect class=\"bar %s %s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
                + "height=\"%d\" rx=\"3\" fill=\"%s\"><title>%s</title></rect>%n",
                status, mode, x, y, width, BAR, HtmlBuildReport.colour(p.status()), esc(tooltip(p))));
        if (emulated) {
            svg.append(String.format(Locale.ROOT, "<rect class=\"hatch\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
                    + "height=\"%d\" rx=\"3\" fill=\"url(#hatch)\" pointer-events=\"none\"/>%n", x, y, width, BAR));
        }
        drawDurationLabel(p, x + width, y + BAR / 2);
    }

    private void drawDurationLabel(PlatformResult p, double barEnd, int middle) {
        String text = HtmlBuildReport.duration(p.duration()) + " " + HtmlBuildReport.statusWord(p.status());
        boolean inside = barEnd + 8 + text.length() * 7 > LABEL + PLOT;
        svg.append(String.format(Locale.ROOT, "<text class=\"%s\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\" "
                + "dominant-baseline=\"central\" pointer-events=\"none\">%s</text>%n",
                inside ? "bar-text inside" : "bar-text", inside ? barEnd - 6 : barEnd + 6, middle,
                inside ? "end" : "start", esc(text)));
    }

    private static String tooltip(PlatformResult p) {
        String mode = p.mode() == BuildMode.EMULATED ? "emulated" : "native";
        return p.platform() + ": " + HtmlBuildReport.statusWord(p.status()) + " after "
                + HtmlBuildReport.duration(p.duration()) + " (" + mode + " on " + (p.agent() == null ? "?" : p.agent())
                + ")\n" + HtmlBuildReport.clock(p.start()) + " to " + HtmlBuildReport.clock(p.end()) + " UTC"
                + (p.error() == null ? "" : "\n" + p.error());
    }

    private Instant end(PlatformResult p) {
        return p.end() != null ? p.end() : p.start() != null ? p.start() : origin;
    }

    private double offset(Instant time) {
        return Duration.between(origin, time).toMillis() / 1000.0;
    }

    private double x(double seconds) {
        return LABEL + seconds * PLOT / axisSeconds;
    }

    private static int rowTop(int i) {
        return TOP + i * ROW;
    }

    /** The smallest round step that gives at most ten ticks. */
    private static long stepFor(double span) {
        for (long candidate : STEPS) {
            if (span / candidate <= 10) {
                return candidate;
            }
        }
        return (long) Math.ceil(span / 10 / 3600) * 3600;
    }

    /** Plain seconds on axes up to five minutes ({@code 90s}), else {@code 1m30s}, {@code 15m} or {@code 1h15m}. */
    private String tickLabel(long seconds) {
        if (axisSeconds <= 300 || seconds == 0) {
            return seconds + "s";
        }
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return (h > 0 ? h + "h" : "") + (m > 0 ? m + "m" : "") + (s > 0 ? s + "s" : "");
    }
}
