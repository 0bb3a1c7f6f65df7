package io.multiarch.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/** The process's streams and environment, injectable so tests run commands in-process. */
record CliContext(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
}
