package io.multiarch.jenkins.agents;

import hudson.Extension;
import hudson.model.Computer;
import hudson.model.ManagementLink;
import hudson.model.Node;
import hudson.security.Permission;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * Manage Jenkins &gt; Multi-arch build agents ({@code /multiarch-agents/}): each agent's Docker engine, native
 * platform, buildx and driver, and per platform native / emulated OK / broken, from the last probe; the labels the
 * probe gives; a button that probes every online agent again. Administrators only: Stapler routes to management
 * links without a permission check, so the view's layout checks {@code ADMINISTER} and {@link #doProbe()} checks
 * it again.
 */
@Extension
@Symbol("multiarchAgents")
public class MultiArchAgentsLink extends ManagementLink {
    public static final String URL_NAME = "multiarch-agents";

    @Override
    public String getIconFileName() {
        return "symbol-server";
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    @Override
    public String getDisplayName() {
        return "Multi-arch build agents";
    }

    @Override
    public String getDescription() {
        return "Which platforms each agent's Docker engine builds, natively or under qemu emulation, as probed on the "
                + "agent; the automatic labels multiArchBuild can use.";
    }

    @Override
    public Permission getRequiredPermission() {
        return Jenkins.ADMINISTER;
    }

    @Override
    public Category getCategory() {
        return Category.STATUS;
    }

    /** The page's table: every agent (the built-in node is not probed), with its last probe. */
    public AgentsTable getTable() {
        Jenkins jenkins = Jenkins.get();
        jenkins.checkPermission(Jenkins.ADMINISTER);
        AgentPlatformsCache cache = AgentPlatformsListener.get().cache();
        List<AgentsTable.Agent> agents = new ArrayList<>();
        for (Node node : jenkins.getNodes()) {
            String name = node.getNodeName();
            Computer computer = node.toComputer();
            agents.add(new AgentsTable.Agent(name, computer == null ? null : computer.getUrl(), computer != null && computer.isOnline(),
                    cache.isProbing(name), cache.get(name)));
        }
        return AgentsTable.of(AgentPlatformsListener.platforms(), agents, AgentPlatformsListener.automaticLabels());
    }

    /** The directory the probe looks for its static busybox binaries in, on each agent. */
    public String getProbeDir() {
        return AgentPlatformsListener.probeDir();
    }

    /** Probes every online agent again, in the background, then shows the page (rows say "probing now"). */
    @RequirePOST
    public HttpResponse doProbe() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        AgentPlatformsListener.get().probeAll();
        return HttpResponses.redirectToDot();
    }
}
