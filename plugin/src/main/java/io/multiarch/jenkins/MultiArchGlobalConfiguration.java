package io.multiarch.jenkins;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.Item;
import hudson.util.ListBoxModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.GlobalConfiguration;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins &gt; System &gt; Multi-architecture builds: which agent label builds which platform
 * natively, the label of agents with qemu for the rest, and the default registry and credentials.
 * Configuration as code: {@code unclassified: multiarch: platformLabels: [{platform: linux/s390x, label: s390x}]}.
 */
@Extension
@Symbol("multiarch")
public class MultiArchGlobalConfiguration extends GlobalConfiguration {
    private List<PlatformLabel> platformLabels = new ArrayList<>();
    private String emulationLabel;
    private String registryUrl;
    private String credentialsId;
    private boolean automaticLabels;

    public MultiArchGlobalConfiguration() {
        load();
    }

    public static MultiArchGlobalConfiguration get() {
        return ExtensionList.lookupSingleton(MultiArchGlobalConfiguration.class);
    }

    public List<PlatformLabel> getPlatformLabels() {
        return platformLabels == null ? new ArrayList<>() : new ArrayList<>(platformLabels);
    }

    @DataBoundSetter
    public void setPlatformLabels(List<PlatformLabel> platformLabels) {
        this.platformLabels = platformLabels == null ? new ArrayList<>() : new ArrayList<>(platformLabels);
        save();
    }

    public String getEmulationLabel() {
        return emulationLabel;
    }

    @DataBoundSetter
    public void setEmulationLabel(String emulationLabel) {
        this.emulationLabel = Values.text(emulationLabel);
        save();
    }

    public String getRegistryUrl() {
        return registryUrl;
    }

    @DataBoundSetter
    public void setRegistryUrl(String registryUrl) {
        this.registryUrl = Values.text(registryUrl);
        save();
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Values.text(credentialsId);
        save();
    }

    /**
     * Whether agents get platform labels from a probe of their engine (read by the agents page and its
     * label finder). Default false: only the labels administrators give.
     */
    public boolean isAutomaticLabels() {
        return automaticLabels;
    }

    @DataBoundSetter
    public void setAutomaticLabels(boolean automaticLabels) {
        this.automaticLabels = automaticLabels;
        save();
    }

    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        // a form without any platform label sends no "platformLabels" key: clear the list first
        platformLabels = new ArrayList<>();
        automaticLabels = false;
        req.bindJSON(this, json);
        save();
        return true;
    }

    /** The defaults {@link BuildOptions} merges in. */
    BuildOptions.Defaults defaults() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (PlatformLabel entry : getPlatformLabels()) {
            if (entry.getPlatform() != null && entry.getLabel() != null) {
                labels.put(entry.getPlatform(), entry.getLabel());
            }
        }
        return new BuildOptions.Defaults(labels, emulationLabel, registryUrl, credentialsId);
    }

    @POST
    public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
        return JenkinsSupport.credentialsItems((Item) null, credentialsId);
    }

    /** Descriptor name shown in the configuration page's section list. */
    @Override
    public String getDisplayName() {
        return "Multi-architecture builds";
    }
}
