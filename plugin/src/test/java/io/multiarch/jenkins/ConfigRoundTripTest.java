package io.multiarch.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.TaskListener;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Every form keeps what it shows: the Snippet Generator forms of the steps, the freestyle form, the global configuration. */
@WithJenkins
class ConfigRoundTripTest {

    @Test
    void buildxBuildWithDefaultsAndWithEveryOption(JenkinsRule r) throws Exception {
        BuildxBuildStep minimal = new BuildxBuildStep("registry.example.com/team/app", "linux/amd64,linux/arm64");
        r.assertEqualDataBoundBeans(minimal, new StepConfigTester(r).configRoundTrip(minimal));

        BuildxBuildStep full = new BuildxBuildStep("registry.example.com/team/app", "linux/amd64,linux/s390x");
        full.setTags("1.0,latest");
        full.setContext("app");
        full.setDockerfile("app/Dockerfile.multi");
        full.setBuildArgs("VERSION=1.0\nMODE=release");
        full.setTarget("runtime");
        full.setCredentialsId("registry-creds");
        full.setRegistryUrl("https://registry.example.com");
        full.setPublish(false);
        full.setPush(false);
        full.setBuilder("multi");
        full.setArchTemplate("{image}-{platform}:{tag}");
        full.setFormat("oci");
        full.setInsecureRegistries("registry.lab:5000");
        full.setTimeoutMinutes(45);
        full.setReport(false);
        full.setProbeDir("/opt/probes");
        r.assertEqualDataBoundBeans(full, new StepConfigTester(r).configRoundTrip(full));
    }

    @Test
    void pushManifestWithEachWayOfNamingSources(JenkinsRule r) throws Exception {
        PushManifestStep template = new PushManifestStep();
        template.setTarget("registry.example.com/team/app:1.0");
        template.setTags("latest");
        template.setPlatforms("linux/amd64,linux/s390x");
        template.setTemplate("registry.example.com/team/app-ARCH:1.0");
        template.setCredentialsId("registry-creds");
        r.assertEqualDataBoundBeans(template, new StepConfigTester(r).configRoundTrip(template));

        PushManifestStep explicit = new PushManifestStep();
        explicit.setTarget("registry.example.com/team/app:1.0");
        ManifestEntry amd64 = new ManifestEntry("registry.example.com/team/app-amd64:1.0");
        amd64.setPlatform("linux/amd64");
        explicit.setManifests(List.of(amd64, new ManifestEntry("registry.example.com/team/app-s390x:1.0")));
        explicit.setRegistry(new RegistrySpec("https://registry.example.com", "registry-creds"));
        explicit.setFormat("docker");
        r.assertEqualDataBoundBeans(explicit, new StepConfigTester(r).configRoundTrip(explicit));

        PushManifestStep spec = new PushManifestStep();
        spec.setSpec("manifest.yaml");
        r.assertEqualDataBoundBeans(spec, new StepConfigTester(r).configRoundTrip(spec));
    }

    @Test
    void scriptsMayGiveListsAndMaps(JenkinsRule r) {
        BuildxBuildStep step = DescribableModel.of(BuildxBuildStep.class).instantiate(Map.of("image", "registry.example.com/app",
                "platforms", List.of("linux/amd64", "linux/arm64"), "tags", List.of("1.0", "latest"),
                "buildArgs", Map.of("VERSION", "1.0")), TaskListener.NULL);
        assertEquals("linux/amd64,linux/arm64", step.getPlatforms());
        assertEquals("1.0,latest", step.getTags());
        assertEquals("VERSION=1.0", step.getBuildArgs());

        PushManifestStep push = DescribableModel.of(PushManifestStep.class).instantiate(Map.of("target",
                "registry.example.com/app:1.0", "manifests", List.of(Map.of("image", "registry.example.com/app-amd64:1.0",
                        "platform", "linux/amd64"))), TaskListener.NULL);
        assertEquals("linux/amd64", push.getManifests().get(0).getPlatform());
    }

    @Test
    void freestyleStep(JenkinsRule r) throws Exception {
        MultiArchBuildStep step = new MultiArchBuildStep("registry.example.com/team/app", "linux/amd64,linux/s390x");
        step.setTags("1.0 latest");
        step.setContext("app");
        step.setLabels("linux/amd64=docker && amd64\nlinux/s390x=s390x");
        step.setEmulationLabel("docker && qemu");
        step.setCredentialsId("registry-creds");
        step.setRegistryUrl("https://registry.example.com");
        step.setBuildArgs("VERSION=1.0");
        step.setAllowPartial(true);
        step.setTimeoutMinutes(30);
        step.setReport(false);
        r.assertEqualDataBoundBeans(step, r.configRoundtrip(step));

        MultiArchBuildStep minimal = new MultiArchBuildStep("registry.example.com/team/app", "linux/amd64");
        r.assertEqualDataBoundBeans(minimal, r.configRoundtrip(minimal));
    }

    @Test
    void globalConfiguration(JenkinsRule r) throws Exception {
        MultiArchGlobalConfiguration config = MultiArchGlobalConfiguration.get();
        config.setPlatformLabels(List.of(new PlatformLabel("linux/s390x", "s390x"),
                new PlatformLabel("linux/amd64", "docker && amd64")));
        config.setEmulationLabel("docker && qemu");
        config.setRegistryUrl("https://registry.example.com");
        config.setCredentialsId("registry-creds");
        config.setAutomaticLabels(true);

        r.configRoundtrip();

        MultiArchGlobalConfiguration after = MultiArchGlobalConfiguration.get();
        assertEquals(2, after.getPlatformLabels().size());
        assertEquals("linux/s390x", after.getPlatformLabels().get(0).getPlatform());
        assertEquals("docker && amd64", after.getPlatformLabels().get(1).getLabel());
        assertEquals("docker && qemu", after.getEmulationLabel());
        assertEquals("https://registry.example.com", after.getRegistryUrl());
        assertEquals("registry-creds", after.getCredentialsId());
        assertTrue(after.isAutomaticLabels());

        after.setPlatformLabels(List.of());
        after.setAutomaticLabels(false);
        r.configRoundtrip();
        assertTrue(MultiArchGlobalConfiguration.get().getPlatformLabels().isEmpty());
        assertFalse(MultiArchGlobalConfiguration.get().isAutomaticLabels());
    }
}
