package io.multiarch.jenkins.agents;

import io.multiarch.core.build.AgentCapabilities;
import io.multiarch.core.build.AgentCapabilities.ProbeResult;
import io.multiarch.core.doctor.Check;
import io.multiarch.core.platform.Platform;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What one agent's Docker engine builds, as the engine's doctor found it on that agent: engine version, native
 * platform, buildx and its driver, and per platform of the probed list native, emulated (a real binary of the
 * platform ran under qemu) or broken (with what was found and the fix). When the engine could not be used at all,
 * {@link #getProblem()} says why and there are no platforms.
 *
 * <p>Built on the agent and sent back over remoting, then cached on the controller: only strings, numbers and
 * plugin classes, so nothing here needs the JEP-200 allow-list. Immutable; {@link #offline()} returns a copy.
 */
public final class AgentPlatforms implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What a platform does on this agent. */
    public enum State {
        /** The engine's own platform: builds at full speed. */
        NATIVE,
        /** Not native, but a static binary of the platform really ran under emulation. */
        EMULATED,
        /** Not native, and emulation was not proved (no handler, wrong flags, no probe binary ...). */
        BROKEN
    }

    /** One platform of the probed list. */
    public static final class PlatformProbe implements Serializable {
        private static final long serialVersionUID = 1L;

        private final String platform;
        private final State state;
        private final String detail;
        private final String fix;

        PlatformProbe(String platform, State state, String detail, String fix) {
            this.platform = Objects.requireNonNull(platform, "platform");
            this.state = Objects.requireNonNull(state, "state");
            this.detail = detail;
            this.fix = fix;
        }

        /** In normal form, e.g. {@code linux/arm/v7}. */
        public String getPlatform() {
            return platform;
        }

        public State getState() {
            return state;
        }

        /** What the probe found ({@code runs linux/s390x binaries (uname -m: s390x)}, or why it failed). */
        public String getDetail() {
            return detail;
        }

        /** What to do on the agent when {@link #getState()} is {@link State#BROKEN}; else null. */
        public String getFix() {
            return fix;
        }

        @Override
        public String toString() {
            return platform + " " + state + (detail == null ? "" : ": " + detail);
        }
    }

    private final String node;
    private final long probedAt;
    private final String engineVersion;
    private final String nativePlatform;
    private final boolean buildx;
    private final String builderDriver;
    private final boolean multiPlatformBuild;
    private final String buildxDetail;
    private final String problem;
    private final String fix;
    private final ArrayList<PlatformProbe> platforms;
    private final boolean offline;

    private AgentPlatforms(String node, long probedAt, String engineVersion, String nativePlatform, boolean buildx,
            String builderDriver, boolean multiPlatformBuild, String buildxDetail, String problem, String fix,
            List<PlatformProbe> platforms, boolean offline) {
        this.node = Objects.requireNonNull(node, "node");
        this.probedAt = probedAt;
        this.engineVersion = engineVersion;
        this.nativePlatform = nativePlatform;
        this.buildx = buildx;
        this.builderDriver = builderDriver;
        this.multiPlatformBuild = multiPlatformBuild;
        this.buildxDetail = buildxDetail;
        this.problem = problem;
        this.fix = fix;
        this.platforms = new ArrayList<>(platforms);
        this.offline = offline;
    }

    /**
     * The result of the doctor on one engine: structured facts from the probed capabilities, and the doctor's
     * detail and fix texts for what is broken.
     *
     * @param node the Jenkins node name
     * @param probedAt when the probe was asked for (epoch milliseconds, the controller's clock)
     * @param caps the capabilities the probe found, with the emulation results of {@code platforms}
     * @param platforms the platforms that were probed, in column order
     * @param checks the doctor's checks of that engine (matched by agent name and check name); may be empty
     */
    public static AgentPlatforms from(String node, long probedAt, AgentCapabilities caps, List<Platform> platforms,
            List<Check> checks) {
        String agent = caps.agent().name();
        if (!caps.usable()) {
            Check engine = check(checks, agent, "engine");
            return failed(node, probedAt, caps.problem(), engine == null ? null : engine.fix());
        }
        List<PlatformProbe> probes = new ArrayList<>();
        for (Platform p : platforms) {
            Check check = check(checks, agent, "platform " + p);
            if (caps.isNative(p)) {
                probes.add(new PlatformProbe(p.toString(), State.NATIVE, "native", null));
                continue;
            }
            ProbeResult result = caps.emulation().get(p);
            if (result != null && result.works()) {
                probes.add(new PlatformProbe(p.toString(), State.EMULATED, result.detail(), null));
            } else if (check != null && !check.ok()) {
                probes.add(new PlatformProbe(p.toString(), State.BROKEN, check.detail(), check.fix()));
            } else {
                probes.add(new PlatformProbe(p.toString(), State.BROKEN,
                        result == null ? "not probed" : "emulation broken: " + result.detail(),
                        "run 'multiarch setup-qemu --platforms " + p + " --fetch-probes' as root on the agent, then re-probe"));
            }
        }
        Check buildxCheck = check(checks, agent, "buildx");
        String buildxText = buildxCheck == null ? null
                : buildxCheck.ok() ? buildxCheck.detail() : buildxCheck.detail() + " (fix: " + buildxCheck.fix() + ")";
        return new AgentPlatforms(node, probedAt, caps.engineVersion(),
                caps.nativePlatform() == null ? null : caps.nativePlatform().toString(), caps.buildx(), caps.builderDriver(),
                caps.multiPlatformBuild(), buildxText, null, null, probes, false);
    }

    /** A probe that could not use the agent's engine (no docker, no permission, the probe itself failed). */
    public static AgentPlatforms failed(String node, long probedAt, String problem, String fix) {
        return new AgentPlatforms(node, probedAt, null, null, false, null, false, null,
                problem == null || problem.isBlank() ? "the probe failed without a message" : problem,
                fix == null || fix.isBlank() ? "check the agent's Docker engine with 'multiarch doctor' on that machine" : fix,
                List.of(), false);
    }

    private static Check check(List<Check> checks, String agent, String name) {
        for (Check c : checks) {
            if (c.agent().equals(agent) && c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** The same result, marked as coming from an agent that has since gone offline. */
    public AgentPlatforms offline() {
        return offline ? this : new AgentPlatforms(node, probedAt, engineVersion, nativePlatform, buildx, builderDriver,
                multiPlatformBuild, buildxDetail, problem, fix, platforms, true);
    }

    public String getNode() {
        return node;
    }

    /** When the probe was asked for, in epoch milliseconds (the controller's clock). */
    public long getProbedAt() {
        return probedAt;
    }

    /** The Docker engine's version, or null when it did not answer. */
    public String getEngineVersion() {
        return engineVersion;
    }

    /** The engine's own platform ({@code linux/s390x}), or null when unknown or unusable. */
    public String getNativePlatform() {
        return nativePlatform;
    }

    public boolean isBuildx() {
        return buildx;
    }

    /** The buildx builder's driver ({@code docker}, {@code docker-container} ...), or null. */
    public String getBuilderDriver() {
        return builderDriver;
    }

    /** Whether one build invocation can produce several platforms (else multiarch runs one per platform). */
    public boolean isMultiPlatformBuild() {
        return multiPlatformBuild;
    }

    /** The doctor's buildx line (where the plugin is, or why it is missing and the fix), or null. */
    public String getBuildxDetail() {
        return buildxDetail;
    }

    /** Why the engine could not be used, or null when it could. */
    public String getProblem() {
        return problem;
    }

    /** What to do about {@link #getProblem()}, or null. */
    public String getFix() {
        return fix;
    }

    public boolean isUsable() {
        return problem == null;
    }

    /** The probed platforms in the order they were asked for; empty when the engine was unusable. */
    public List<PlatformProbe> getPlatforms() {
        return Collections.unmodifiableList(platforms);
    }

    /** The probe of one platform ({@code linux/arm/v7}), or null when it was not in the probed list. */
    public PlatformProbe platform(String platform) {
        for (PlatformProbe p : platforms) {
            if (p.getPlatform().equals(platform)) {
                return p;
            }
        }
        return null;
    }

    /** Whether the agent went offline after this probe (the result is kept and still labels the node). */
    public boolean isOffline() {
        return offline;
    }

    @Override
    public String toString() {
        return node + ": " + (isUsable() ? "native " + nativePlatform + ", engine " + engineVersion
                + (buildx ? ", buildx (" + builderDriver + ")" : ", no buildx") + ", " + platforms
                : "unusable (" + problem + ")");
    }
}
