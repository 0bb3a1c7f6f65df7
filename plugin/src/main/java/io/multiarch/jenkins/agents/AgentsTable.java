package io.multiarch.jenkins.agents;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the agents page shows: one row per agent (name, online, Docker engine, native platform, buildx and driver,
 * a cell per probed platform, when it was probed, and the labels the probe gives), texts ready for the view.
 * No Jenkins types: the page's link class gathers the agents, this class only formats them.
 */
public final class AgentsTable {
    private static final String SUCCESS = "jenkins-!-success-color";
    private static final String ERROR = "jenkins-!-error-color";
    private static final String NONE = "";

    /** One agent as the controller sees it now. */
    public static final class Agent {
        final String node;
        final String url;
        final boolean online;
        final boolean probing;
        final AgentPlatforms last;

        /**
         * @param node the node name
         * @param url its computer page relative to the Jenkins root ({@code computer/NAME/}, URL-encoded), or null
         * @param online whether its computer is online now
         * @param probing whether a probe of it is running
         * @param last its last probe result, or null
         */
        public Agent(String node, String url, boolean online, boolean probing, AgentPlatforms last) {
            this.node = node;
            this.url = url;
            this.online = online;
            this.probing = probing;
            this.last = last;
        }
    }

    private final List<String> platforms;
    private final List<Row> rows;
    private final boolean automaticLabels;

    private AgentsTable(List<String> platforms, List<Row> rows, boolean automaticLabels) {
        this.platforms = List.copyOf(platforms);
        this.rows = List.copyOf(rows);
        this.automaticLabels = automaticLabels;
    }

    /**
     * @param platforms the platform columns (the probed list)
     * @param agents the agents, in any order (rows are sorted by name)
     * @param automaticLabels whether the labels are really given (else the page shows what they would be)
     */
    public static AgentsTable of(List<String> platforms, List<Agent> agents, boolean automaticLabels) {
        List<Agent> sorted = new ArrayList<>(agents);
        sorted.sort(Comparator.comparing(a -> a.node));
        List<Row> rows = new ArrayList<>();
        for (Agent agent : sorted) {
            rows.add(new Row(agent, platforms));
        }
        return new AgentsTable(platforms, rows, automaticLabels);
    }

    /** The platform columns. */
    public List<String> getPlatforms() {
        return platforms;
    }

    public List<Row> getRows() {
        return rows;
    }

    public boolean isAutomaticLabels() {
        return automaticLabels;
    }

    /** One agent. */
    public static final class Row {
        private final String node;
        private final String url;
        private final boolean online;
        private final String probed;
        private final String engine;
        private final String nativePlatform;
        private final String buildx;
        private final String buildxTitle;
        private final String problem;
        private final String fix;
        private final List<Cell> cells;
        private final List<String> labels;

        Row(Agent agent, List<String> platforms) {
            AgentPlatforms last = agent.last;
            this.node = agent.node;
            this.url = agent.url;
            this.online = agent.online;
            this.probed = agent.probing ? "probing now" + (last == null ? "" : " (last: " + time(last.getProbedAt()) + ")")
                    : last == null ? "not probed yet" : time(last.getProbedAt());
            this.labels = AgentLabels.names(last);
            List<Cell> cells = new ArrayList<>();
            if (last == null) {
                engine = "";
                nativePlatform = "";
                buildx = "";
                buildxTitle = "";
                problem = null;
                fix = null;
                platforms.forEach(p -> cells.add(new Cell("", "not probed yet", NONE)));
            } else if (!last.isUsable()) {
                engine = "unusable";
                nativePlatform = "";
                buildx = "";
                buildxTitle = "";
                problem = last.getProblem();
                fix = last.getFix();
                platforms.forEach(p -> cells.add(new Cell("", "the engine could not be used", NONE)));
            } else {
                engine = last.getEngineVersion() == null ? "" : last.getEngineVersion();
                nativePlatform = last.getNativePlatform() == null ? "unknown" : last.getNativePlatform();
                buildx = last.isBuildx()
                        ? "buildx, driver " + (last.getBuilderDriver() == null ? "unknown" : last.getBuilderDriver())
                                + (last.isMultiPlatformBuild() ? " (several platforms per build)" : " (one platform per build)")
                        : "no buildx";
                buildxTitle = last.getBuildxDetail() == null ? "" : last.getBuildxDetail();
                problem = null;
                fix = null;
                for (String platform : platforms) {
                    cells.add(cell(last.platform(platform)));
                }
            }
            this.cells = List.copyOf(cells);
        }

        private static Cell cell(AgentPlatforms.PlatformProbe probe) {
            if (probe == null) {
                return new Cell("", "not in the probed list when this agent was probed: re-probe", NONE);
            }
            String detail = probe.getDetail() == null ? "" : probe.getDetail();
            switch (probe.getState()) {
                case NATIVE:
                    return new Cell("native", "the engine's own platform", SUCCESS);
                case EMULATED:
                    return new Cell("emulated OK", detail, SUCCESS);
                default:
                    return new Cell("broken", detail + (probe.getFix() == null ? "" : " (fix: " + probe.getFix() + ")"), ERROR);
            }
        }

        private static String time(long epochMillis) {
            return Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS).toString();
        }

        public String getNode() {
            return node;
        }

        /** The computer page relative to the Jenkins root, or null. */
        public String getUrl() {
            return url;
        }

        public boolean isOnline() {
            return online;
        }

        public String getStatus() {
            return online ? "online" : "offline";
        }

        public String getStatusClass() {
            return online ? SUCCESS : NONE;
        }

        /** When it was probed (ISO-8601, UTC), "probing now" or "not probed yet". */
        public String getProbed() {
            return probed;
        }

        /** The Docker engine's version, "unusable", or empty before the first probe. */
        public String getEngine() {
            return engine;
        }

        public String getNativePlatform() {
            return nativePlatform;
        }

        public String getBuildx() {
            return buildx;
        }

        /** The doctor's buildx line, for the cell's title. */
        public String getBuildxTitle() {
            return buildxTitle;
        }

        /** Why the engine could not be used, or null. */
        public String getProblem() {
            return problem;
        }

        public String getFix() {
            return fix;
        }

        /** One cell per platform column. */
        public List<Cell> getCells() {
            return cells;
        }

        /** The labels the last probe gives (only applied while automatic labels are on). */
        public List<String> getLabels() {
            return labels;
        }
    }

    /** One platform of one agent. */
    public static final class Cell {
        private final String text;
        private final String title;
        private final String cssClass;

        Cell(String text, String title, String cssClass) {
            this.text = text;
            this.title = title;
            this.cssClass = cssClass;
        }

        /** {@code native}, {@code emulated OK}, {@code broken}, or empty. */
        public String getText() {
            return text;
        }

        /** The probe's detail (and the fix), for the cell's title attribute. */
        public String getTitle() {
            return title;
        }

        public String getCssClass() {
            return cssClass;
        }
    }
}
