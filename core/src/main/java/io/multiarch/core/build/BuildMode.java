package io.multiarch.core.build;

/** How a platform is built on its agent. */
public enum BuildMode {
    /** The agent's own architecture: full speed. */
    NATIVE,
    /** Under qemu user emulation on an agent of another architecture: typically 4x-30x slower. */
    EMULATED
}
