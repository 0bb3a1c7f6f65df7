package hudson.model;

import hudson.FilePath;
import hudson.Launcher;
import hudson.slaves.ComputerLauncher;
import java.io.IOException;
import java.io.Serializable;

public abstract class Slave extends Node implements Serializable {
    protected Slave(String name, String remoteFS, ComputerLauncher launcher) throws Descriptor.FormException, IOException {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public String getNodeName() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public FilePath getRootPath() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public Launcher createLauncher(TaskListener listener) {
        throw new UnsupportedOperationException("stub");
    }
}
