package io.multiarch.jenkins;

import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.ListBoxModel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A registry as docker-workflow users already describe it (docker-commons' {@code DockerRegistryEndpoint}):
 * a URL and the ID of a username/password credential, e.g. {@code registry: [url: 'https://registry.example.com',
 * credentialsId: 'registry-creds']}. Same field names, without depending on docker-commons.
 */
public final class RegistrySpec extends AbstractDescribableImpl<RegistrySpec> {
    private final String url;
    private final String credentialsId;

    @DataBoundConstructor
    public RegistrySpec(String url, String credentialsId) {
        this.url = Values.text(url);
        this.credentialsId = Values.text(credentialsId);
    }

    public String getUrl() {
        return url;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    /** {@code [url:, credentialsId:]}, as {@link BuildOptions} reads it. */
    Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        if (url != null) {
            map.put("url", url);
        }
        if (credentialsId != null) {
            map.put("credentialsId", credentialsId);
        }
        return map;
    }

    @Extension
    @Symbol("registry")
    public static final class DescriptorImpl extends Descriptor<RegistrySpec> {
        @Override
        public String getDisplayName() {
            return "Registry";
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return JenkinsSupport.credentialsItems(item, credentialsId);
        }
    }
}
