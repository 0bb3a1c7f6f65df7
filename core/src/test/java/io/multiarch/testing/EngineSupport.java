package io.multiarch.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the extra engines of the lab (SecondEngine, ModernEngine) share: their bridge and stopping a daemon. */
final class EngineSupport {
    private EngineSupport() {
    }

    /** Creates the Linux bridge {@code name} with {@code cidr} (e.g. 172.30.0.1/16) unless it exists. */
    static void ensureBridge(String name, String cidr) {
        if (Files.exists(Path.of("/sys/class/net/" + name))) {
            return;
        }
        for (List<String> cmd : List.of(List.of("ip", "link", "add", name, "type", "bridge"),
                List.of("ip", "addr", "add", cidr, "dev", name), List.of("ip", "link", "set", name, "up"))) {
            ExecResult.run(cmd, Map.of(), null, Duration.ofSeconds(10)).assertOk();
        }
    }

    /**
     * Deletes the bridge (quietly: it may be gone already) and the veth pairs a killed engine left on its
     * subnet: docker derives a container's MAC from its IP ({@code 02:42:ac:1d:...} is 172.29.x.x), and a
     * build step's veth whose namespace was never set up stays in the host's namespace.
     */
    static void removeBridge(String name, String cidr) {
        String[] octets = cidr.substring(0, cidr.indexOf('/')).split("\\.");
        String macPrefix = String.format("link/ether 02:42:%02x:%02x:", Integer.parseInt(octets[0]), Integer.parseInt(octets[1]));
        ExecResult links = ExecResult.run(List.of("ip", "-o", "link", "show", "type", "veth"), Map.of(), null, Duration.ofSeconds(10));
        for (String line : links.stdout().lines().toList()) {
            if (line.contains(macPrefix)) {
                String iface = line.split(":")[1].trim();
                iface = iface.contains("@") ? iface.substring(0, iface.indexOf('@')) : iface;
                ExecResult.run(List.of("ip", "link", "del", iface), Map.of(), null, Duration.ofSeconds(10));
            }
        }
        ExecResult.run(List.of("ip", "link", "del", name), Map.of(), null, Duration.ofSeconds(10));
    }

    /** Stops a daemon: SIGTERM, up to 30 s to exit, then SIGKILL. Null is nothing to stop. */
    static void stop(Process process) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
