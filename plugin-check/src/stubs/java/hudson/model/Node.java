package hudson.model;

import hudson.ExtensionPoint;
import hudson.FilePath;
import hudson.Launcher;
import hudson.security.AccessControlled;

public abstract class Node extends AbstractModelObject implements ExtensionPoint, AccessControlled {
    public abstract String getNodeName();

    public abstract Launcher createLauncher(TaskListener listener);

    public final Computer toComputer() {
        throw new UnsupportedOperationException("stub");
    }

    public abstract FilePath getRootPath();
}
