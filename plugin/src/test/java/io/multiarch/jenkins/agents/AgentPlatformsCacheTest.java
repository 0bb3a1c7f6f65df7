package io.multiarch.jenkins.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The controller's memory of the probes. */
class AgentPlatformsCacheTest {
    private final AgentPlatformsCache cache = new AgentPlatformsCache();

    @Test
    void keepsTheLastResultPerNode() {
        AgentPlatforms first = AgentPlatforms.failed("box", 1L, "Cannot run 'docker'", null);
        AgentPlatforms second = AgentLabelsTest.s390xWithQemu("box");

        assertNull(cache.put(first));
        assertSame(first, cache.put(second));
        assertSame(second, cache.get("box"));
        assertNull(cache.get("other"));
        assertNull(cache.get(null));
    }

    @Test
    void anOfflineAgentKeepsItsResultAndLabels() {
        cache.put(AgentLabelsTest.s390xWithQemu("box"));
        cache.markOffline("box");
        cache.markOffline("never-probed");

        assertTrue(cache.get("box").isOffline());
        assertEquals(List.of("multiarch-native-s390x", "multiarch-emulated-arm64", "multiarch-emulated-arm-v7"),
                AgentLabels.names(cache.get("box")));
        assertNull(cache.get("never-probed"));
    }

    @Test
    void removedNodesAreForgotten() {
        cache.put(AgentLabelsTest.s390xWithQemu("a"));
        cache.put(AgentLabelsTest.s390xWithQemu("b"));
        cache.retainOnly(List.of("b", "c"));

        assertEquals(List.of("b"), List.copyOf(cache.snapshot().keySet()));
    }

    @Test
    void oneProbePerNodeAtATime() {
        assertTrue(cache.startProbe("box"));
        assertFalse(cache.startProbe("box"));
        assertTrue(cache.isProbing("box"));
        cache.endProbe("box");
        assertFalse(cache.isProbing("box"));
        assertTrue(cache.startProbe("box"));
    }
}
