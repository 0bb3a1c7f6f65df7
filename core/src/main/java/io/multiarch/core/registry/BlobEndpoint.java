package io.multiarch.core.registry;

import io.multiarch.core.MultiarchException;
import io.multiarch.core.image.Digest;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.manifest.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** {@code /v2/<name>/blobs/<digest>} and {@code /v2/<name>/blobs/uploads/}: read, mount, upload. */
final class BlobEndpoint {
    private final RegistryClient client;

    BlobEndpoint(RegistryClient client) {
        this.client = client;
    }

    byte[] get(ImageRef repository, Digest digest) {
        RegistryResponse response = client.transport(repository).send(
                RegistryRequest.of("GET", "/v2/" + repository.repository() + "/blobs/" + digest,
                        RegistryClient.scope(repository, false)));
        if (response.status() == 404) {
            throw MultiarchException.failed("Blob " + digest + " is missing from " + repository.name()
                    + " although a manifest references it (the image is broken; push it again)");
        }
        ManifestEndpoint.check(response, repository, "reading blob " + digest.shortHex() + " of");
        if (!digest.matches(response.body())) {
            throw new RegistryException(repository.registry(), response.status(), "DIGEST_INVALID", "Blob " + digest
                    + " served by " + repository.registry() + " does not hash to its digest");
        }
        return response.body();
    }

    boolean exists(ImageRef repository, Digest digest) {
        RegistryResponse response = client.transport(repository).send(
                RegistryRequest.of("HEAD", "/v2/" + repository.repository() + "/blobs/" + digest,
                        RegistryClient.scope(repository, false)));
        if (response.status() == 404) {
            return false;
        }
        ManifestEndpoint.check(response, repository, "checking blob " + digest.shortHex() + " in");
        return true;
    }

    void copy(ImageRef source, ImageRef target, Descriptor blob) {
        if (blob.isForeign()) {
            return; // foreign layers live outside the registry
        }
        boolean sameRegistry = source.registry().equals(target.registry());
        if (sameRegistry && source.repository().equals(target.repository())) {
            return;
        }
        RegistryTransport transport = client.transport(target);
        String uploads = "/v2/" + target.repository() + "/blobs/uploads/";
        RegistryResponse opened;
        if (sameRegistry) {
            opened = transport.send(RegistryRequest.of("POST", uploads + "?mount=" + blob.digest() + "&from="
                    + URLEncoder.encode(source.repository(), StandardCharsets.UTF_8), RegistryClient.scope(target, true)
                    + " " + RegistryClient.scope(source, false)));
            if (opened.status() == 201) {
                client.listener().blobMounted(target.registry(), target.repository(), blob.digest().toString(),
                        source.repository());
                return;
            }
        } else {
            if (exists(target, blob.digest())) {
                client.listener().alreadyPresent(target.registry(), target.repository(), blob.digest().toString());
                return;
            }
            opened = transport.send(RegistryRequest.of("POST", uploads, RegistryClient.scope(target, true)));
        }
        ManifestEndpoint.check(opened, target, "starting an upload of blob " + blob.digest().shortHex() + " to");
        upload(source, target, blob, opened);
    }

    private void upload(ImageRef source, ImageRef target, Descriptor blob, RegistryResponse opened) {
        Path file = null;
        try {
            file = Files.createTempFile("multiarch-blob-", ".bin");
            download(source, blob.digest(), file);
            RegistryResponse session = opened;
            for (int attempt = 1; ; attempt++) {
                String location = session.header("Location");
                if (location == null) {
                    throw new RegistryException(target.registry(), session.status(), null, "Registry " + target.registry()
                            + " opened an upload without a Location header; cannot upload " + blob.digest());
                }
                String put = location + (location.contains("?") ? "&" : "?") + "digest="
                        + URLEncoder.encode(blob.digest().toString(), StandardCharsets.UTF_8);
                RegistryResponse done = client.transport(target).send(
                        RegistryRequest.of("PUT", put, RegistryClient.scope(target, true)).bodyFile(file));
                if (done.status() == 201) {
                    client.listener().blobUploaded(target.registry(), target.repository(), blob.digest().toString(),
                            Files.size(file));
                    return;
                }
                if (attempt >= 2 || !(RetryPolicy.isRetryable(done.status()) || done.status() == 404)) {
                    ManifestEndpoint.check(done, target, "uploading blob " + blob.digest().shortHex() + " to");
                    throw new RegistryException(target.registry(), done.status(), null, "Registry " + target.registry()
                            + " answered " + done.status() + " to the upload of blob " + blob.digest() + " to " + target.name());
                }
                // A failed upload invalidates its session: start a new one.
                session = client.transport(target).send(RegistryRequest.of("POST",
                        "/v2/" + target.repository() + "/blobs/uploads/", RegistryClient.scope(target, true)));
                ManifestEndpoint.check(session, target, "restarting the upload of blob " + blob.digest().shortHex() + " to");
            }
        } catch (IOException e) {
            throw new MultiarchException(MultiarchException.Kind.INTERNAL, "Cannot stage blob " + blob.digest()
                    + " in a temporary file: " + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temp file of public image content; nothing secret is left behind
                }
            }
        }
    }

    private void download(ImageRef source, Digest digest, Path file) throws IOException {
        RegistryResponse response = client.transport(source).send(
                RegistryRequest.of("GET", "/v2/" + source.repository() + "/blobs/" + digest,
                        RegistryClient.scope(source, false)).toFile(file));
        if (response.status() == 404) {
            throw MultiarchException.failed("Blob " + digest + " is missing from " + source.name()
                    + " although its manifest references it (the image is broken; push it again)");
        }
        ManifestEndpoint.check(response, source, "downloading blob " + digest.shortHex() + " of");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha(digest))) {
            MessageDigest md = ((DigestInputStream) in).getMessageDigest();
            in.transferTo(java.io.OutputStream.nullOutputStream());
            if (!HexFormat.of().formatHex(md.digest()).equals(digest.hex())) {
                throw new RegistryException(source.registry(), response.status(), "DIGEST_INVALID", "Blob " + digest
                        + " downloaded from " + source.name() + " does not hash to its digest");
            }
        }
    }

    private static MessageDigest sha(Digest digest) {
        try {
            return MessageDigest.getInstance(digest.algorithm().equals("sha256") ? "SHA-256" : "SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
