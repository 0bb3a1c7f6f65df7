package org.jenkinsci.plugins.workflow.flow;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;

public class StashManager {
    private StashManager() {
    }

    @Deprecated
    public static void stash(Run<?, ?> build, String name, FilePath workspace, TaskListener listener, String includes,
            String excludes) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    @Deprecated
    public static void stash(Run<?, ?> build, String name, FilePath workspace, TaskListener listener, String includes,
            String excludes, boolean useDefaultExcludes) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    @Deprecated
    public static void stash(Run<?, ?> build, String name, FilePath workspace, TaskListener listener, String includes,
            String excludes, boolean useDefaultExcludes, boolean allowEmpty) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public static void stash(Run<?, ?> build, String name, FilePath workspace, Launcher launcher, EnvVars env,
            TaskListener listener, String includes, String excludes, boolean useDefaultExcludes, boolean allowEmpty)
            throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public static void unstash(Run<?, ?> build, String name, FilePath workspace, TaskListener listener)
            throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public static void unstash(Run<?, ?> build, String name, FilePath workspace, Launcher launcher, EnvVars env,
            TaskListener listener) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public static void clearAll(Run<?, ?> build) throws IOException {
        throw new UnsupportedOperationException("stub");
    }

    public static void clearAll(Run<?, ?> build, TaskListener listener) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }
}
