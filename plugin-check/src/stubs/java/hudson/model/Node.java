package hudson.model;

import hudson.ExtensionPoint;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.labels.LabelAtom;
import hudson.security.AccessControlled;
import java.util.Set;

public abstract class Node extends AbstractModelObject implements ExtensionPoint, AccessControlled {
    public abstract String getNodeName();

    public abstract Launcher createLauncher(TaskListener listener);

    public final Computer toComputer() {
        throw new UnsupportedOperationException("stub");
    }

    public abstract FilePath getRootPath();

    public String getDisplayName() {
        throw new UnsupportedOperationException("stub");
    }

    public Set<LabelAtom> getAssignedLabels() {
        throw new UnsupportedOperationException("stub");
    }
}
