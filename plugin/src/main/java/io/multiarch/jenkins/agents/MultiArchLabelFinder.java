package io.multiarch.jenkins.agents;

import hudson.Extension;
import hudson.model.LabelFinder;
import hudson.model.Node;
import hudson.model.labels.LabelAtom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Gives each probed agent the labels of its last probe ({@link AgentLabels}: {@code multiarch-native-s390x},
 * {@code multiarch-emulated-arm64} ...) while the global option {@code automaticLabels} is on. Jenkins calls this
 * for every {@code Node.getAssignedLabels()}, i.e. often: it only reads the cache and never probes. A label this
 * finder stops giving (emulation broke, the option was turned off) can linger in that label's cached node set
 * until Jenkins' next full label trim (every 5 minutes); see docs/admin-agents.md.
 */
@Extension
public class MultiArchLabelFinder extends LabelFinder {
    @Override
    public Collection<LabelAtom> findLabels(Node node) {
        AgentPlatforms last;
        try {
            last = AgentPlatformsListener.get().cache().get(node.getNodeName());
            if (last == null || !AgentPlatformsListener.automaticLabels()) {
                return Set.of();
            }
        } catch (IllegalStateException e) {
            return Set.of(); // Jenkins starting or stopping: extensions not (or no longer) available
        }
        List<LabelAtom> atoms = new ArrayList<>();
        for (String name : AgentLabels.names(last)) {
            atoms.add(LabelAtom.get(name));
        }
        return atoms;
    }
}
