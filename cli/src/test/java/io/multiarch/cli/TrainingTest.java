package io.multiarch.cli;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/**
 * The launcher's training run must take the real paths to the end (a 3-platform publish with layers, a
 * single-image publish, inspect), or the start-up archive would silently miss them.
 */
class TrainingTest {
    @Test
    void everyTrainedCommandSucceedsAgainstTheStandIn() {
        assertThatCode(() -> Training.main(new String[0])).doesNotThrowAnyException();
    }
}
