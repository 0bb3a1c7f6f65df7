package io.multiarch.cli;

import picocli.CommandLine.ArgGroup;

/** Puts the shared registry options into a command. */
final class RegistryOptionsMixin {
    @ArgGroup(exclusive = false, heading = "%nRegistry access:%n")
    RegistryOptions options = new RegistryOptions();
}
