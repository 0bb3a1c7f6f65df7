package io.multiarch.core.build;

/** How one platform's build ended. */
public enum PlatformStatus {
    SUCCEEDED,
    FAILED,
    /** Stopped because another platform failed first or the run was cancelled. */
    CANCELLED,
    /** Never started (dry run, or planning failed). */
    NOT_STARTED
}
