package hudson;

import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;

public abstract class Launcher {
    protected Launcher(TaskListener listener, VirtualChannel channel) {
        throw new UnsupportedOperationException("stub");
    }

    protected Launcher(Launcher launcher) {
        throw new UnsupportedOperationException("stub");
    }
}
