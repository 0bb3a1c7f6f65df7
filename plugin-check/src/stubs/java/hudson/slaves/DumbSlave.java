package hudson.slaves;

import hudson.model.Descriptor.FormException;
import hudson.model.Slave;
import java.io.IOException;

public final class DumbSlave extends Slave {
    public DumbSlave(String name, String remoteFS, ComputerLauncher launcher) throws FormException, IOException {
        super(name, remoteFS, launcher);
    }
}
