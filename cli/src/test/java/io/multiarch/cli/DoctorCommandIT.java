package io.multiarch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarch.testing.DockerCli;
import io.multiarch.testing.LabRegistry;
import io.multiarch.testing.ModernEngine;
import io.multiarch.testing.PushedImage;
import io.multiarch.testing.TestImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code multiarch doctor} against the real engine, qemu handlers and registries of this machine: OK lines
 * for what works, and for what does not a FAIL with a concrete fix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DoctorCommandIT {
    LabRegistry basic;
    LabRegistry token;

    @TempDir
    Path tmp;

    @BeforeAll
    void start() {
        DockerCli.requireEngine();
        basic = LabRegistry.start(LabRegistry.Auth.BASIC);
        token = LabRegistry.start(LabRegistry.Auth.TOKEN);
    }

    @AfterAll
    void stop() {
        if (basic != null) {
            basic.close();
        }
        if (token != null) {
            token.close();
        }
    }

    /** This JVM's environment with an empty DOCKER_CONFIG, so no stored login interferes. */
    private Map<String, String> env() throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DOCKER_CONFIG", Files.createTempDirectory(tmp, "cfg").toString());
        return env;
    }

    private static Pattern line(String regex) {
        return Pattern.compile("(?m)^" + regex);
    }

    @Test
    void theLocalEngineIsOkAndAnUnreachableEndpointAndRiscv64FailWithFixes() throws IOException {
        CliRun run = CliRun.of(env(), "", "doctor", "--platforms", "linux/arm64,linux/s390x,linux/ppc64le,linux/riscv64",
                "--endpoint", "unix:///nonexistent.sock");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        String out = run.out();
        assertThat(out).as(run.all())
                .containsPattern(line("AGENT +CHECK +STATUS +DETAIL$"))
                .containsPattern(line("local +engine +OK +Docker engine \\S+ \\(default endpoint\\)$"))
                .containsPattern(line("local +architecture +OK +linux/amd64 \\(builds it natively\\)$"))
                .containsPattern(line("local +buildx +OK +docker buildx at /usr/libexec/docker/cli-plugins/docker-buildx$"))
                .containsPattern(line("local +builder +OK +driver docker: one platform per invocation"))
                .containsPattern(line("local +platform linux/arm64 +OK +emulated: runs linux/arm64 binaries \\(uname -m: aarch64\\)$"))
                .containsPattern(line("local +platform linux/s390x +OK +emulated: runs linux/s390x binaries \\(uname -m: s390x\\)$"))
                .containsPattern(line("local +platform linux/ppc64le +OK +emulated: runs linux/ppc64le binaries"))
                .containsPattern(line("local +platform linux/riscv64 +FAIL +cannot prove emulation: probe binary "
                        + "/var/lib/multiarch-lab/busybox/riscv64/busybox is missing\n +fix: run 'multiarch setup-qemu "
                        + "--platforms linux/riscv64 --fetch-probes' as root on Debian"))
                .containsPattern(line("unix:///nonexistent.sock +engine +FAIL +docker engine unix:///nonexistent.sock does not "
                        + "answer: .*\n +fix: start dockerd on that machine and check 'DOCKER_HOST=unix:///nonexistent.sock docker version'"))
                .containsPattern(line("this host +binfmt linux/arm64 +OK +qemu-aarch64 -> /usr/libexec/qemu-binfmt/aarch64-binfmt-P \\(flags POCF\\)$"))
                .containsPattern(line("this host +binfmt linux/s390x +OK +qemu-s390x -> /usr/libexec/qemu-binfmt/s390x-binfmt-P \\(flags POCF\\)$"));
        assertThat(out.lines().filter(l -> l.startsWith("unix:///nonexistent.sock"))).as("an unreachable engine gets one line").hasSize(1);
        if (!Files.exists(Path.of("/proc/sys/fs/binfmt_misc/qemu-riscv64"))) {
            assertThat(out).containsPattern(line("this host +binfmt linux/riscv64 +FAIL +no handler for linux/riscv64 is registered "
                    + "\\(qemu-riscv64 missing\\)\n +fix: run 'multiarch setup-qemu --platforms linux/riscv64' as root$"));
        }
        assertThat(out).containsPattern(line("\\d+ checks, [34] FAIL: see the fix lines above\\.$"));
        assertThat(run.err()).contains("multiarch doctor: checking agent local");
    }

    @Test
    void aCurrentEngineWithTheContainerdStoreIsCheckedThroughItsEndpoint() throws IOException {
        try (ModernEngine modern = ModernEngine.start()) {
            String endpoint = modern.dockerHost();
            CliRun run = CliRun.of(env(), "", "doctor", "--platforms", "linux/amd64,linux/s390x", "--endpoint", endpoint);

            assertThat(run.exitCode()).as(run.all()).isZero();
            String agent = Pattern.quote(endpoint);
            assertThat(run.out()).as(run.all())
                    .containsPattern(line(agent + " +engine +OK +Docker engine 26\\.\\S+ \\(" + agent + "\\)$"))
                    .containsPattern(line(agent + " +architecture +OK +linux/amd64 \\(builds it natively\\)$"))
                    .containsPattern(line(agent + " +builder +OK +driver docker: on the containerd image store it builds "
                            + "several platforms at once but cannot push them by digest, so multiarch runs one invocation per "
                            + "platform, in parallel"))
                    .containsPattern(line(agent + " +platform linux/s390x +OK +emulated: runs linux/s390x binaries"));
        }
    }

    @Test
    void everythingOkExitsZero() throws IOException {
        CliRun run = CliRun.of(env(), "", "doctor", "--platforms", "linux/amd64,linux/arm64,linux/s390x");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).doesNotContain("FAIL").containsPattern(line("local +platform linux/amd64 +OK +native$"))
                .containsPattern(line("\\d+ checks, all OK\\.$"));
    }

    @Test
    void aBasicAuthRegistryAcceptsTheLoginFromThisHostAndThroughTheEngine() throws IOException {
        String host = basic.host();
        CliRun run = CliRun.of(env(), basic.password() + "\n", "doctor", "--platforms", "linux/amd64", "--registry", host,
                "--username", basic.username(), "--password-stdin");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out())
                .containsPattern(line("this host +registry " + Pattern.quote(host) + " reachable +OK +GET http://"
                        + Pattern.quote(host) + "/v2/ answered 401 \\(login required\\)$"))
                .containsPattern(line("this host +registry " + Pattern.quote(host) + " login +OK +user 'lab-user' logged in \\(Basic\\)$"))
                .containsPattern(line("local +registry " + Pattern.quote(host) + " login via engine +OK +the engine logged in to "));
        assertThat(run.all()).doesNotContain(basic.password());
    }

    @Test
    void aWrongPasswordFailsTheLoginWithAFixAndNeverShowsUp() throws IOException {
        String host = basic.host();
        String wrong = "canary-wrong-0123456789";
        CliRun run = CliRun.of(env(), wrong + "\n", "doctor", "--platforms", "linux/amd64", "--registry", host,
                "--username", basic.username(), "--password-stdin");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out())
                .containsPattern(line("this host +registry " + Pattern.quote(host) + " reachable +OK "))
                .containsPattern(line("this host +registry " + Pattern.quote(host) + " login +FAIL +GET http://" + Pattern.quote(host)
                        + "/v2/ as user 'lab-user' answered 401 \\(login failed\\)\n +fix: check the user name and password"))
                .containsPattern(line("local +registry " + Pattern.quote(host) + " login via engine +FAIL +docker login to .*\n"
                        + " +fix: check the user name and password"));
        assertThat(run.all()).doesNotContain(wrong).doesNotContain(basic.password());
    }

    @Test
    void withoutCredentialsTheLoginCheckSaysHowToLogIn() throws IOException {
        String host = basic.host();
        CliRun run = CliRun.of(env(), "", "doctor", "--platforms", "linux/amd64", "--registry", host);

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).containsPattern(line("this host +registry " + Pattern.quote(host) + " login +FAIL +the registry requires "
                + "a login and no credentials were found for " + Pattern.quote(host) + "\n +fix: run 'docker login "
                + Pattern.quote(host) + "', or pass --username USER --password-stdin$"));
    }

    @Test
    void aTokenRegistryLogsInThroughItsTokenServiceAndResolvesAReference() throws IOException {
        String host = token.host();
        PushedImage pushed = TestImages.push(token, DockerCli.login(token), "linux/amd64", "team/doctor:1.0");
        CliRun run = CliRun.of(env(), token.password() + "\n", "doctor", "--platforms", "linux/amd64", "--registry", host,
                "--username", token.username(), "--password-stdin", "--registry-check", pushed.reference());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out())
                .containsPattern(line("this host +registry " + Pattern.quote(host) + " login +OK +user 'lab-user' logged in \\(token from "))
                .containsPattern(line("this host +registry check " + Pattern.quote(pushed.reference()) + " +OK +resolves to "
                        + Pattern.quote(pushed.digest())));

        CliRun missing = CliRun.of(env(), token.password() + "\n", "doctor", "--platforms", "linux/amd64",
                "--username", token.username(), "--password-stdin", "--registry-check", host + "/team/doctor:nope");
        assertThat(missing.exitCode()).as(missing.all()).isEqualTo(1);
        assertThat(missing.out()).containsPattern(line("this host +registry check " + Pattern.quote(host)
                + "/team/doctor:nope +FAIL +the registry has no manifest"));
        assertThat(run.all() + missing.all()).doesNotContain(token.password());
    }

    @Test
    void aRegistryNobodyListensOnIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        CliRun run = CliRun.of(env(), "", "doctor", "--platforms", "linux/amd64", "--registry", "127.0.0.1:" + port);

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).containsPattern(line("this host +registry 127\\.0\\.0\\.1:" + port + " reachable +FAIL +GET http://"
                + "127\\.0\\.0\\.1:" + port + "/v2/ failed: .*\n +fix: nothing listens on 127\\.0\\.0\\.1:" + port));
    }

    @Test
    void credentialsWithoutARegistryAreInvalidInput() throws IOException {
        CliRun run = CliRun.of(env(), "secret\n", "doctor", "--username", "u", "--password-stdin");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("need --registry HOST");
    }
}
