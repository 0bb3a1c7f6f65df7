package io.multiarch.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigCredentialsTest {
    @TempDir
    Path dir;

    private DockerConfigCredentials store(String json) throws IOException {
        Files.writeString(dir.resolve("config.json"), json);
        return DockerConfigCredentials.fromEnvironment(Map.of("DOCKER_CONFIG", dir.toString(), "PATH", dir + ":/usr/bin:/bin"));
    }

    private void helper(String name, String script) throws IOException {
        Path file = dir.resolve("docker-credential-" + name);
        Files.writeString(file, "#!/bin/sh\n" + script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void readsAuthsInEveryKeyStyle() throws IOException {
        String auth = Base64.getEncoder().encodeToString("alice:s3cret:with:colons".getBytes());
        DockerConfigCredentials store = store("{\"auths\":{"
                + "\"https://index.docker.io/v1/\":{\"auth\":\"" + Base64.getEncoder().encodeToString("hub:pw".getBytes()) + "\"},"
                + "\"https://reg.example.com/v2/\":{\"auth\":\"" + auth + "\"},"
                + "\"localhost:5000\":{\"username\":\"bob\",\"password\":\"pw2\"},"
                + "\"tok.example.com\":{\"identitytoken\":\"refresh-me\"}}}");
        assertThat(store.find("docker.io")).get().extracting(Credentials::username).isEqualTo("hub");
        Credentials alice = store.find("reg.example.com").orElseThrow();
        assertThat(alice.username()).isEqualTo("alice");
        assertThat(alice.password().reveal()).isEqualTo("s3cret:with:colons");
        assertThat(alice.toString()).doesNotContain("s3cret");
        assertThat(store.find("localhost:5000")).get().extracting(c -> c.password().reveal()).isEqualTo("pw2");
        assertThat(store.find("tok.example.com").orElseThrow().identityToken().reveal()).isEqualTo("refresh-me");
        assertThat(store.find("other.example.com")).isEmpty();
    }

    @Test
    void credHelpersWinOverAuthsAndCredsStoreIsTheFallback() throws IOException {
        Path calls = dir.resolve("calls");
        helper("pass", "read host; echo \"$host\" >> " + calls + "; "
                + "echo '{\"ServerURL\":\"'$host'\",\"Username\":\"helper-user\",\"Secret\":\"helper-secret\"}'\n");
        helper("store", "read host; echo 'credentials not found in native keychain'; exit 1\n");
        DockerConfigCredentials store = store("{\"credsStore\":\"store\",\"credHelpers\":{\"reg.example.com\":\"pass\"},"
                + "\"auths\":{\"reg.example.com\":{\"auth\":\"" + Base64.getEncoder().encodeToString("x:y".getBytes()) + "\"}}}");
        Credentials creds = store.find("reg.example.com").orElseThrow();
        assertThat(creds.username()).isEqualTo("helper-user");
        assertThat(creds.password().reveal()).isEqualTo("helper-secret");
        store.find("reg.example.com");
        assertThat(Files.readAllLines(calls)).as("the helper runs once per registry and run").containsExactly("reg.example.com");
        assertThat(store.find("elsewhere.example.com")).as("credsStore says not found").isEmpty();
    }

    @Test
    void toleratesMissingConfigAndConfigWithoutAuths() throws IOException {
        assertThat(DockerConfigCredentials.fromEnvironment(Map.of("DOCKER_CONFIG", dir.resolve("none").toString()))
                .find("reg.example.com")).isEmpty();
        assertThat(store("{\"experimental\":\"enabled\"}").find("reg.example.com")).isEmpty();
    }

    @Test
    void brokenHelpersAndConfigsGiveClearErrors() throws IOException {
        helper("broken", "echo 'boom: keychain locked' >&2; exit 3\n");
        DockerConfigCredentials store = store("{\"credHelpers\":{\"reg.example.com\":\"broken\",\"b.example.com\":\"absent\"}}");
        assertThatThrownBy(() -> store.find("reg.example.com")).hasMessageContaining("docker-credential-broken")
                .hasMessageContaining("keychain locked");
        assertThatThrownBy(() -> store.find("b.example.com")).hasMessageContaining("docker-credential-absent")
                .hasMessageContaining("cannot be started");
        assertThatThrownBy(() -> store("{not json").find("x")).hasMessageContaining("Cannot read docker config");
    }
}
