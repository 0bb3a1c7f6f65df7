package io.multiarch.jenkins;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.slaves.WorkspaceList;
import hudson.util.ListBoxModel;
import io.multiarch.core.MultiarchException;
import io.multiarch.core.build.MultiArchBuilder;
import io.multiarch.core.image.Digest;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;
import io.multiarch.core.report.BuildReportWriter;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import jenkins.util.BuildListenerAdapter;
import jenkins.util.VirtualFile;

/**
 * The Jenkins glue every multiarch step shares: credentials (looked up for the run, tracked, listed in
 * forms), archiving, and the two halves of a {@code multiArchBuild} — one platform on one node, then the
 * publish and report — used by the Pipeline steps and the freestyle builder alike.
 */
final class JenkinsSupport {
    private JenkinsSupport() {
    }

    /** A user name and password for the registry, taken from a credential for one run. */
    static final class Login {
        final String username;
        final String password;

        private Login(String username, String password) {
            this.username = username;
            this.password = password;
        }
    }

    /**
     * Looks a username/password credential up in the context of the run (so folder credentials and the
     * build's authentication apply) and records its use on the run.
     *
     * @return null without an ID
     * @throws AbortException when it does not exist, is of another type or may not be used by this build
     */
    static Login login(Run<?, ?> run, String credentialsId) throws AbortException {
        if (credentialsId == null) {
            return null;
        }
        StandardUsernamePasswordCredentials credentials = CredentialsProvider.findCredentialById(credentialsId,
                StandardUsernamePasswordCredentials.class, run, Collections.<DomainRequirement>emptyList());
        if (credentials == null) {
            throw new AbortException("Credentials '" + credentialsId + "' were not found, are not a 'Username with password', "
                    + "or may not be used by this build: check the ID, its type and the folder or scope it is stored in");
        }
        CredentialsProvider.track(run, credentials);
        return new Login(credentials.getUsername(), credentials.getPassword().getPlainText());
    }

    /** Fills a request's registry access: credentials, insecure registries, the environment docker sees. */
    static void access(AgentWork.RegistryAccess task, Login login, List<String> insecureRegistries, EnvVars env) {
        if (login != null) {
            task.username = login.username;
            task.password = login.password;
        }
        task.insecureRegistries = new ArrayList<>(insecureRegistries);
        task.env = new HashMap<>(env);
    }

    /**
     * The username/password credentials a form may offer: none beyond the current value for users who may
     * not configure the item (or Jenkins), else those visible to the item (or to Jenkins itself).
     */
    static ListBoxModel credentialsItems(Item item, String credentialsId) {
        String current = credentialsId == null ? "" : credentialsId;
        StandardListBoxModel result = new StandardListBoxModel();
        if (item == null) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return result.includeCurrentValue(current);
            }
            return result.includeEmptyValue()
                    .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardUsernamePasswordCredentials.class,
                            Collections.<DomainRequirement>emptyList(), CredentialsMatchers.always())
                    .includeCurrentValue(current);
        }
        if (!item.hasPermission(Item.EXTENDED_READ) && !item.hasPermission(CredentialsProvider.USE_ITEM)) {
            return result.includeCurrentValue(current);
        }
        return result.includeEmptyValue()
                .includeMatchingAs(item instanceof Queue.Task ? Tasks.getAuthenticationOf2((Queue.Task) item) : ACL.SYSTEM2, item,
                        StandardUsernamePasswordCredentials.class, Collections.<DomainRequirement>emptyList(),
                        CredentialsMatchers.always())
                .includeCurrentValue(current);
    }

    /** Checks a form field of an item's configuration: who may configure the item (or Jenkins) may validate. */
    static void checkConfigure(Item item) {
        if (item == null) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        } else {
            item.checkPermission(Item.CONFIGURE);
        }
    }

    static AbortException abort(MultiarchException e) {
        return new AbortException(e.getMessage());
    }

    /**
     * An engine error that came back from an agent (possibly wrapped by remoting) as an AbortException with its
     * message (the password masked); any other exception unchanged.
     */
    static RuntimeException abortIfEngine(RuntimeException e, String password) throws AbortException {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MultiarchException) {
                throw new AbortException(Values.mask(t.getMessage(), password));
            }
        }
        return e;
    }

    /** The options of a multiArchBuild map (or freestyle form), with the global defaults. */
    static BuildOptions options(Map<?, ?> args, String step) throws AbortException {
        try {
            return BuildOptions.fromMap(args, MultiArchGlobalConfiguration.get().defaults(), step);
        } catch (MultiarchException e) {
            throw abort(e);
        }
    }

    /** A scratch directory for the step's report and logs, outside the build context: beside {@code dir} ({@code dir@tmp/...}). */
    static FilePath scratch(FilePath dir, String name) {
        FilePath tmp = WorkspaceList.tempDir(dir);
        return (tmp == null ? dir : tmp).child(name);
    }

    /** Copies files of {@code base} (paths relative to it) into the run's artifacts. */
    static void archive(Run<?, ?> run, FilePath base, Launcher launcher, TaskListener listener, Map<String, String> files)
            throws IOException, InterruptedException {
        if (!files.isEmpty()) {
            run.pickArtifactManager().archive(base, launcher, BuildListenerAdapter.wrap(listener), files);
        }
    }

    /**
     * Builds one platform of a multiArchBuild on the node that holds {@code dir}, where the build context
     * lies at {@code options.context}; archives its log; records its row; returns its result map.
     *
     * @param node the Jenkins node name, for the report
     */
    static LinkedHashMap<String, Object> buildPlatform(Run<?, ?> run, MultiArchReportAction action, String platform, String node,
            FilePath dir, Launcher launcher, EnvVars env, TaskListener listener) throws IOException, InterruptedException {
        BuildOptions options = action.getOptions();
        PlannedPlatform planned = options.planned(platform);
        if (planned == null) {
            throw new AbortException(platform + " is not a platform of " + action.getDisplayName() + " " + options.getPlatforms());
        }
        Login login = login(run, options.getCredentialsId());
        action.started(planned.getPlatform(), node);
        String file = MultiArchBuilder.fileName(Platform.parse(planned.getPlatform()));
        FilePath scratch = scratch(dir, "multiarch-" + action.getIndex() + "-" + file);
        listener.getLogger().println("[" + planned.getPlatform() + "] building on " + node + " (label '" + planned.getLabel()
                + "', planned " + planned.getMode() + ")");
        AgentWork.BuildTask task = AgentWork.BuildTask.of(options, List.of(planned.getPlatform()), scratch.getRemote());
        access(task, login, options.getInsecureRegistries(), env);
        task.publish = false;
        try {
            LinkedHashMap<String, Object> outcome;
            try {
                outcome = dir.act(new AgentCallables.Build(task, listener));
            } catch (RuntimeException e) {
                throw abortIfEngine(e, task.password);
            }
            LinkedHashMap<String, Object> result = firstPlatform(outcome);
            String logArtifact = null;
            if (options.isReport() && result.get("log") != null) {
                logArtifact = action.getArtifactBase() + "/logs/" + file + ".log";
                archive(run, scratch, launcher, listener, Map.of(logArtifact, "logs/" + file + ".log"));
            }
            action.finished(result, node, logArtifact);
            run.save();
            if (!planned.isEmulated() && "emulated".equals(result.get("mode"))) {
                listener.getLogger().println("[" + planned.getPlatform() + "] WARNING: label '" + planned.getLabel()
                        + "' was meant to give an agent that runs " + planned.getPlatform() + " natively, but " + node
                        + " is another architecture: it was built under emulation (slower). Fix the agent's labels.");
            }
            return result;
        } finally {
            scratch.deleteRecursive();
        }
    }

    @SuppressWarnings("unchecked")
    static LinkedHashMap<String, Object> firstPlatform(Map<String, Object> outcome) {
        List<LinkedHashMap<String, Object>> platforms = (List<LinkedHashMap<String, Object>>) outcome.get("platforms");
        return platforms.get(0);
    }

    /**
     * The second half of a multiArchBuild, in {@code dir} on any node that reaches the registry: publishes
     * the list when every platform succeeded (or, with allowPartial, some did), writes and archives the
     * aggregated report, completes the action, and marks the run unstable after a partial publish.
     *
     * @return what the Pipeline step returns: listDigest, mediaType, tags, digests, images, status, report
     * @throws AbortException with the engine's message when a platform failed (and nothing, or only part,
     *         was allowed to be published) or publishing failed
     */
    static LinkedHashMap<String, Object> publish(Run<?, ?> run, MultiArchReportAction action, FilePath dir, Launcher launcher,
            EnvVars env, TaskListener listener) throws IOException, InterruptedException {
        BuildOptions options = action.getOptions();
        action.markMissing("no result: its branch failed before or while building (see that branch in the build log)");
        Login login = login(run, options.getCredentialsId());
        FilePath scratch = scratch(dir, "multiarch-" + action.getIndex() + "-report");
        String base = action.getArtifactBase();
        try {
            AgentWork.PublishTask task = new AgentWork.PublishTask();
            access(task, login, options.getInsecureRegistries(), env);
            task.image = options.getImage();
            task.extraTags = new ArrayList<>(options.getExtraTags());
            task.allowPartial = options.isAllowPartial();
            task.format = options.getFormat();
            task.reportDir = scratch.getRemote();
            task.writeReport = options.isReport();
            for (LinkedHashMap<String, Object> result : action.resultMaps()) {
                if (options.isReport()) {
                    String file = MultiArchBuilder.fileName(Platform.parse(String.valueOf(result.get("platform")))) + ".log";
                    if (copyArtifact(run, base + "/logs/" + file, scratch.child("logs").child(file))) {
                        result.put("log", scratch.child("logs").child(file).getRemote());
                    }
                }
                task.results.add(result);
            }
            LinkedHashMap<String, Object> outcome;
            try {
                outcome = dir.act(new AgentCallables.Publish(task, listener));
            } catch (RuntimeException e) {
                throw abortIfEngine(e, task.password);
            }
            String reportPath = null;
            if (options.isReport()) {
                Map<String, String> files = new LinkedHashMap<>();
                for (String name : List.of(BuildReportWriter.JSON, BuildReportWriter.HTML, BuildReportWriter.JUNIT)) {
                    files.put(base + "/" + name, name);
                }
                archive(run, scratch, launcher, listener, files);
                reportPath = base;
            }
            return complete(run, action, outcome, reportPath, listener);
        } finally {
            scratch.deleteRecursive();
        }
    }

    /** Records the outcome in the action, prints it, and turns a failure into an AbortException (or UNSTABLE). */
    @SuppressWarnings("unchecked")
    static LinkedHashMap<String, Object> complete(Run<?, ?> run, MultiArchReportAction action, Map<String, Object> outcome,
            String reportPath, TaskListener listener) throws IOException, AbortException {
        String listDigest = (String) outcome.get("listDigest");
        String failure = (String) outcome.get("failure");
        List<String> tags = outcome.get("tags") == null ? List.of() : (List<String>) outcome.get("tags");
        action.completed(listDigest, (String) outcome.get("mediaType"), tags, failure, reportPath);
        run.save();
        if (listDigest != null) {
            listener.getLogger().println("Published " + listDigest + " as " + String.join(", ", tags));
        }
        if (reportPath != null) {
            listener.getLogger().println("Report: " + action.getDisplayName() + " (archived under " + reportPath + "/)");
        }
        if (failure != null) {
            if (listDigest == null) {
                throw new AbortException(failure);
            }
            listener.getLogger().println("WARNING: " + failure);
            run.setResult(Result.UNSTABLE);
        }
        return returnValue(action);
    }

    /** The value a step returns: plain maps, lists and strings only (the Pipeline saves it). */
    static LinkedHashMap<String, Object> returnValue(MultiArchReportAction action) {
        return returnValue(action, true);
    }

    /**
     * The value a step returns; {@code pushed} false ({@code buildxBuild(push: false)}): {@code images} are the
     * per-arch tags in the agent's engine, since a local image ID is no registry digest to pull by.
     */
    static LinkedHashMap<String, Object> returnValue(MultiArchReportAction action, boolean pushed) {
        LinkedHashMap<String, Object> value = new LinkedHashMap<>();
        value.put("listDigest", action.getListDigest());
        value.put("mediaType", action.getMediaType());
        value.put("tags", new ArrayList<>(action.getPublishedTags()));
        LinkedHashMap<String, String> digests = new LinkedHashMap<>();
        LinkedHashMap<String, String> images = new LinkedHashMap<>();
        for (MultiArchReportAction.Row row : action.getRows()) {
            digests.put(row.getPlatform(), row.getDigest());
            images.put(row.getPlatform(), row.getImage() == null || row.getDigest() == null ? null
                    : pushed ? ImageRef.parse(row.getImage()).withDigest(Digest.parse(row.getDigest())).toString()
                    : row.getImage());
        }
        value.put("digests", digests);
        value.put("images", images);
        value.put("status", action.getStatus());
        value.put("report", action.getReportPath() == null ? null : action.getReportPath() + "/" + BuildReportWriter.HTML);
        return value;
    }

    /** Copies an archived file to a node; false when there is no such artifact. */
    static boolean copyArtifact(Run<?, ?> run, String artifactPath, FilePath target) throws IOException, InterruptedException {
        VirtualFile file = run.getArtifactManager().root();
        for (String part : artifactPath.split("/")) {
            file = file.child(part);
        }
        if (!file.isFile()) {
            return false;
        }
        try (InputStream in = file.open()) {
            target.copyFrom(in);
        }
        return true;
    }
}
