package io.multiarch.core.build;

import io.multiarch.core.platform.Platform;

/** What a build reports as it goes; adapters show it live. Every method has a no-op default. */
public interface BuildListener {
    BuildListener NONE = new BuildListener() { };

    default void planned(BuildPlan plan) { }

    default void started(BuildPlan.Step step) { }

    /** A line of a platform's build output (already masked). */
    default void line(Platform platform, String line) { }

    default void finished(PlatformResult result) { }

    /** A line about the run as a whole (publishing, cleanup). */
    default void info(String line) { }
}
