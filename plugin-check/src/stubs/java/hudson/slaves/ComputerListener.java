package hudson.slaves;

import hudson.ExtensionPoint;
import hudson.model.Computer;
import hudson.model.TaskListener;
import java.io.IOException;

public abstract class ComputerListener implements ExtensionPoint {
    public void onOnline(Computer c) {
    }

    public void onOnline(Computer c, TaskListener listener) throws IOException, InterruptedException {
    }

    public void onOffline(Computer c) {
    }

    public void onOffline(Computer c, OfflineCause cause) {
    }

    public void onConfigurationChange() {
    }
}
