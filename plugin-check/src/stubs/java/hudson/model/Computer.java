package hudson.model;

import hudson.EnvVars;
import hudson.remoting.VirtualChannel;
import hudson.security.AccessControlled;
import java.io.IOException;
import java.util.concurrent.ExecutorService;

public abstract class Computer extends Actionable implements AccessControlled {
    public static final ExecutorService threadPoolForRemoting = null;

    protected Computer(Node node) {
        throw new UnsupportedOperationException("stub");
    }

    public abstract VirtualChannel getChannel();

    public String getName() {
        throw new UnsupportedOperationException("stub");
    }

    public Node getNode() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean isOffline() {
        throw new UnsupportedOperationException("stub");
    }

    public final boolean isOnline() {
        throw new UnsupportedOperationException("stub");
    }

    public String getUrl() {
        throw new UnsupportedOperationException("stub");
    }

    public EnvVars getEnvironment() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public EnvVars buildEnvironment(TaskListener listener) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }
}
