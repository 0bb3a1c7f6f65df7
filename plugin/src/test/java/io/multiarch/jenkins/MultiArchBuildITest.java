package io.multiarch.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import hudson.model.Run;
import hudson.slaves.DumbSlave;
import hudson.tasks.Shell;
import io.multiarch.core.Secret;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.registry.Credentials;
import io.multiarch.core.registry.RegistryClient;
import io.multiarch.testing.LabRegistry;
import io.multiarch.testing.TestContexts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jenkins.util.VirtualFile;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Real multi-arch builds through Jenkins: labelled agents (all on this machine, sharing its Docker engine),
 * amd64 native and s390x under qemu, a Basic-auth registry with a canary password, and the report. Needs the
 * lab of scripts/setup.sh (Docker engine, buildx, qemu, busybox binaries); skipped where it is missing.
 * One Jenkinsfile per test under src/test/resources/io/multiarch/jenkins/MultiArchBuildITest/.
 */
@WithJenkins
class MultiArchBuildITest {
    private static final Path BUSYBOX = Path.of("/var/lib/multiarch-lab/busybox");

    static LabRegistry registry;

    @TempDir
    Path tmp;

    @BeforeAll
    static void lab() {
        Assumptions.assumeTrue(dockerAnswers() && Files.isDirectory(BUSYBOX.resolve("s390x"))
                        && Files.isExecutable(Path.of("/usr/bin/docker-registry")),
                "needs the lab of scripts/setup.sh: a Docker engine with buildx and qemu, docker-registry, and " + BUSYBOX);
        registry = LabRegistry.start(LabRegistry.Auth.BASIC);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    static boolean dockerAnswers() {
        try {
            Process p = new ProcessBuilder("docker", "info", "--format", "{{.ServerVersion}}").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Agents: "source" (where the context is), "amd64" (native amd64), "qemu" (emulation); the registry credential. */
    List<DumbSlave> agentsAndCredentials(JenkinsRule r) throws Exception {
        CredentialsProvider.lookupStores(r.jenkins).iterator().next().addCredentials(Domain.global(),
                new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL, "registry-creds", null, registry.username(),
                        registry.password()));
        return List.of(r.createSlave("source-agent", "source", null), r.createSlave("amd64-agent", "amd64", null),
                r.createSlave("qemu-agent", "qemu", null));
    }

    WorkflowRun pipeline(JenkinsRule r, String name, String extraDockerfileLines, Result expected) throws Exception {
        agentsAndCredentials(r);
        Path context = TestContexts.busyboxApp(Files.createDirectories(tmp.resolve(name)), extraDockerfileLines);
        String script = MultiArchBuildPipelineTest.script(getClass(), name)
                .replace("@REGISTRY@", registry.host())
                .replace("@CONTEXT@", context.toString());
        WorkflowJob job = r.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition(script, true));
        WorkflowRun run = r.buildAndAssertStatus(expected, job);
        r.assertLogNotContains(registry.password(), run);
        return run;
    }

    static String artifact(Run<?, ?> run, String path) throws IOException {
        VirtualFile file = run.getArtifactManager().root();
        for (String part : path.split("/")) {
            file = file.child(part);
        }
        assertTrue(file.isFile(), "archived " + path);
        try (InputStream in = file.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static MultiArchReportAction.Row row(MultiArchReportAction action, String platform) {
        return action.getRows().stream().filter(r -> r.getPlatform().equals(platform)).findFirst().orElseThrow();
    }

    static String listDigestIn(String repositoryAndTag) {
        Credentials credentials = Credentials.basic(registry.username(), Secret.of(registry.password()));
        try (RegistryClient client = RegistryClient.builder().credentials(host -> Optional.of(credentials)).build()) {
            return client.headManifest(ImageRef.parse(registry.host() + "/" + repositoryAndTag)).orElseThrow().digest()
                    .toString();
        }
    }

    @Test
    void scripted(JenkinsRule r) throws Exception {
        WorkflowRun run = pipeline(r, "scripted", "", Result.SUCCESS);

        MultiArchReportAction action = run.getAction(MultiArchReportAction.class);
        assertNotNull(action);
        assertEquals("succeeded", action.getStatus());
        assertEquals(2, action.getRows().size());
        assertEquals("amd64-agent", row(action, "linux/amd64").getNode());
        assertEquals("native", row(action, "linux/amd64").getMode());
        assertEquals("qemu-agent", row(action, "linux/s390x").getNode());
        assertEquals("emulated", row(action, "linux/s390x").getMode());
        assertTrue(row(action, "linux/s390x").getSize() > 0);
        assertEquals(action.getListDigest(), listDigestIn("team/scripted:latest"));
        r.assertLogContains("list=" + action.getListDigest(), run);
        r.assertLogContains("s390x=" + row(action, "linux/s390x").getDigest(), run);

        assertTrue(artifact(run, "multiarch/1/report.json").contains("\"published\" : true"));
        assertTrue(artifact(run, "multiarch/1/junit.xml").contains("linux/s390x"));
        artifact(run, "multiarch/1/report.html");
        for (String log : List.of("multiarch/1/logs/linux-amd64.log", "multiarch/1/logs/linux-s390x.log")) {
            assertFalse(artifact(run, log).contains(registry.password()), log);
        }
        var page = r.createWebClient().getPage(run, action.getUrlName());
        String html = page.getWebResponse().getContentAsString();
        assertTrue(html.contains("linux/s390x") && html.contains("qemu-agent") && html.contains("Timeline"), html);
    }

    @Test
    void declarative(JenkinsRule r) throws Exception {
        WorkflowRun run = pipeline(r, "declarative", "", Result.SUCCESS);

        MultiArchReportAction action = run.getAction(MultiArchReportAction.class);
        assertEquals("succeeded", action.getStatus());
        assertEquals(action.getListDigest(), listDigestIn("team/declarative:1.0"));
    }

    @Test
    void failingPlatform(JenkinsRule r) throws Exception {
        WorkflowRun run = pipeline(r, "failingPlatform",
                "RUN [\"/bin/sh\", \"-c\", \"test $(uname -m) != s390x || { echo only s390x breaks >&2; exit 7; }\"]",
                Result.FAILURE);

        r.assertLogContains("linux/s390x failed; no list was published", run);
        MultiArchReportAction action = run.getAction(MultiArchReportAction.class);
        assertEquals("failed", action.getStatus());
        assertNull(action.getListDigest());
        assertEquals("succeeded", row(action, "linux/amd64").getStatus());
        assertEquals("failed", row(action, "linux/s390x").getStatus());
        assertTrue(artifact(run, "multiarch/1/logs/linux-s390x.log").contains("only s390x breaks"));
        assertTrue(artifact(run, "multiarch/1/report.json").contains("\"published\" : false"));
    }

    @Test
    void buildxAndPushManifest(JenkinsRule r) throws Exception {
        WorkflowRun run = pipeline(r, "buildxAndPushManifest", "", Result.SUCCESS);

        MultiArchReportAction action = run.getAction(MultiArchReportAction.class);
        assertEquals("buildxBuild", action.getKind());
        assertEquals(action.getListDigest(), listDigestIn("team/buildx:1.0"));
        r.assertLogContains("buildx list=" + action.getListDigest(), run);
        r.assertLogContains("copied list=" + listDigestIn("team/copy:1.0"), run);
    }

    @Test
    void buildxWithoutPush(JenkinsRule r) throws Exception {
        WorkflowRun run = pipeline(r, "buildxWithoutPush", "", Result.SUCCESS);

        MultiArchReportAction action = run.getAction(MultiArchReportAction.class);
        assertEquals("buildxBuild", action.getKind());
        assertNull(action.getListDigest());
        r.assertLogContains("list=null", run);
        r.assertLogContains("image=" + registry.host() + "/team/local:dev-s390x", run);
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("local s390x=(sha256:[0-9a-f]{64})").matcher(JenkinsRule.getLog(run));
        assertTrue(id.find(), "the step returns the loaded image's ID");
        r.assertLogContains("loaded " + id.group(1) + " s390x", run);
        Credentials credentials = Credentials.basic(registry.username(), Secret.of(registry.password()));
        try (RegistryClient client = RegistryClient.builder().credentials(host -> Optional.of(credentials)).build()) {
            assertTrue(client.fetchManifest(ImageRef.parse(registry.host() + "/team/local:dev-s390x")).isEmpty(),
                    "nothing was pushed");
        }
    }

    @Test
    void freestyle(JenkinsRule r) throws Exception {
        List<DumbSlave> agents = agentsAndCredentials(r);
        Path context = TestContexts.busyboxApp(Files.createDirectories(tmp.resolve("freestyle")), "");
        FreeStyleProject project = r.createFreeStyleProject("freestyle");
        project.setAssignedLabel(r.jenkins.getLabel("source"));
        project.getBuildersList().add(new Shell("rm -rf app && cp -R '" + context + "' app"));
        MultiArchBuildStep step = new MultiArchBuildStep(registry.host() + "/team/freestyle", "linux/amd64,linux/s390x");
        step.setTags("1.0");
        step.setContext("app");
        step.setLabels("linux/amd64=amd64");
        step.setEmulationLabel("qemu");
        step.setCredentialsId("registry-creds");
        project.getBuildersList().add(step);
        for (DumbSlave agent : agents) {
            r.waitOnline(agent); // the freestyle step does not queue: its agents must be online
        }

        FreeStyleBuild build = r.buildAndAssertSuccess(project);

        r.assertLogNotContains(registry.password(), build);
        r.assertLogContains("no executor is taken", build);
        MultiArchReportAction action = build.getAction(MultiArchReportAction.class);
        assertEquals("freestyle", action.getKind());
        assertEquals("qemu-agent", row(action, "linux/s390x").getNode());
        assertEquals(action.getListDigest(), listDigestIn("team/freestyle:1.0"));
    }
}
