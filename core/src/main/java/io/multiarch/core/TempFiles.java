package io.multiarch.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Clean-up of the engine's temporary directories that hold nothing secret (probe contexts, downloads). */
public final class TempFiles {
    private TempFiles() {
    }

    /** Deletes a directory tree if it exists; leftovers are ignored (never use it for files holding secrets). */
    public static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // nothing secret is in these directories: a leftover is untidy, not a leak
        }
    }
}
