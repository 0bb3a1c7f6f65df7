package io.multiarch.core;

/** Lines of progress the engine emits; adapters print them (CLI) or copy them to a build log (Jenkins). */
@FunctionalInterface
public interface Progress {
    Progress NONE = line -> { };

    void info(String line);
}
