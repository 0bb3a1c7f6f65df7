package io.multiarch.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.multiarch.core.Json;
import io.multiarch.core.image.Digest;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.manifest.Descriptor;
import io.multiarch.core.manifest.Manifest;
import io.multiarch.core.manifest.ManifestCodec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Our own client for the OCI distribution API (see docs/adr/0001-own-registry-client.md for why no
 * library on Maven Central can do this job). One instance per run: it keeps one connection pool,
 * one transport (auth state, token) per registry, and the credential look-ups cached.
 *
 * <p>Endpoints: {@link ManifestEndpoint} (GET/HEAD/PUT manifests) and {@link BlobEndpoint}
 * (GET/HEAD blobs, cross-repository mount, upload).
 */
public final class RegistryClient implements AutoCloseable {
    static final String USER_AGENT = "multiarch/0.1 (+java.net.http)";

    private final Settings settings;
    private final ManifestCodec codec;
    private final Map<String, RegistryTransport> transports = new ConcurrentHashMap<>();
    private final ManifestEndpoint manifests;
    private final BlobEndpoint blobs;

    private RegistryClient(Settings settings) {
        this.settings = settings;
        this.codec = new ManifestCodec();
        this.manifests = new ManifestEndpoint(this);
        this.blobs = new BlobEndpoint(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    public ManifestCodec codec() {
        return codec;
    }

    RegistryListener listener() {
        return settings.listener();
    }

    RegistryTransport transport(ImageRef ref) {
        return transports.computeIfAbsent(ref.registry(),
                registry -> new RegistryTransport(registry, ref.apiHost(), settings));
    }

    /**
     * Declares, before the first request, that the run will pull from (or also push to) this
     * repository, so a token service is asked once for a token that covers the whole run.
     */
    public void declare(ImageRef repository, boolean push) {
        transport(repository).want(scope(repository, push));
    }

    /** The manifest a reference points at, exactly as served; empty when the registry has no such manifest. */
    public Optional<Manifest> fetchManifest(ImageRef ref) {
        return manifests.get(ref);
    }

    /** The descriptor (digest, type, size) of the manifest a reference points at, without its body. */
    public Optional<Descriptor> headManifest(ImageRef ref) {
        return manifests.head(ref);
    }

    /**
     * Puts manifest bytes under {@code target}'s tag or digest; returns the digest the registry
     * confirmed, which must equal the digest of the bytes.
     */
    public Digest pushManifest(ImageRef target, byte[] bytes, String mediaType) {
        return manifests.put(target, bytes, mediaType);
    }

    /** A small blob (an image config) from a repository, checked against its digest. */
    public byte[] fetchBlob(ImageRef repository, Digest digest) {
        return blobs.get(repository, digest);
    }

    /**
     * Makes a blob of {@code source}'s repository available in {@code target}'s repository: nothing
     * when it is there already, a cross-repository mount on the same registry, else download and
     * upload.
     */
    public void copyBlob(ImageRef source, ImageRef target, Descriptor blob) {
        blobs.copy(source, target, blob);
    }

    /**
     * Ends this client's run. Connections are pooled by the JDK (keep-alive) and closed by its idle
     * timeout; nothing else needs stopping, so a CLI process exits at once.
     */
    @Override
    public void close() {
        // nothing to release: HttpURLConnection keeps no threads of its own
    }

    static String scope(ImageRef repository, boolean push) {
        return "repository:" + repository.repository() + (push ? ":pull,push" : ":pull");
    }

    /** Whether a registry host ({@code host[:port]}) is on loopback: reached over plain HTTP, like docker does. */
    public static boolean isLoopback(String host) {
        String name = host;
        if (name.startsWith("[")) {
            name = name.substring(1, name.indexOf(']'));
        } else if (name.indexOf(':') >= 0) {
            name = name.substring(0, name.indexOf(':'));
        }
        if (name.equals("localhost") || name.startsWith("127.") || name.equals("::1")) {
            return true;
        }
        if (name.matches("[0-9.]+") || name.contains(":")) {
            try {
                return InetAddress.getByName(name).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /** A one-line summary of a registry error body: {@code CODE: message}, or the status text. */
    static String errorSummary(byte[] body) {
        if (body == null || body.length == 0) {
            return "no details";
        }
        try {
            JsonNode errors = Json.read(body).path("errors");
            if (errors.isArray() && errors.size() > 0) {
                java.util.List<String> parts = new java.util.ArrayList<>();
                for (JsonNode error : errors) {
                    String part = (error.path("code").asText("") + ": " + error.path("message").asText("")).trim();
                    if (error.path("detail").isTextual()) {
                        part += " (" + error.path("detail").asText() + ")";
                    }
                    parts.add(part);
                }
                return String.join("; ", parts);
            }
        } catch (IOException e) {
            // not JSON: fall through
        }
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    static String errorCode(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode errors = Json.read(body).path("errors");
            return errors.isArray() && errors.size() > 0 ? errors.get(0).path("code").asText(null) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Everything that configures a client. */
    static final class Settings {
        private final CredentialStore credentials;
        private final Set<String> insecureRegistries;
        private final RetryPolicy retry;
        private final Sleeper sleeper;
        private final RegistryListener listener;
        private final UrlConnectionHttp http = new UrlConnectionHttp();

        Settings(CredentialStore credentials, Set<String> insecureRegistries, RetryPolicy retry, Sleeper sleeper,
                RegistryListener listener) {
            this.credentials = credentials;
            this.insecureRegistries = Set.copyOf(insecureRegistries);
            this.retry = retry;
            this.sleeper = sleeper;
            this.listener = listener;
        }

        CredentialStore credentials() {
            return credentials;
        }

        Set<String> insecureRegistries() {
            return insecureRegistries;
        }

        RetryPolicy retry() {
            return retry;
        }

        Sleeper sleeper() {
            return sleeper;
        }

        RegistryListener listener() {
            return listener;
        }


        UrlConnectionHttp http() {
            return http;
        }
    }

    /** Waits between retries; replaceable so unit tests need not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Builds a client; every setting has a sensible default (anonymous, loopback as plain HTTP). */
    public static final class Builder {
        private CredentialStore credentials = CredentialStore.anonymous();
        private Set<String> insecure = Set.of();
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private Sleeper sleeper = d -> Thread.sleep(d.toMillis());
        private RegistryListener listener = RegistryListener.NONE;

        public Builder credentials(CredentialStore store) {
            this.credentials = store;
            return this;
        }

        /** Registries reached over plain HTTP, or HTTPS without certificate checks (loopback always is). */
        public Builder insecureRegistries(Set<String> hosts) {
            this.insecure = Set.copyOf(hosts);
            return this;
        }

        public Builder retry(RetryPolicy policy) {
            this.retry = policy;
            return this;
        }

        public Builder sleeper(Sleeper value) {
            this.sleeper = value;
            return this;
        }

        public Builder listener(RegistryListener value) {
            this.listener = value;
            return this;
        }


        public RegistryClient build() {
            return new RegistryClient(new Settings(credentials, insecure, retry, sleeper, listener));
        }
    }
}
