package hudson.model;

import hudson.ExtensionPoint;
import hudson.model.labels.LabelAtom;
import java.util.Collection;

public abstract class LabelFinder implements ExtensionPoint {
    public abstract Collection<LabelAtom> findLabels(Node node);
}
