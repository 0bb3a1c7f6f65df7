package io.multiarch.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The private DOCKER_CONFIG's layout. Found by hand with a real remote buildx builder: with credentials the
 * build ran in this config and buildx answered 'no builder "remote-bk" found', because the builders the user
 * had created live in {@code $DOCKER_CONFIG/buildx}.
 */
class TempDockerConfigTest {
    @TempDir
    Path user;
    @TempDir
    Path parent;

    @Test
    void theUsersBuildersContextsAndPluginsStayVisibleButNotTheirCredentials() throws IOException {
        Files.writeString(user.resolve("config.json"), "{\"auths\":{\"reg:5000\":{\"auth\":\"Y2k6c2VjcmV0\"}},"
                + "\"credsStore\":\"pass\",\"currentContext\":\"remote\",\"detachKeys\":\"ctrl-x\"}");
        Files.createDirectories(user.resolve("buildx/instances"));
        Files.writeString(user.resolve("buildx/instances/remote-bk"), "{}");
        Files.createDirectories(user.resolve("contexts/meta"));
        Files.createDirectories(user.resolve("cli-plugins"));

        Path dir;
        try (TempDockerConfig config = TempDockerConfig.create(Map.of("DOCKER_CONFIG", user.toString()), parent)) {
            dir = config.dir();
            assertThat(dir.resolve("buildx/instances/remote-bk")).exists();
            for (String shared : TempDockerConfig.SHARED_DIRS) {
                assertThat(Files.readSymbolicLink(dir.resolve(shared))).isEqualTo(user.resolve(shared));
            }
            String copied = Files.readString(dir.resolve("config.json"));
            assertThat(copied).contains("\"currentContext\":\"remote\"").contains("ctrl-x")
                    .doesNotContain("auths").doesNotContain("Y2k6c2VjcmV0").doesNotContain("credsStore");
        }
        assertThat(dir).doesNotExist();
        assertThat(user.resolve("buildx/instances/remote-bk")).as("deleting the private config leaves the user's alone").exists();
        assertThat(user.resolve("contexts/meta")).exists();
    }
}
