package io.multiarch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** Build contexts for tests: FROM scratch + the static busybox of the target architecture. */
public final class TestContexts {
    /** Docker's TARGETARCH+TARGETVARIANT to Debian's architecture name. */
    private static final Map<String, String> DEBIAN = Map.of("amd64", "amd64", "arm64", "arm64", "s390x", "s390x",
            "ppc64le", "ppc64el", "armv7", "armhf");

    private TestContexts() {
    }

    /**
     * Writes a context whose Dockerfile installs busybox for the target platform and then runs
     * {@code extraLines} (e.g. a RUN that fails on one platform).
     */
    public static Path busyboxApp(Path dir, String extraLines) {
        try {
            for (Map.Entry<String, String> e : DEBIAN.entrySet()) {
                Path target = dir.resolve("rootfs").resolve(e.getKey());
                Files.createDirectories(target);
                Files.copy(Path.of("/var/lib/multiarch-lab/busybox", e.getValue(), "busybox"), target.resolve("busybox"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nARG TARGETARCH\nARG TARGETVARIANT\n"
                    + "COPY rootfs/${TARGETARCH}${TARGETVARIANT}/busybox /bin/busybox\n"
                    + "RUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\n" + extraLines + "\n");
            return dir;
        } catch (IOException e) {
            throw new AssertionError("cannot write a test build context in " + dir + " (run scripts/setup.sh for the busybox "
                    + "binaries): " + e.getMessage(), e);
        }
    }
}
