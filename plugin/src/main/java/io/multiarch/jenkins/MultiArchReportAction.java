package io.multiarch.jenkins;

import hudson.model.Run;
import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jenkins.model.RunAction2;

/**
 * The report of one {@code multiArchBuild}, {@code buildxBuild} or freestyle multi-arch step of a run:
 * a row per platform (agent, native or emulated, duration, status, digest, size, log), the published list,
 * and a timeline. Several in one run each keep their own action ({@code multiarch}, {@code multiarch-2} ...).
 *
 * <p>Parallel branches update it at once: every change is made under this object's lock and replaces the
 * row list with a fresh copy, so a concurrent {@code run.save()} (XStream) always sees a complete list.
 * Fields are plain values (strings, numbers, {@link ArrayList}), as XStream stores them in build.xml.
 */
public final class MultiArchReportAction implements RunAction2 {
    private final int index;
    private final String kind;
    private final String image;
    private final ArrayList<String> tags;
    /** The multiArchBuild/freestyle options (null for buildxBuild). */
    private final BuildOptions options;
    private volatile ArrayList<Row> rows;
    private volatile String status = "running";
    private volatile String listDigest;
    private volatile String mediaType;
    private volatile ArrayList<String> publishedTags = new ArrayList<>();
    private volatile String failure;
    /** Where report.json, report.html and junit.xml were archived (artifact path), or null. */
    private volatile String reportPath;
    private transient Run<?, ?> run;

    private MultiArchReportAction(int index, String kind, String image, List<String> tags, BuildOptions options,
            List<Row> rows) {
        this.index = index;
        this.kind = kind;
        this.image = image;
        this.tags = new ArrayList<>(tags);
        this.options = options;
        this.rows = new ArrayList<>(rows);
    }

    /**
     * Adds a new report to the run, numbered after those already there.
     *
     * @param kind {@code multiArchBuild}, {@code buildxBuild} or {@code freestyle}
     */
    static MultiArchReportAction attach(Run<?, ?> run, String kind, String image, List<String> tags, BuildOptions options,
            List<String> platforms) {
        List<Row> rows = new ArrayList<>();
        for (String platform : platforms) {
            PlannedPlatform planned = options == null ? null : options.planned(platform);
            rows.add(Row.planned(platform, planned == null ? null : planned.getLabel(), planned == null ? null : planned.getMode()));
        }
        synchronized (run) {
            int index = run.getActions(MultiArchReportAction.class).size() + 1;
            MultiArchReportAction action = new MultiArchReportAction(index, kind, image, tags, options, rows);
            run.addAction(action);
            return action;
        }
    }

    /** The report with this URL name, or null. */
    static MultiArchReportAction find(Run<?, ?> run, String urlName) {
        for (MultiArchReportAction action : run.getActions(MultiArchReportAction.class)) {
            if (action.getUrlName().equals(urlName)) {
                return action;
            }
        }
        return null;
    }

    synchronized void started(String platform, String node) {
        replace(platform, row -> row.withRunning(node));
    }

    /** Records a platform's result (a {@code ResultMaps} map) as built on {@code node}, with its archived log. */
    synchronized void finished(Map<String, ?> result, String node, String logArtifact) {
        String platform = String.valueOf(result.get("platform"));
        replace(platform, row -> row.withResult(result, node, logArtifact));
    }

    /** Marks a platform failed without a build result (its agent could not be had). */
    synchronized void failed(String platform, String error) {
        replace(platform, row -> row.isDone() ? row : row.withError("failed", error));
    }

    /** Marks every platform that has no result yet as not started, with the reason. */
    synchronized void markMissing(String error) {
        ArrayList<Row> copy = new ArrayList<>();
        for (Row row : rows) {
            copy.add(row.isDone() ? row : row.withError("not_started", error));
        }
        rows = copy;
    }

    /** Records the end: the list (when published), the failure (when any), where the report was archived. */
    synchronized void completed(String digest, String type, List<String> pushed, String why, String report) {
        this.listDigest = digest;
        this.mediaType = type;
        this.publishedTags = new ArrayList<>(pushed);
        this.failure = why;
        this.reportPath = report;
        boolean allSucceeded = rows.stream().allMatch(r -> "succeeded".equals(r.status));
        this.status = allSucceeded && why == null ? "succeeded" : digest != null ? "partial" : "failed";
    }

    /** Every row as a {@code ResultMaps} map (log paths left out), for the report written on an agent. */
    synchronized List<LinkedHashMap<String, Object>> resultMaps() {
        List<LinkedHashMap<String, Object>> maps = new ArrayList<>();
        rows.forEach(r -> maps.add(r.toResultMap()));
        return maps;
    }

    private interface RowChange {
        Row apply(Row row);
    }

    private void replace(String platform, RowChange change) {
        ArrayList<Row> copy = new ArrayList<>();
        boolean found = false;
        for (Row row : rows) {
            if (row.platform.equals(platform)) {
                copy.add(change.apply(row));
                found = true;
            } else {
                copy.add(row);
            }
        }
        if (!found) {
            copy.add(change.apply(Row.planned(platform, null, null)));
        }
        rows = copy;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public String getIconFileName() {
        return "symbol-cube";
    }

    @Override
    public String getDisplayName() {
        return index == 1 ? "Multi-arch image" : "Multi-arch image " + index;
    }

    @Override
    public String getUrlName() {
        return index == 1 ? "multiarch" : "multiarch-" + index;
    }

    /** Where this report's files go among the run's artifacts: {@code multiarch/1}. */
    public String getArtifactBase() {
        return "multiarch/" + index;
    }

    public int getIndex() {
        return index;
    }

    public String getKind() {
        return kind;
    }

    public String getImage() {
        return image;
    }

    public List<String> getTags() {
        return new ArrayList<>(tags);
    }

    BuildOptions getOptions() {
        return options;
    }

    public List<Row> getRows() {
        return new ArrayList<>(rows);
    }

    /** {@code running}, {@code succeeded}, {@code partial} (list published without some platforms) or {@code failed}. */
    public String getStatus() {
        return status;
    }

    public String getListDigest() {
        return listDigest;
    }

    public String getMediaType() {
        return mediaType;
    }

    public List<String> getPublishedTags() {
        return new ArrayList<>(publishedTags);
    }

    public String getFailure() {
        return failure;
    }

    public String getReportPath() {
        return reportPath;
    }

    /** One line for the build page. */
    public String getSummary() {
        long ok = rows.stream().filter(r -> "succeeded".equals(r.status)).count();
        long emulated = rows.stream().filter(r -> "emulated".equals(r.mode)).count();
        String counts = ok + " of " + rows.size() + " platforms built" + (emulated > 0 ? " (" + emulated + " emulated)" : "");
        if ("succeeded".equals(status)) {
            return counts + (listDigest == null ? "; no list (publish: false)" : "; list " + shortDigest(listDigest) + " published");
        }
        if ("partial".equals(status)) {
            return counts + "; list " + shortDigest(listDigest) + " published without the failed platforms";
        }
        if ("failed".equals(status)) {
            return counts + "; no list published";
        }
        return counts + " so far";
    }

    private static String shortDigest(String digest) {
        return digest == null ? "" : digest.length() > 19 ? digest.substring(0, 19) : digest;
    }

    /** The bars of the timeline: one per platform that started, placed between the first start and the last end. */
    public List<Bar> getTimeline() {
        List<Row> current = getRows();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Row row : current) {
            Long start = millis(row.start);
            Long end = millis(row.end);
            if (start != null) {
                first = Math.min(first, start);
                last = Math.max(last, end != null ? end : start);
            }
        }
        List<Bar> bars = new ArrayList<>();
        if (first == Long.MAX_VALUE) {
            return bars;
        }
        double span = Math.max(1, last - first);
        for (Row row : current) {
            Long start = millis(row.start);
            if (start == null) {
                continue;
            }
            Long end = millis(row.end);
            double x = (start - first) * 100.0 / span;
            double width = Math.max(0.5, ((end == null ? last : end) - start) * 100.0 / span);
            bars.add(new Bar(row.platform, Math.min(x, 99.5), Math.min(width, 100.0 - Math.min(x, 99.5)), row.status,
                    row.getDurationText(), row.mode));
        }
        return bars;
    }

    static Long millis(String instant) {
        if (instant == null) {
            return null;
        }
        try {
            return Instant.parse(instant).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** One bar of the timeline, positions in percent of the whole span. */
    public static final class Bar {
        private final String platform;
        private final double x;
        private final double width;
        private final String status;
        private final String duration;
        private final String mode;

        Bar(String platform, double x, double width, String status, String duration, String mode) {
            this.platform = platform;
            this.x = x;
            this.width = width;
            this.status = status;
            this.duration = duration;
            this.mode = mode;
        }

        public String getPlatform() {
            return platform;
        }

        /** Start, in percent: {@code 12.50}. */
        public String getX() {
            return String.format(Locale.ROOT, "%.2f", x);
        }

        public String getWidth() {
            return String.format(Locale.ROOT, "%.2f", width);
        }

        /** A fill colour for the status (an SVG attribute, so no inline style is needed). */
        public String getFill() {
            if ("succeeded".equals(status)) {
                return "emulated".equals(mode) ? "#66bb6a" : "#2e7d32";
            }
            if ("failed".equals(status)) {
                return "#c62828";
            }
            return "running".equals(status) ? "#1565c0" : "#9e9e9e";
        }

        public String getTitle() {
            return platform + " " + (mode == null ? "" : mode + " ") + status + " " + duration;
        }
    }

    /** One platform's row. Immutable: a change makes a new row. */
    public static final class Row implements Serializable {
        private static final long serialVersionUID = 1L;

        private String platform;
        private String label;
        private String plannedMode;
        private String node;
        private String mode;
        private String status;
        private String start;
        private String end;
        private long durationMillis;
        private int exitCode = -1;
        private String image;
        private String digest;
        private long size;
        private String log;
        private String error;

        private Row() {
        }

        static Row planned(String platform, String label, String plannedMode) {
            Row row = new Row();
            row.platform = platform;
            row.label = label;
            row.plannedMode = plannedMode;
            row.status = "planned";
            return row;
        }

        private Row copy() {
            Row row = new Row();
            row.platform = platform;
            row.label = label;
            row.plannedMode = plannedMode;
            row.node = node;
            row.mode = mode;
            row.status = status;
            row.start = start;
            row.end = end;
            row.durationMillis = durationMillis;
            row.exitCode = exitCode;
            row.image = image;
            row.digest = digest;
            row.size = size;
            row.log = log;
            row.error = error;
            return row;
        }

        Row withRunning(String onNode) {
            Row row = copy();
            row.node = onNode;
            row.status = "running";
            row.start = Instant.now().toString();
            row.end = null;
            row.error = null;
            return row;
        }

        Row withResult(Map<String, ?> result, String onNode, String logArtifact) {
            Row row = copy();
            row.node = onNode;
            row.mode = text(result.get("mode"));
            row.status = text(result.get("status"));
            row.start = text(result.get("start"));
            row.end = text(result.get("end"));
            row.durationMillis = number(result.get("durationMillis"));
            row.exitCode = (int) (result.get("exitCode") == null ? -1 : number(result.get("exitCode")));
            row.image = text(result.get("image"));
            row.digest = text(result.get("digest"));
            row.size = number(result.get("size"));
            row.log = logArtifact;
            row.error = text(result.get("error"));
            return row;
        }

        Row withError(String newStatus, String why) {
            Row row = copy();
            row.status = newStatus;
            row.error = why;
            return row;
        }

        boolean isDone() {
            return "succeeded".equals(status) || "failed".equals(status) || "cancelled".equals(status);
        }

        /** The row in the shape of {@code ResultMaps.toMap}, agent = the Jenkins node, log left out. */
        LinkedHashMap<String, Object> toResultMap() {
            LinkedHashMap<String, Object> map = new LinkedHashMap<>();
            map.put("platform", platform);
            map.put("agent", node == null ? "-" : node);
            map.put("mode", mode);
            map.put("start", start);
            map.put("end", end);
            map.put("durationMillis", durationMillis);
            map.put("status", isDone() ? status : "not_started");
            map.put("exitCode", exitCode);
            map.put("image", image);
            map.put("digest", digest);
            map.put("size", size);
            map.put("log", null);
            map.put("error", error);
            return map;
        }

        private static String text(Object value) {
            return value == null ? null : value.toString();
        }

        private static long number(Object value) {
            if (value instanceof Number) {
                return ((Number) value).longValue();
            }
            try {
                return value == null ? 0 : Long.parseLong(value.toString());
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        public String getPlatform() {
            return platform;
        }

        public String getLabel() {
            return label;
        }

        public String getPlannedMode() {
            return plannedMode;
        }

        public String getNode() {
            return node;
        }

        /** The mode the engine found on the agent ({@code native}/{@code emulated}), or null before it ran. */
        public String getMode() {
            return mode;
        }

        /** The actual mode, or the planned one in brackets while it has not run; flags a native plan built emulated. */
        public String getModeText() {
            if (mode == null) {
                return plannedMode == null ? "" : "(" + plannedMode + ")";
            }
            if ("native".equals(plannedMode) && "emulated".equals(mode)) {
                return "emulated (planned native: the agent is another architecture)";
            }
            return mode;
        }

        public String getStatus() {
            return status;
        }

        public String getStart() {
            return start;
        }

        public String getEnd() {
            return end;
        }

        public long getDurationMillis() {
            return durationMillis;
        }

        public String getDurationText() {
            return durationMillis <= 0 ? "" : String.format(Locale.ROOT, "%.1f s", durationMillis / 1000.0);
        }

        public int getExitCode() {
            return exitCode;
        }

        public String getImage() {
            return image;
        }

        public String getDigest() {
            return digest;
        }

        public long getSize() {
            return size;
        }

        public String getSizeText() {
            if (size <= 0) {
                return "";
            }
            if (size < 1024 * 1024) {
                return String.format(Locale.ROOT, "%.1f KiB", size / 1024.0);
            }
            return String.format(Locale.ROOT, "%.1f MiB", size / (1024.0 * 1024.0));
        }

        /** The archived log (artifact path), or null. */
        public String getLog() {
            return log;
        }

        public String getError() {
            return error;
        }
    }
}
