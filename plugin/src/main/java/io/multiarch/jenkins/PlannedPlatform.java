package io.multiarch.jenkins;

import java.io.Serializable;

/**
 * Where one platform of a {@code multiArchBuild} goes: the agent label it is queued for, and whether that
 * label was chosen for the platform itself (native) or is the emulation label (qemu). The engine on the
 * agent still checks what the agent really is and reports the actual mode.
 */
public final class PlannedPlatform implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String platform;
    private final String label;
    private final boolean emulated;

    PlannedPlatform(String platform, String label, boolean emulated) {
        this.platform = platform;
        this.label = label;
        this.emulated = emulated;
    }

    /** {@code linux/s390x}. */
    public String getPlatform() {
        return platform;
    }

    /** The label expression the platform's branch asks the queue for. */
    public String getLabel() {
        return label;
    }

    public boolean isEmulated() {
        return emulated;
    }

    /** {@code native} or {@code emulated}: the planned mode. */
    public String getMode() {
        return emulated ? "emulated" : "native";
    }
}
