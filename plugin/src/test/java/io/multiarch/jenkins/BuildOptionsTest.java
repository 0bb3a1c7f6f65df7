package io.multiarch.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.multiarch.core.MultiarchException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The options of multiArchBuild as a script gives them: no Jenkins needed. */
class BuildOptionsTest {
    private static final BuildOptions.Defaults NONE = BuildOptions.Defaults.none();

    private static Map<String, Object> args(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static BuildOptions read(Map<String, Object> args, BuildOptions.Defaults defaults) {
        return BuildOptions.fromMap(args, defaults, "multiArchBuild");
    }

    @Test
    void firstTagNamesTheImageAndOwnLabelsAreNativeTheRestEmulated() {
        BuildOptions o = read(args("image", "registry.example.com/team/app", "tags", List.of("1.0", "latest", "1.0"),
                "platforms", List.of("linux/amd64", "s390x", "aarch64"), "labels", Map.of("amd64", "docker && amd64"),
                "emulationLabel", "qemu"), NONE);

        assertEquals("registry.example.com/team/app:1.0", o.getImage());
        assertEquals(List.of("1.0", "latest"), o.getTags());
        assertEquals(List.of("linux/amd64", "linux/s390x", "linux/arm64"), o.getPlatforms());
        assertEquals("docker && amd64", o.planned("linux/amd64").getLabel());
        assertEquals("native", o.planned("linux/amd64").getMode());
        assertEquals("qemu", o.planned("linux/s390x").getLabel());
        assertTrue(o.planned("linux/arm64").isEmulated());
        assertEquals("**", o.stashIncludes());
        assertEquals(2, o.getRetries());
        assertTrue(o.isReport());
        assertFalse(o.isAllowPartial());
    }

    /** multiArchBuild builds each platform on its own node, so two platforms with one per-arch name are caught here. */
    @Test
    void aTemplateThatGivesTwoPlatformsOneNameIsRefused() {
        MultiarchException e = assertThrows(MultiarchException.class, () -> read(args("image", "registry.example.com/team/app",
                "platforms", List.of("linux/arm/v6", "linux/arm/v7"), "emulationLabel", "qemu", "archTemplate",
                "{image}:{tag}-{arch}"), NONE));
        assertTrue(e.getMessage().contains("is the same for linux/arm/v6 and linux/arm/v7"), e.getMessage());
    }

    @Test
    void stringsWorkLikeListsAndMaps() {
        BuildOptions o = read(args("image", "registry.example.com/team/app:2.0", "tags", "2.0, stable", "platforms",
                "linux/amd64 linux/ppc64le", "labels", "linux/amd64=amd64\nppc64le=power", "buildArgs", "A=1\nB=x=y",
                "timeoutMinutes", "30", "report", "false"), NONE);

        assertEquals(List.of("2.0", "stable"), o.getTags());
        assertEquals("power", o.planned("linux/ppc64le").getLabel());
        assertEquals(Map.of("A", "1", "B", "x=y"), o.getBuildArgs());
        assertEquals(30, o.getTimeoutMinutes());
        assertFalse(o.isReport());
    }

    @Test
    void globalLabelsAreDefaultsAndTheStepOverridesThem() {
        BuildOptions.Defaults defaults = new BuildOptions.Defaults(Map.of("linux/s390x", "s390x", "arm64", "arm"), "qemu", null, null);
        BuildOptions o = read(args("image", "registry.example.com/app", "platforms", List.of("linux/s390x", "linux/arm64",
                "linux/riscv64"), "labels", Map.of("arm64", "graviton")), defaults);

        assertEquals("s390x", o.planned("linux/s390x").getLabel());
        assertEquals("graviton", o.planned("linux/arm64").getLabel());
        assertEquals("qemu", o.planned("linux/riscv64").getLabel());
        assertTrue(o.planned("linux/riscv64").isEmulated());
    }

    @Test
    void aPlatformWithoutLabelOrEmulationLabelIsNamedWithTheFix() {
        MultiarchException e = assertThrows(MultiarchException.class, () -> read(args("image", "registry.example.com/app",
                "platforms", List.of("linux/amd64", "linux/s390x"), "labels", Map.of("amd64", "amd64")), NONE));

        assertTrue(e.getMessage().contains("no agent label for linux/s390x"), e.getMessage());
        assertTrue(e.getMessage().contains("labels: [s390x: 's390x']"), e.getMessage());
        assertTrue(e.getMessage().contains("emulationLabel"), e.getMessage());
    }

    @Test
    void unknownOptionsAndMissingOnesAreRejected() {
        MultiarchException unknown = assertThrows(MultiarchException.class,
                () -> read(args("image", "a.b/app", "platfroms", "linux/amd64"), NONE));
        assertTrue(unknown.getMessage().contains("unknown option platfroms"), unknown.getMessage());

        MultiarchException noPlatforms = assertThrows(MultiarchException.class, () -> read(args("image", "a.b/app"), NONE));
        assertTrue(noPlatforms.getMessage().contains("'platforms' is required"), noPlatforms.getMessage());

        MultiarchException outside = assertThrows(MultiarchException.class, () -> read(args("image", "a.b/app", "platforms",
                "linux/amd64", "emulationLabel", "q", "context", "../elsewhere"), NONE));
        assertTrue(outside.getMessage().contains("inside the workspace"), outside.getMessage());

        MultiarchException labelForAnother = assertThrows(MultiarchException.class, () -> read(args("image", "a.b/app",
                "platforms", "linux/amd64", "labels", Map.of("s390x", "s390x")), NONE));
        assertTrue(labelForAnother.getMessage().contains("not in 'platforms'"), labelForAnother.getMessage());
    }

    @Test
    void theRegistryShapeOfDockerWorkflowQualifiesTheImage() {
        BuildOptions o = read(args("image", "team/app", "platforms", "linux/amd64", "emulationLabel", "q", "registry",
                Map.of("url", "https://registry.example.com:5000/", "credentialsId", "creds")), NONE);
        assertEquals("registry.example.com:5000/team/app:latest", o.getImage());
        assertEquals("creds", o.getCredentialsId());

        BuildOptions flat = read(args("image", "team/app", "platforms", "linux/amd64", "emulationLabel", "q",
                "registryUrl", "registry.example.com", "credentialsId", "creds"), NONE);
        assertEquals("registry.example.com/team/app:latest", flat.getImage());

        MultiarchException other = assertThrows(MultiarchException.class, () -> read(args("image", "other.example.com/app",
                "platforms", "linux/amd64", "emulationLabel", "q", "registryUrl", "https://registry.example.com"), NONE));
        assertTrue(other.getMessage().contains("other.example.com"), other.getMessage());
    }

    @Test
    void globalCredentialsApplyToImagesOnTheGlobalRegistryOnly() {
        BuildOptions.Defaults defaults = new BuildOptions.Defaults(Map.of(), "qemu", "https://registry.example.com", "global");

        BuildOptions onIt = read(args("image", "team/app", "platforms", "linux/amd64"), defaults);
        assertEquals("registry.example.com/team/app:latest", onIt.getImage());
        assertEquals("global", onIt.getCredentialsId());

        BuildOptions elsewhere = read(args("image", "ghcr.io/team/app", "platforms", "linux/amd64"), defaults);
        assertNull(elsewhere.getCredentialsId());

        BuildOptions own = read(args("image", "team/app", "platforms", "linux/amd64", "credentialsId", "mine"), defaults);
        assertEquals("mine", own.getCredentialsId());
        assertEquals("registry.example.com/team/app:latest", own.getImage());
    }

    @Test
    void theStashCarriesTheContextAndADockerfileOutsideIt() {
        BuildOptions o = read(args("image", "a.b/app", "platforms", "linux/amd64", "emulationLabel", "q", "context", "./app/",
                "dockerfile", "docker/Dockerfile.multi"), NONE);
        assertEquals("./app", o.getContext());
        assertEquals("app/**,docker/Dockerfile.multi", o.stashIncludes());

        BuildOptions inside = read(args("image", "a.b/app", "platforms", "linux/amd64", "emulationLabel", "q", "context", "app",
                "dockerfile", "app/Dockerfile"), NONE);
        assertEquals("app/**", inside.stashIncludes());
    }

    @Test
    void registryHostsFollowDockerSpellings() {
        assertEquals("docker.io", RegistryHosts.host("https://index.docker.io/v1/"));
        assertEquals("registry.example.com", RegistryHosts.host("https://registry.example.com:443"));
        assertEquals("127.0.0.1:5000", RegistryHosts.host("http://127.0.0.1:5000"));
        assertEquals("registry.example.com:5000", RegistryHosts.host("registry.example.com:5000"));
        assertTrue(RegistryHosts.namesRegistry("localhost/app"));
        assertFalse(RegistryHosts.namesRegistry("team/app"));
    }

    @Test
    void theMaskHidesThePasswordEverywhereInALine() {
        assertEquals("login **** and ****", Values.mask("login s3cr3t and s3cr3t", "s3cr3t"));
        assertEquals("unchanged", Values.mask("unchanged", null));
    }
}
