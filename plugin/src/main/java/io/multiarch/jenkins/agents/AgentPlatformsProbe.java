package io.multiarch.jenkins.agents;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.build.Agent;
import io.multiarch.core.build.AgentCapabilities;
import io.multiarch.core.build.AgentProbe;
import io.multiarch.core.doctor.BinfmtRegistrar;
import io.multiarch.core.doctor.Check;
import io.multiarch.core.doctor.Doctor;
import io.multiarch.core.doctor.ProbeBinaries;
import io.multiarch.core.exec.CommandRunner;
import io.multiarch.core.exec.ProcessCommandRunner;
import io.multiarch.core.platform.Platform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the engine's doctor against this machine's Docker engine and turns it into an {@link AgentPlatforms}. Runs
 * on the agent (called by {@code ProbeAgentCallable}); no Jenkins types, so it is compiled and tested without
 * Jenkins. The same probe as {@code multiarch doctor}: engine, architecture, buildx and builder, and per platform
 * native or a real probe build of a static busybox under emulation.
 */
public final class AgentPlatformsProbe {
    /** The platforms probed unless the controller's system property says otherwise. */
    public static final List<String> DEFAULT_PLATFORMS = List.of("linux/amd64", "linux/arm64", "linux/s390x", "linux/ppc64le",
            "linux/arm/v7");

    /** Where the probe binaries are unless the controller's system property says otherwise. */
    public static final String DEFAULT_PROBE_DIR = AgentProbe.DEFAULT_PROBE_DIR.toString();

    private AgentPlatformsProbe() {
    }

    /**
     * A comma-separated platform list in normal form ({@code aarch64, armhf} gives {@code linux/arm64, linux/arm/v7}).
     *
     * @throws MultiarchException (invalid input) naming the bad entry
     */
    public static List<String> platformList(String text) {
        List<String> list = new ArrayList<>();
        for (Platform p : Platform.parseList(text)) {
            list.add(p.toString());
        }
        return List.copyOf(list);
    }

    /**
     * Probes this machine's engine with {@code docker} from the given environment ({@code System.getenv()} on the
     * agent: its {@code PATH}, {@code DOCKER_HOST}, {@code DOCKER_CONFIG}, {@code HOME}).
     */
    public static AgentPlatforms probe(String node, List<String> platforms, String probeDir, long probedAt, Map<String, String> env) {
        return probe(node, platforms, probeDir, probedAt, env, new ProcessCommandRunner(env));
    }

    /** As {@link #probe(String, List, String, long, Map)}, with the given command runner. */
    static AgentPlatforms probe(String node, List<String> platforms, String probeDir, long probedAt, Map<String, String> env,
            CommandRunner runner) {
        try {
            List<Platform> list = new ArrayList<>();
            for (String p : platforms) {
                list.add(Platform.parse(p));
            }
            Path dir = Path.of(probeDir == null || probeDir.isBlank() ? DEFAULT_PROBE_DIR : probeDir);
            AgentProbe probe = new AgentProbe(runner, dir).inBuildsOnly();
            Doctor doctor = new Doctor(runner, probe, BinfmtRegistrar.forThisHost(runner), new ProbeBinaries(dir, runner), env);
            Agent agent = Agent.local();
            List<Check> checks = doctor.run(Doctor.Request.of(List.of(agent), list, false), line -> { });
            // the probe caches per agent what the doctor found, emulation results included: no second probe run
            AgentCapabilities caps = probe.capabilities(agent);
            return AgentPlatforms.from(node, probedAt, caps, list, checks);
        } catch (MultiarchException e) {
            return AgentPlatforms.failed(node, probedAt, e.getMessage(), fixFor(e.getMessage()));
        }
    }

    private static String fixFor(String message) {
        if (message != null && message.contains("Cannot run 'docker'")) {
            return "install the Docker engine and docker-buildx on this agent, and make sure 'docker' is on the PATH of the "
                    + "agent's Java process (docs/admin-agents.md)";
        }
        return "run 'multiarch doctor' on the agent's machine as the agent's user";
    }
}
