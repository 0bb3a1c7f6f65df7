package io.multiarch.jenkins.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.ExtensionList;
import hudson.model.Label;
import hudson.model.labels.LabelAtom;
import hudson.slaves.DumbSlave;
import hudson.slaves.JNLPLauncher;
import io.multiarch.jenkins.MultiArchGlobalConfiguration;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The automatic labels, from a cache entry put in by hand for an agent that never connects (so no real probe
 * replaces it): given only while the global option is on, and resolved by Jenkins' labels after updateNode.
 */
@WithJenkins
class MultiArchLabelFinderTest {
    @TempDir
    Path tmp;

    private static Set<String> names(Collection<LabelAtom> atoms) {
        return atoms.stream().map(LabelAtom::getName).collect(Collectors.toSet());
    }

    @Test
    void givesTheProbesLabelsOnlyWhileAutomaticLabelsIsOn(JenkinsRule r) throws Exception {
        DumbSlave agent = new DumbSlave("s390x-box", tmp.toString(), new JNLPLauncher());
        r.jenkins.addNode(agent);
        AgentPlatformsListener.get().cache().put(AgentLabelsTest.s390xWithQemu("s390x-box"));
        MultiArchLabelFinder finder = ExtensionList.lookupSingleton(MultiArchLabelFinder.class);

        MultiArchGlobalConfiguration.get().setAutomaticLabels(false);
        assertTrue(finder.findLabels(agent).isEmpty(), "nothing while automatic labels are off");
        assertFalse(names(agent.getAssignedLabels()).contains("multiarch-native-s390x"));
        Label s390x = r.jenkins.getLabel("multiarch-native-s390x");
        assertTrue(s390x.getNodes().isEmpty(), "no agent has the label yet (and the label caches that)");

        MultiArchGlobalConfiguration.get().setAutomaticLabels(true);
        assertEquals(Set.of("multiarch-native-s390x", "multiarch-emulated-arm64", "multiarch-emulated-arm-v7"),
                names(finder.findLabels(agent)));
        assertTrue(names(agent.getAssignedLabels()).containsAll(Set.of("multiarch-native-s390x", "multiarch-emulated-arm64")));
        assertFalse(names(agent.getAssignedLabels()).contains("multiarch-emulated-ppc64le"), "broken emulation gives no label");

        // what multiArchBuild's node(label) relies on: the label resolves to the agent once Jenkins recomputed it
        AgentPlatformsListener.refreshLabels("s390x-box");
        assertTrue(s390x.getNodes().contains(agent));
        Label both = r.jenkins.getLabel("multiarch-emulated-arm64 && multiarch-emulated-arm-v7");
        assertTrue(both.getNodes().contains(agent));

        assertTrue(finder.findLabels(r.jenkins).isEmpty(), "the built-in node is never probed");
    }

    @Test
    void anAgentWithoutAProbeOrWithoutDockerGetsNoLabel(JenkinsRule r) throws Exception {
        DumbSlave never = new DumbSlave("never-probed", tmp.resolve("a").toString(), new JNLPLauncher());
        DumbSlave noDocker = new DumbSlave("no-docker", tmp.resolve("b").toString(), new JNLPLauncher());
        r.jenkins.addNode(never);
        r.jenkins.addNode(noDocker);
        AgentPlatformsListener.get().cache().put(AgentPlatforms.failed("no-docker", 0L, "Cannot run 'docker'", null));
        MultiArchGlobalConfiguration.get().setAutomaticLabels(true);
        MultiArchLabelFinder finder = ExtensionList.lookupSingleton(MultiArchLabelFinder.class);

        assertTrue(finder.findLabels(never).isEmpty());
        assertTrue(finder.findLabels(noDocker).isEmpty());
    }
}
