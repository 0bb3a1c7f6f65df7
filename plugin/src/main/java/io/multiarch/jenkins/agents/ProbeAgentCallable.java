package io.multiarch.jenkins.agents;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jenkins.security.MasterToSlaveCallable;

/**
 * Runs the engine's doctor probe on the agent ({@link AgentPlatformsProbe}, with {@code docker} from the agent
 * process's own environment) and returns the plain result. Sent with {@code VirtualChannel.call} from
 * {@link AgentPlatformsListener}, off the agent's launch thread.
 */
final class ProbeAgentCallable extends MasterToSlaveCallable<AgentPlatforms, IOException> {
    private static final long serialVersionUID = 1L;

    private final String node;
    private final ArrayList<String> platforms;
    private final String probeDir;
    private final long probedAt;

    ProbeAgentCallable(String node, List<String> platforms, String probeDir, long probedAt) {
        this.node = node;
        this.platforms = new ArrayList<>(platforms);
        this.probeDir = probeDir;
        this.probedAt = probedAt;
    }

    @Override
    public AgentPlatforms call() throws IOException {
        return AgentPlatformsProbe.probe(node, platforms, probeDir, probedAt, System.getenv());
    }
}
