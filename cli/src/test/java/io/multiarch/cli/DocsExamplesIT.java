package io.multiarch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarch.testing.DockerCli;
import io.multiarch.testing.ExecResult;
import io.multiarch.testing.LabRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs the user guide's examples (fenced blocks marked {@code bash tested} in docs/cli.md), in
 * order, through bin/multiarch against a real registry, engine and qemu: the docs cannot drift
 * from what the tool does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocsExamplesIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    LabRegistry registry;

    @BeforeAll
    void start() {
        DockerCli.requireEngine();
        registry = LabRegistry.start(LabRegistry.Auth.NONE);
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    static List<String> testedBlocks(Path markdown) throws IOException {
        List<String> blocks = new ArrayList<>();
        StringBuilder current = null;
        for (String line : Files.readAllLines(markdown)) {
            if (current == null && line.strip().equals("```bash tested")) {
                current = new StringBuilder();
            } else if (current != null && line.strip().equals("```")) {
                blocks.add(current.toString());
                current = null;
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        return blocks;
    }

    @Test
    void everyTestedExampleInTheCliGuideRuns() throws IOException {
        List<String> blocks = testedBlocks(ROOT.resolve("docs/cli.md"));
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(5);
        String prelude = "set -euo pipefail\ncd '" + ROOT + "'\nsource scripts/lab.sh\nlab_example_rootfs examples/hello\n";
        for (String block : blocks) {
            ExecResult result = ExecResult.run(List.of("bash", "-c", prelude + block),
                    Map.of("REGISTRY", registry.host()), null, Duration.ofMinutes(5));
            assertThat(result.exitCode()).as("docs/cli.md example:\n" + block + "\n" + result.describe()).isZero();
        }
        assertThat(registry.countLogLines(LabRegistry.manifestPut("docs/hello-refs"))).isPositive();
    }
}
