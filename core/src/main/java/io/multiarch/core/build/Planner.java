package io.multiarch.core.build;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Chooses an agent for every platform: the agent it is pinned to, else an agent that builds it
 * natively, else the emulation agent (after a real probe proves emulation works there). When a
 * platform has no candidate, planning fails before anything is built, listing what each agent can
 * do and how to fix it.
 */
public final class Planner {
    private final AgentProbe probe;

    public Planner(AgentProbe probe) {
        this.probe = probe;
    }

    /**
     * @param pinned platforms that must build on a given agent
     * @param agents every other agent that may build natively (the emulation agent included)
     * @param emulationAgent the agent for platforms no agent builds natively, or null for none
     * @param archImage the per-architecture image name of each platform
     */
    public BuildPlan plan(List<Platform> platforms, Map<Platform, Agent> pinned, List<Agent> agents, Agent emulationAgent,
            Function<Platform, ImageRef> archImage) {
        Map<String, AgentCapabilities> caps = new LinkedHashMap<>();
        List<Agent> all = new ArrayList<>(agents);
        all.addAll(pinned.values());
        if (emulationAgent != null) {
            all.add(emulationAgent);
        }
        all.stream().distinct().forEach(a -> caps.computeIfAbsent(a.name(), n -> probe.capabilities(a)));

        // 1. an agent per platform: pinned, else native, else the emulation agent
        Map<Platform, Agent> chosen = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Platform platform : platforms) {
            Agent agent = pinned.get(platform);
            if (agent == null) {
                agent = all.stream().filter(a -> caps.get(a.name()).usable() && caps.get(a.name()).isNative(platform))
                        .findFirst().orElse(emulationAgent);
            }
            if (agent == null) {
                problems.add(platform + " (no agent is native for it and no emulation agent is set)");
            } else if (!caps.get(agent.name()).usable()) {
                problems.add(platform + " (" + agent + " is unusable)");
            } else {
                chosen.put(platform, agent);
            }
        }
        // 2. prove emulation where it is needed, all platforms of an agent in one parallel probe
        Map<Agent, List<Platform>> toProbe = new LinkedHashMap<>();
        chosen.forEach((platform, agent) -> {
            if (!caps.get(agent.name()).isNative(platform)) {
                toProbe.computeIfAbsent(agent, a -> new ArrayList<>()).add(platform);
            }
        });
        toProbe.forEach((agent, list) -> caps.put(agent.name(), probe.probeEmulation(caps.get(agent.name()), list)));
        // 3. the steps
        List<BuildPlan.Step> steps = new ArrayList<>();
        chosen.forEach((platform, agent) -> {
            AgentCapabilities c = caps.get(agent.name());
            if (c.isNative(platform)) {
                steps.add(new BuildPlan.Step(platform, c, BuildMode.NATIVE, archImage.apply(platform)));
            } else if (c.canEmulate(platform)) {
                steps.add(new BuildPlan.Step(platform, c, BuildMode.EMULATED, archImage.apply(platform)));
            } else {
                problems.add(platform + " (on " + agent + ": " + c.emulation().get(platform).detail() + ")");
            }
        });
        if (!problems.isEmpty()) {
            StringBuilder message = new StringBuilder("No agent can build ")
                    .append(String.join(", ", problems)).append("; nothing was built. Agents:");
            caps.values().forEach(c -> message.append("\n  - ").append(c.summary()));
            message.append("\nFix: add an agent that runs that platform natively (--endpoint PLATFORM=DOCKER_HOST), "
                    + "or register qemu on the emulation agent with 'multiarch setup-qemu' and check it with 'multiarch doctor'.");
            throw MultiarchException.failed(message.toString());
        }
        List<BuildPlan.Step> ordered = new ArrayList<>();
        for (Platform platform : platforms) {
            steps.stream().filter(st -> st.platform().equals(platform)).findFirst().ifPresent(ordered::add);
        }
        return new BuildPlan(ordered, List.copyOf(caps.values()));
    }

}
