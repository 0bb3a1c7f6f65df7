package io.multiarch.core.registry;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.image.Digest;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.manifest.Descriptor;
import io.multiarch.core.manifest.Manifest;
import io.multiarch.core.manifest.MediaTypes;
import java.util.Optional;

/** {@code /v2/<name>/manifests/<reference>}: GET, HEAD and PUT. */
final class ManifestEndpoint {
    private final RegistryClient client;

    ManifestEndpoint(RegistryClient client) {
        this.client = client;
    }

    Optional<Manifest> get(ImageRef ref) {
        RegistryTransport transport = client.transport(ref);
        RegistryResponse response = transport.send(RegistryRequest.of("GET", path(ref), RegistryClient.scope(ref, false))
                .header("Accept", MediaTypes.ACCEPT_ALL));
        if (response.status() == 404) {
            return Optional.empty();
        }
        check(response, ref, "reading the manifest of");
        byte[] bytes = response.body();
        Digest digest = Digest.sha256(bytes);
        if (ref.digest() != null && !ref.digest().matches(bytes)) {
            throw new RegistryException(ref.registry(), response.status(), "DIGEST_INVALID", "Registry " + ref.registry()
                    + " served a manifest for " + ref + " whose content does not hash to the requested digest");
        }
        if (ref.digest() != null) {
            digest = ref.digest();
        }
        String served = response.header("Docker-Content-Digest");
        if (served != null && served.startsWith("sha256:") && !served.equals(digest.toString())) {
            throw new RegistryException(ref.registry(), response.status(), "DIGEST_INVALID", "Registry " + ref.registry()
                    + " says the manifest of " + ref + " is " + served + " but its bytes hash to " + digest);
        }
        return Optional.of(client.codec().parse(bytes, response.header("Content-Type"), digest, ref.toString()));
    }

    Optional<Descriptor> head(ImageRef ref) {
        RegistryTransport transport = client.transport(ref);
        RegistryResponse response = transport.send(RegistryRequest.of("HEAD", path(ref), RegistryClient.scope(ref, false))
                .header("Accept", MediaTypes.ACCEPT_ALL));
        if (response.status() == 404) {
            return Optional.empty();
        }
        check(response, ref, "checking the manifest of");
        String digest = response.header("Docker-Content-Digest");
        if (digest == null) {
            return get(ref).map(Manifest::descriptor);
        }
        String type = response.header("Content-Type");
        long size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        return Optional.of(Descriptor.of(type == null ? null : type.split(";")[0].trim(), Digest.parse(digest), size));
    }

    Digest put(ImageRef target, byte[] bytes, String mediaType) {
        RegistryTransport transport = client.transport(target);
        Digest expected = Digest.sha256(bytes);
        RegistryResponse response = transport.send(RegistryRequest.of("PUT", path(target), RegistryClient.scope(target, true))
                .body(bytes, mediaType));
        if (!response.isSuccess()) {
            String code = RegistryClient.errorCode(response.body());
            String hint = switch (code == null ? "" : code) {
                case "MANIFEST_BLOB_UNKNOWN", "BLOB_UNKNOWN" -> " (a blob or manifest it references is missing from "
                        + target.repository() + ")";
                case "DENIED", "UNAUTHORIZED" -> " (the user may not push to " + target.name() + ")";
                case "MANIFEST_INVALID", "UNSUPPORTED" -> " (the registry does not accept " + MediaTypes.describe(mediaType)
                        + "; try --format " + (mediaType.contains("oci") ? "docker" : "oci") + ")";
                default -> "";
            };
            throw new RegistryException(target.registry(), response.status(), code, "Registry " + target.registry()
                    + " refused to store the " + MediaTypes.describe(mediaType) + " as " + target + ": " + response.status()
                    + " " + RegistryClient.errorSummary(response.body()) + hint);
        }
        String confirmed = response.header("Docker-Content-Digest");
        if (confirmed != null && !confirmed.equals(expected.toString())) {
            throw new RegistryException(target.registry(), response.status(), "DIGEST_INVALID", "Registry " + target.registry()
                    + " stored " + target + " as " + confirmed + " but the bytes sent hash to " + expected
                    + " (the registry rewrote the manifest; it cannot be used for verified publishing)");
        }
        return expected;
    }

    private static String path(ImageRef ref) {
        return "/v2/" + ref.repository() + "/manifests/" + ref.reference();
    }

    static void check(RegistryResponse response, ImageRef ref, String doing) {
        if (response.isSuccess()) {
            return;
        }
        int status = response.status();
        String details = RegistryClient.errorSummary(response.body());
        String hint = status == 403 ? " (the credentials may not access " + ref.name() + ")"
                : status >= 500 ? " (the registry failed; try again later)" : "";
        throw new RegistryException(ref.registry(), status, RegistryClient.errorCode(response.body()), "Registry " + ref.registry() + " answered " + status + " "
                + doing + " " + ref + ": " + details + hint);
    }

    static MultiarchException missing(ImageRef ref) {
        return MultiarchException.failed("Image " + ref + " does not exist (no manifest with that tag or digest in "
                + ref.name() + "); push it first or fix the reference");
    }
}
