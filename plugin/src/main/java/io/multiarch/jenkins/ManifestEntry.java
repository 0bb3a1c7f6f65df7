package io.multiarch.jenkins;

import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** One source of a {@code pushManifest} list: an image and, optionally, the platform it must be. */
public final class ManifestEntry extends AbstractDescribableImpl<ManifestEntry> {
    private final String image;
    private String platform;

    @DataBoundConstructor
    public ManifestEntry(String image) {
        this.image = Values.text(image);
    }

    /** {@code registry.example.com/team/app-s390x:1.0}, or a reference by digest. */
    public String getImage() {
        return image;
    }

    /** {@code linux/s390x}; empty to take it from the image's config. */
    public String getPlatform() {
        return platform;
    }

    @DataBoundSetter
    public void setPlatform(String platform) {
        this.platform = Values.text(platform);
    }

    @Extension
    @Symbol("manifestEntry")
    public static final class DescriptorImpl extends Descriptor<ManifestEntry> {
        @Override
        public String getDisplayName() {
            return "Image";
        }

        @POST
        public FormValidation doCheckImage(@AncestorInPath Item item, @QueryParameter String value) {
            JenkinsSupport.checkConfigure(item);
            return StepArguments.checkImage(value);
        }

        @POST
        public FormValidation doCheckPlatform(@AncestorInPath Item item, @QueryParameter String value) {
            JenkinsSupport.checkConfigure(item);
            return Values.text(value) == null ? FormValidation.ok() : PlatformLabel.checkPlatform(value);
        }
    }
}
