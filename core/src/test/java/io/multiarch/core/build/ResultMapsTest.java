package io.multiarch.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarch.core.image.Digest;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultMapsTest {
    @Test
    void roundTripsEveryField() {
        PlatformResult r = new PlatformResult(Platform.parse("linux/arm/v7"), "agent-7", BuildMode.EMULATED,
                Instant.parse("2026-11-26T10:00:00Z"), Instant.parse("2026-11-26T10:01:30Z"), PlatformStatus.SUCCEEDED, 0,
                ImageRef.parse("reg:5000/app:1.0-arm-v7"), Digest.parse("sha256:" + "c".repeat(64)), 1234, Path.of("logs/x.log"), null);
        Map<String, Object> map = ResultMaps.toMap(r);
        assertThat(map).containsEntry("mode", "emulated").containsEntry("durationMillis", 90_000L).containsEntry("status", "succeeded");
        assertThat(ResultMaps.fromMap(map)).isEqualTo(r);
        PlatformResult notStarted = new PlatformResult(Platform.parse("s390x"), "a", BuildMode.NATIVE, null, null,
                PlatformStatus.NOT_STARTED, -1, null, null, 0, null, "planning failed");
        assertThat(ResultMaps.fromMap(ResultMaps.toMap(notStarted))).isEqualTo(notStarted);
    }
}
