package io.multiarch.jenkins.agents;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The last probe result per node name, and which nodes are being probed right now. Kept in memory only: after a
 * controller restart every agent is probed again when it reconnects. Thread-safe; no Jenkins types. One instance
 * per Jenkins, held by {@link AgentPlatformsListener}.
 */
public final class AgentPlatformsCache {
    private final ConcurrentMap<String, AgentPlatforms> results = new ConcurrentHashMap<>();
    private final Set<String> probing = ConcurrentHashMap.newKeySet();

    /** The last result of a node, or null when it was never probed (since the controller started). */
    public AgentPlatforms get(String node) {
        return node == null ? null : results.get(node);
    }

    /**
     * Stores a result under its node name.
     *
     * @return the result it replaced, or null
     */
    public AgentPlatforms put(AgentPlatforms result) {
        return results.put(result.getNode(), result);
    }

    /** Keeps the node's last result (and its labels) but marks it as coming from an agent that is now offline. */
    public void markOffline(String node) {
        if (node != null) {
            results.computeIfPresent(node, (name, result) -> result.offline());
        }
    }

    /** Forgets the nodes that no longer exist. */
    public void retainOnly(Collection<String> nodes) {
        results.keySet().retainAll(Set.copyOf(nodes));
    }

    /** Every result, by node name (sorted). */
    public Map<String, AgentPlatforms> snapshot() {
        return new TreeMap<>(results);
    }

    /**
     * Marks a node as being probed.
     *
     * @return false when a probe of it is already running (then do not start another)
     */
    public boolean startProbe(String node) {
        return probing.add(node);
    }

    public void endProbe(String node) {
        probing.remove(node);
    }

    public boolean isProbing(String node) {
        return probing.contains(node);
    }
}
