package io.multiarch.jenkins.agents;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.Computer;
import hudson.model.Node;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import hudson.slaves.ComputerListener;
import hudson.slaves.OfflineCause;
import io.multiarch.core.MultiarchException;
import io.multiarch.jenkins.MultiArchGlobalConfiguration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.util.SystemProperties;

/**
 * Probes each agent when it comes online, in the background, and keeps the results ({@link #cache()}). The probe
 * is the engine's doctor, run on the agent through {@link ProbeAgentCallable}; it can take a minute or two (a real
 * probe build per emulated platform), so it runs on {@code Computer.threadPoolForRemoting} (as core's
 * {@code JnlpSlaveRestarterInstaller} does from its {@code onOnline}) and never on the launch thread. When the
 * global option {@code automaticLabels} is on and the labels changed, {@code Jenkins.updateNode(node)} makes
 * Jenkins recompute the node's labels (JENKINS-72224, as platformlabeler does). The built-in node is not probed.
 *
 * <p>The platforms probed and the probe binaries' directory are controller system properties:
 * {@code -Dio.multiarch.jenkins.agents.AgentPlatformsListener.platforms=linux/amd64,linux/arm64,...} and
 * {@code -Dio.multiarch.jenkins.agents.AgentPlatformsListener.probeDir=/var/lib/multiarch-lab/busybox}.
 */
@Extension
public class AgentPlatformsListener extends ComputerListener {
    static final String PLATFORMS_PROPERTY = AgentPlatformsListener.class.getName() + ".platforms";
    static final String PROBE_DIR_PROPERTY = AgentPlatformsListener.class.getName() + ".probeDir";

    private static final Logger LOGGER = Logger.getLogger(AgentPlatformsListener.class.getName());

    private final AgentPlatformsCache cache = new AgentPlatformsCache();

    public static AgentPlatformsListener get() {
        return ExtensionList.lookupSingleton(AgentPlatformsListener.class);
    }

    /** The last probe result per node. */
    public AgentPlatformsCache cache() {
        return cache;
    }

    @Override
    public void onOnline(Computer c, TaskListener listener) {
        if (probe(c)) {
            listener.getLogger().println("multiarch: probing this agent's Docker engine and emulated platforms in the "
                    + "background (Manage Jenkins > Multi-arch build agents)");
        }
    }

    @Override
    public void onOffline(Computer c, OfflineCause cause) {
        cache.markOffline(c.getName());
    }

    /** A node was added, changed or removed: forget removed nodes. */
    @Override
    public void onConfigurationChange() {
        List<String> names = new ArrayList<>();
        for (Node node : Jenkins.get().getNodes()) {
            names.add(node.getNodeName());
        }
        cache.retainOnly(names);
    }

    /** The platforms to probe, from the system property, else the default list. */
    static List<String> platforms() {
        String text = SystemProperties.getString(PLATFORMS_PROPERTY, null);
        if (text == null || text.isBlank()) {
            return AgentPlatformsProbe.DEFAULT_PLATFORMS;
        }
        try {
            return AgentPlatformsProbe.platformList(text);
        } catch (MultiarchException e) {
            LOGGER.log(Level.WARNING, "Ignoring -D{0}: {1}", new Object[] {PLATFORMS_PROPERTY, e.getMessage()});
            return AgentPlatformsProbe.DEFAULT_PLATFORMS;
        }
    }

    static String probeDir() {
        return SystemProperties.getString(PROBE_DIR_PROPERTY, AgentPlatformsProbe.DEFAULT_PROBE_DIR);
    }

    /**
     * Starts a background probe of an online agent.
     *
     * @return false for the built-in node, a computer without a channel, or an agent whose probe is still running
     */
    boolean probe(Computer c) {
        Node node = c.getNode();
        if (node == null || node instanceof Jenkins || c.getChannel() == null) {
            return false;
        }
        String name = node.getNodeName();
        if (!cache.startProbe(name)) {
            return false;
        }
        List<String> platforms = platforms();
        String probeDir = probeDir();
        try {
            Computer.threadPoolForRemoting.submit(() -> run(c, name, platforms, probeDir));
            return true;
        } catch (RejectedExecutionException e) {
            cache.endProbe(name);
            LOGGER.log(Level.WARNING, "Cannot schedule the multiarch probe of " + name, e);
            return false;
        }
    }

    /** Starts a background probe of every online agent; returns how many were started. */
    int probeAll() {
        int started = 0;
        for (Computer c : Jenkins.get().getComputers()) {
            if (probe(c)) {
                started++;
            }
        }
        return started;
    }

    private void run(Computer c, String name, List<String> platforms, String probeDir) {
        try {
            VirtualChannel channel = c.getChannel();
            if (channel == null) {
                return;
            }
            long now = System.currentTimeMillis();
            AgentPlatforms result;
            try {
                result = channel.call(new ProbeAgentCallable(name, platforms, probeDir, now));
            } catch (IOException | RuntimeException e) {
                LOGGER.log(Level.WARNING, "The multiarch probe of " + name + " failed", e);
                result = AgentPlatforms.failed(name, now, "the probe did not complete: " + e,
                        "see the controller log; check the agent's connection and press Re-probe");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            AgentPlatforms previous = cache.put(result);
            if (c.isOffline()) {
                cache.markOffline(name);
            }
            LOGGER.log(Level.FINE, "multiarch probe: {0}", result);
            if (automaticLabels() && !AgentLabels.names(previous).equals(AgentLabels.names(result))) {
                refreshLabels(name);
            }
        } finally {
            cache.endProbe(name);
        }
    }

    /** Whether the global option gives agents the probe's labels. */
    static boolean automaticLabels() {
        return MultiArchGlobalConfiguration.get().isAutomaticLabels();
    }

    /**
     * Makes Jenkins recompute a node's labels: {@code Jenkins.updateNode} resets every label the node now has
     * (and saves the node). A label the node no longer has keeps it in its cached node set until Jenkins' next
     * full label trim (every 5 minutes).
     */
    static void refreshLabels(String name) {
        Node node = Jenkins.get().getNode(name);
        if (node == null) {
            return;
        }
        try {
            Jenkins.get().updateNode(node);
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Cannot update the labels of " + name, e);
        }
    }

    /** Recomputes the labels of every probed node (after the global option changed). */
    void refreshAllLabels() {
        for (String name : cache.snapshot().keySet()) {
            refreshLabels(name);
        }
    }
}
