package io.multiarch.jenkins;

import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import io.multiarch.core.MultiarchException;
import io.multiarch.core.platform.Platform;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** One entry of the global platform-to-label map: agents with {@code label} build {@code platform} natively. */
public final class PlatformLabel extends AbstractDescribableImpl<PlatformLabel> {
    private final String platform;
    private final String label;

    @DataBoundConstructor
    public PlatformLabel(String platform, String label) {
        this.platform = Values.text(platform);
        this.label = Values.text(label);
    }

    /** As entered: {@code linux/s390x}, {@code s390x}, {@code arm64} ... */
    public String getPlatform() {
        return platform;
    }

    /** A label expression, e.g. {@code s390x} or {@code docker && arm64}. */
    public String getLabel() {
        return label;
    }

    @Extension
    @Symbol("platformLabel")
    public static final class DescriptorImpl extends Descriptor<PlatformLabel> {
        @Override
        public String getDisplayName() {
            return "Platform label";
        }

        @POST
        public FormValidation doCheckPlatform(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return checkPlatform(value);
        }
    }

    /** Form check shared by the forms that take platforms: each must parse. */
    static FormValidation checkPlatform(String value) {
        if (Values.text(value) == null) {
            return FormValidation.error("Give a platform, e.g. linux/s390x");
        }
        try {
            for (String text : Values.list(value, "platforms")) {
                Platform.parse(text);
            }
            return FormValidation.ok();
        } catch (MultiarchException e) {
            return FormValidation.error(e.getMessage());
        }
    }
}
