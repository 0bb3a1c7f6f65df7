package io.multiarch.cli;

import picocli.CommandLine.ArgGroup;

/** Puts the shared build options into a command. */
final class BuildOptionsMixin {
    @ArgGroup(exclusive = false, multiplicity = "1", heading = "%nBuild:%n")
    BuildOptions options = new BuildOptions();
}
