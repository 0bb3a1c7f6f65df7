package io.multiarch.core.build;

import io.multiarch.core.platform.Platform;
import java.util.List;
import java.util.Map;

/**
 * What an agent can do, as probed.
 *
 * @param engineVersion the Docker engine's version, or null when it did not answer
 * @param nativePlatform the engine's own platform, or null when unknown
 * @param buildx whether {@code docker buildx} is available to the client
 * @param builderDriver the current buildx builder's driver ({@code docker}, {@code docker-container} ...), or null
 * @param builderPlatforms the platforms the builder lists (not proof that they work)
 * @param multiPlatformBuild whether one invocation can build several platforms and push them by digest
 *        (what multiarch's one-invocation path needs)
 * @param emulation the result of a real probe run per platform that was probed
 * @param problem why the agent is unusable, or null
 * @param containerdStore whether the engine keeps images in the containerd image store (its {@code docker}
 *        driver can then build several platforms at once, but not push them by digest)
 */
public record AgentCapabilities(Agent agent, String engineVersion, Platform nativePlatform, boolean buildx, String builderDriver,
        List<Platform> builderPlatforms, boolean multiPlatformBuild, Map<Platform, ProbeResult> emulation, String problem,
        boolean containerdStore) {
    public AgentCapabilities {
        builderPlatforms = builderPlatforms == null ? List.of() : List.copyOf(builderPlatforms);
        emulation = emulation == null ? Map.of() : Map.copyOf(emulation);
    }

    /** Capabilities of an engine with the classic image store (or whose store is not known). */
    public AgentCapabilities(Agent agent, String engineVersion, Platform nativePlatform, boolean buildx, String builderDriver,
            List<Platform> builderPlatforms, boolean multiPlatformBuild, Map<Platform, ProbeResult> emulation, String problem) {
        this(agent, engineVersion, nativePlatform, buildx, builderDriver, builderPlatforms, multiPlatformBuild, emulation,
                problem, false);
    }

    public boolean usable() {
        return problem == null;
    }

    public boolean isNative(Platform platform) {
        return nativePlatform != null && platform.isSatisfiedBy(nativePlatform)
                && nativePlatform.isSatisfiedBy(platform);
    }

    public boolean canEmulate(Platform platform) {
        ProbeResult result = emulation.get(platform);
        return result != null && result.works();
    }

    public AgentCapabilities withEmulation(Map<Platform, ProbeResult> probes) {
        Map<Platform, ProbeResult> merged = new java.util.LinkedHashMap<>(emulation);
        merged.putAll(probes);
        return new AgentCapabilities(agent, engineVersion, nativePlatform, buildx, builderDriver, builderPlatforms,
                multiPlatformBuild, merged, problem, containerdStore);
    }

    /** One line for error messages: what this agent can and cannot do. */
    public String summary() {
        if (!usable()) {
            return agent + ": unusable (" + problem + ")";
        }
        StringBuilder sb = new StringBuilder(agent + ": native " + nativePlatform + ", engine " + engineVersion
                + (buildx ? ", buildx (" + builderDriver + ")" : ", no buildx"));
        emulation.forEach((p, r) -> sb.append(", ").append(p).append(r.works() ? " emulated OK" : " emulation FAILS: " + r.detail()));
        return sb.toString();
    }

    /** The outcome of running a real binary of a platform under emulation. */
    public record ProbeResult(boolean works, String detail) {
    }
}
