package io.multiarch.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import hudson.model.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * multiArchBuild as a Pipeline global variable, without Docker: it resolves in Scripted and Declarative
 * Pipelines (sandboxed), and its checks fail the build with the fix before anything is queued.
 * One Jenkinsfile per test under src/test/resources/io/multiarch/jenkins/MultiArchBuildPipelineTest/.
 */
@WithJenkins
class MultiArchBuildPipelineTest {

    static String script(Class<?> test, String name) throws IOException {
        try (InputStream in = test.getResourceAsStream(test.getSimpleName() + "/" + name + ".groovy")) {
            assertNotNull(in, "no Jenkinsfile " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private WorkflowRun run(JenkinsRule r, String name, Result expected) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition(script(getClass(), name), true));
        return r.buildAndAssertStatus(expected, job);
    }

    @Test
    void missingLabel(JenkinsRule r) throws Exception {
        WorkflowRun run = run(r, "missingLabel", Result.FAILURE);
        r.assertLogContains("no agent label for linux/s390x", run);
        r.assertLogContains("emulationLabel", run);
        assertEquals(0, run.getActions(MultiArchReportAction.class).size());
    }

    @Test
    void unknownOption(JenkinsRule r) throws Exception {
        r.assertLogContains("unknown option platfroms", run(r, "unknownOption", Result.FAILURE));
    }

    @Test
    void declarative(JenkinsRule r) throws Exception {
        WorkflowRun run = run(r, "declarative", Result.FAILURE);
        // Declarative accepted the call and ran it: the failure is multiArchBuild's own check
        r.assertLogContains("no agent label for linux/s390x", run);
    }

    @Test
    void noScm(JenkinsRule r) throws Exception {
        r.assertLogContains("does not come from SCM", run(r, "noScm", Result.FAILURE));
    }
}
