package io.multiarch.jenkins.agents;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.platform.Platform;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The automatic label names of an agent, from its probe: {@code multiarch-native-<arch>} for the engine's own
 * platform and {@code multiarch-emulated-<arch>} for each platform whose emulation was proved. {@code <arch>} is
 * the architecture with its variant after a dash ({@code amd64}, {@code arm64}, {@code s390x}, {@code ppc64le},
 * {@code arm-v7}), prefixed by the OS and a dash when it is not Linux ({@code windows-amd64}). An agent whose
 * engine could not be used gets no label; a broken platform gets none. No Jenkins types.
 */
public final class AgentLabels {
    /** Every automatic label starts with this. */
    public static final String PREFIX = "multiarch-";
    public static final String NATIVE = PREFIX + "native-";
    public static final String EMULATED = PREFIX + "emulated-";

    private AgentLabels() {
    }

    /**
     * The label text of a platform: {@code linux/arm/v7} gives {@code arm-v7}, {@code linux/arm64} gives
     * {@code arm64}, {@code windows/amd64} gives {@code windows-amd64}. Aliases are normalised first
     * ({@code aarch64} gives {@code arm64}).
     *
     * @throws MultiarchException (invalid input) for text that is not a platform
     */
    public static String archText(String platform) {
        Platform p = Platform.parse(platform);
        String arch = p.variant() == null ? p.architecture() : p.architecture() + "-" + p.variant();
        return "linux".equals(p.os()) ? arch : p.os() + "-" + arch;
    }

    /** {@code multiarch-native-s390x} for {@code linux/s390x}. */
    public static String nativeLabel(String platform) {
        return NATIVE + archText(platform);
    }

    /** {@code multiarch-emulated-arm64} for {@code linux/arm64}. */
    public static String emulatedLabel(String platform) {
        return EMULATED + archText(platform);
    }

    /**
     * The labels a probe result gives its node, native first, then the emulated platforms in probe order; empty
     * for null or an unusable engine.
     */
    public static List<String> names(AgentPlatforms probe) {
        if (probe == null || !probe.isUsable()) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        if (probe.getNativePlatform() != null) {
            names.add(nativeLabel(probe.getNativePlatform()));
        }
        for (AgentPlatforms.PlatformProbe p : probe.getPlatforms()) {
            if (p.getState() == AgentPlatforms.State.EMULATED) {
                names.add(emulatedLabel(p.getPlatform()));
            }
        }
        return List.copyOf(new ArrayList<>(names));
    }
}
