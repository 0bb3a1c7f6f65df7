package io.multiarch.jenkins.agents;

import hudson.Extension;
import hudson.XmlFile;
import hudson.model.Computer;
import hudson.model.Saveable;
import hudson.model.listeners.SaveableListener;
import io.multiarch.jenkins.MultiArchGlobalConfiguration;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * When the global option {@code automaticLabels} is switched, recomputes the labels of every probed agent in the
 * background, so that labels appear without waiting for a re-probe. (A global configuration fires this on every
 * {@code save()}; only a change of the option does anything.) Labels that disappear because the option was turned
 * off can linger until Jenkins' next full label trim (every 5 minutes).
 */
@Extension
public class AutomaticLabelsListener extends SaveableListener {
    private static final Logger LOGGER = Logger.getLogger(AutomaticLabelsListener.class.getName());

    private volatile Boolean applied;

    @Override
    public void onChange(Saveable o, XmlFile file) {
        if (!(o instanceof MultiArchGlobalConfiguration)) {
            return;
        }
        boolean now = ((MultiArchGlobalConfiguration) o).isAutomaticLabels();
        Boolean before = applied;
        applied = now;
        if (before != null && before == now) {
            return;
        }
        try {
            Computer.threadPoolForRemoting.submit(() -> AgentPlatformsListener.get().refreshAllLabels());
        } catch (RejectedExecutionException e) {
            LOGGER.log(Level.WARNING, "Cannot schedule the refresh of the multiarch labels", e);
        }
    }
}
