package io.multiarch.jenkins.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.ManagementLink;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.security.AccessDeniedException3;
import hudson.slaves.DumbSlave;
import hudson.slaves.JNLPLauncher;
import io.multiarch.core.build.Agent;
import io.multiarch.core.build.AgentCapabilities;
import io.multiarch.core.build.AgentCapabilities.ProbeResult;
import io.multiarch.core.platform.Platform;
import io.multiarch.jenkins.MultiArchGlobalConfiguration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Manage Jenkins &gt; Multi-arch build agents: who sees it, what it shows, and a real probe of a connected agent.
 * Results are put into the cache by hand for agents that never connect (an inbound agent nobody starts), so the
 * listener cannot overwrite them.
 */
@WithJenkins
class MultiArchAgentsLinkTest {
    @TempDir
    Path tmp;

    private DumbSlave offlineAgent(JenkinsRule r, String name) throws Exception {
        DumbSlave agent = new DumbSlave(name, tmp.resolve(name).toString(), new JNLPLauncher());
        r.jenkins.addNode(agent);
        return agent;
    }

    private static String page(JenkinsRule r) throws Exception {
        return r.createWebClient().goTo(MultiArchAgentsLink.URL_NAME + "/").getWebResponse().getContentAsString();
    }

    @Test
    void onlyAdministratorsSeeTheLinkAndThePage(JenkinsRule r) throws Exception {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ).everywhere().to("user"));
        MultiArchAgentsLink link = ManagementLink.all().get(MultiArchAgentsLink.class);
        assertNotNull(link);
        assertEquals(Jenkins.ADMINISTER, link.getRequiredPermission());
        assertEquals(ManagementLink.Category.STATUS, link.getCategory());

        JenkinsRule.WebClient admin = r.createWebClient().login("admin");
        String manage = admin.goTo("manage/").getWebResponse().getContentAsString();
        assertTrue(manage.contains("Multi-arch build agents"), "listed under Manage Jenkins");
        assertTrue(manage.contains(MultiArchAgentsLink.URL_NAME), "linked under Manage Jenkins");
        assertTrue(admin.goTo(MultiArchAgentsLink.URL_NAME + "/").getWebResponse().getContentAsString()
                .contains("Re-probe all online agents"));

        JenkinsRule.WebClient user = r.createWebClient().login("user");
        user.assertFails(MultiArchAgentsLink.URL_NAME + "/", 403);

        try (ACLContext ignored = ACL.as(User.getById("user", true))) {
            assertThrows(AccessDeniedException3.class, link::doProbe);
            assertThrows(AccessDeniedException3.class, link::getTable);
        }
    }

    @Test
    void thePageShowsTheLastProbeOfEachAgentEscaped(JenkinsRule r) throws Exception {
        offlineAgent(r, "s390x-box");
        offlineAgent(r, "new-box");
        Platform s390x = Platform.parse("linux/s390x");
        Platform arm64 = Platform.parse("linux/arm64");
        Platform ppc64le = Platform.parse("linux/ppc64le");
        AgentCapabilities caps = new AgentCapabilities(Agent.local(), "24.0.7", s390x, true, "docker-container", List.of(), true,
                Map.of(arm64, new ProbeResult(true, "runs linux/arm64 binaries (uname -m: aarch64)"),
                        ppc64le, new ProbeResult(false, "<script>alert('x')</script> exec format error")),
                null);
        AgentPlatformsListener.get().cache().put(AgentPlatforms.from("s390x-box", 0L, caps, List.of(s390x, arm64, ppc64le), List.of()));

        String html = page(r);

        assertTrue(html.contains("s390x-box"));
        assertTrue(html.contains("offline"));
        assertTrue(html.contains("24.0.7"));
        assertTrue(html.contains("linux/s390x"));
        assertTrue(html.contains("buildx, driver docker-container"));
        assertTrue(html.contains("runs linux/arm64 binaries (uname -m: aarch64)"), "the emulated cell's title");
        assertTrue(html.contains("exec format error"), "the broken cell's title");
        assertTrue(html.contains("jenkins-!-error-color"), "the broken cell is marked");
        assertTrue(html.contains("multiarch-native-s390x"));
        assertTrue(html.contains("multiarch-emulated-arm64"));
        assertFalse(html.contains("multiarch-emulated-ppc64le"));
        assertTrue(html.contains("1970-01-01T00:00:00Z"));
        assertTrue(html.contains("new-box"));
        assertTrue(html.contains("not probed yet"));
        assertTrue(html.contains("Automatic labels are"));
        assertFalse(html.contains("<script>alert('x')</script>"), "probe details are escaped");
        assertTrue(html.contains("&lt;script&gt;"), "the detail is in a title attribute, escaped");
    }

    @Test
    void theReProbeButtonNeedsPost(JenkinsRule r) throws Exception {
        // GET is refused by @RequirePOST (core's CrumbFilter retry page answers 405) even for an administrator
        // (no security realm: everyone is one); the permission check is in onlyAdministratorsSeeTheLinkAndThePage
        r.createWebClient().assertFails(MultiArchAgentsLink.URL_NAME + "/probe", 405);
    }

    @Test
    void aConnectedAgentIsProbedOnItsOwnMachineAndShown(JenkinsRule r) throws Exception {
        MultiArchGlobalConfiguration.get().setAutomaticLabels(true);
        DumbSlave agent = r.createOnlineSlave();
        String name = agent.getNodeName();
        AgentPlatformsCache cache = AgentPlatformsListener.get().cache();
        long deadline = System.currentTimeMillis() + 5 * 60_000L;
        while ((cache.get(name) == null || cache.isProbing(name)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }

        AgentPlatforms probe = cache.get(name);
        assertNotNull(probe, "the agent was probed after it connected");
        String html = page(r);
        assertTrue(html.contains(name));
        if (probe.isUsable()) {
            // a Docker engine on this machine: the agent (a local process) reports the same engine as the doctor
            assertNotNull(probe.getNativePlatform(), probe.toString());
            assertTrue(html.contains(probe.getNativePlatform()));
            assertTrue(agent.getAssignedLabels().stream().anyMatch(l -> l.getName().equals(AgentLabels.nativeLabel(probe.getNativePlatform()))),
                    "the native label is given while automatic labels are on");
        } else {
            // no Docker here: the problem and its fix are shown, and there is no label
            assertTrue(html.contains("Fix:"), probe.toString());
            assertTrue(agent.getAssignedLabels().stream().noneMatch(l -> l.getName().startsWith(AgentLabels.PREFIX)));
        }
    }
}
