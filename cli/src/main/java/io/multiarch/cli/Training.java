package io.multiarch.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.multiarch.core.image.Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The training run {@code bin/multiarch} uses to build its class-data archive (CDS / AOT cache):
 * runs the commands' real code paths once — argument parsing of every command, a publish and an
 * inspect — against a throwaway registry stand-in on a loopback port, so the archive holds the
 * classes a real run needs. Not a test and not a registry: it answers just enough of the API for
 * those code paths, and prints nothing.
 */
public final class Training {
    private Training() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Map<String, byte[]> store = new ConcurrentHashMap<>();
        // three per-arch images with a config and two layers each, as a real 3-platform publish has
        for (String arch : new String[] {"amd64", "arm64", "s390x"}) {
            byte[] config = ("{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                    + "\"diff_ids\":[]}}").getBytes(StandardCharsets.UTF_8);
            Digest configDigest = Digest.sha256(config);
            StringBuilder layers = new StringBuilder();
            for (int i = 0; i < 2; i++) {
                byte[] layer = (arch + " layer " + i).getBytes(StandardCharsets.UTF_8);
                Digest layerDigest = Digest.sha256(layer);
                store.put("/v2/train/src-" + arch + "/blobs/" + layerDigest, layer);
                layers.append(i == 0 ? "" : ",").append("{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\","
                        + "\"size\":").append(layer.length).append(",\"digest\":\"").append(layerDigest).append("\"}");
            }
            byte[] image = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                    + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":" + config.length
                    + ",\"digest\":\"" + configDigest + "\"},\"layers\":[" + layers + "]}").getBytes(StandardCharsets.UTF_8);
            store.put("/v2/train/src-" + arch + "/manifests/1.0", image);
            store.put("/v2/train/src-" + arch + "/blobs/" + configDigest, config);
        }
        server.createContext("/", exchange -> answer(exchange, store));
        server.start();
        try {
            String host = "127.0.0.1:" + server.getAddress().getPort();
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            Map<String, String> env = Map.of("HOME", System.getProperty("java.io.tmpdir"), "DOCKER_CONFIG",
                    System.getProperty("java.io.tmpdir") + "/multiarch-training-no-config");
            for (String command : Main.SUBCOMMANDS.keySet()) {
                Main.run(new String[] {command, "--help"}, new ByteArrayInputStream(new byte[0]), quiet, quiet, env);
            }
            Main.run(new String[] {"--help"}, new ByteArrayInputStream(new byte[0]), quiet, quiet, env);
            Main.run(new String[] {"push-manifest", "--target", host + "/train/dst:1.0", "--tag", "latest",
                "--platforms", "linux/amd64", "--template", host + "/train/missing-OS:1.0"}, new ByteArrayInputStream(new byte[0]),
                    quiet, quiet, env);
            // the paths a real run takes must succeed here, or the archive would not hold them
            mustSucceed(Main.run(new String[] {"push-manifest", "--target", host + "/train/dst:1.0", "--tag", "latest",
                "--platforms", "linux/amd64,linux/arm64,linux/s390x", "--template", host + "/train/src-ARCH:1.0"},
                    new ByteArrayInputStream(new byte[0]), quiet, quiet, env), "push-manifest --template");
            mustSucceed(Main.run(new String[] {"push-manifest", "--target", host + "/train/one:1.0", host + "/train/src-amd64:1.0"},
                    new ByteArrayInputStream(new byte[0]), quiet, quiet, env), "push-manifest IMAGE");
            mustSucceed(Main.run(new String[] {"inspect", host + "/train/dst:1.0"}, new ByteArrayInputStream(new byte[0]), quiet,
                    quiet, env), "inspect");
            mustSucceed(Main.run(new String[] {"inspect", "--raw", host + "/train/src-amd64:1.0"},
                    new ByteArrayInputStream(new byte[0]), quiet, quiet, env), "inspect --raw");
        } finally {
            server.stop(0);
        }
    }

    private static void mustSucceed(int exitCode, String what) {
        if (exitCode != 0) {
            throw new IllegalStateException("training run '" + what + "' exited " + exitCode);
        }
    }

    private static void answer(HttpExchange exchange, Map<String, byte[]> store) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        byte[] request = exchange.getRequestBody().readAllBytes();
        if (method.equals("POST")) {
            exchange.getResponseHeaders().add("Location", path + "done");
            exchange.sendResponseHeaders(201, -1);
        } else if (method.equals("PUT")) {
            store.put(path, request);
            exchange.getResponseHeaders().add("Docker-Content-Digest", Digest.sha256(request).toString());
            exchange.sendResponseHeaders(201, -1);
        } else {
            byte[] body = store.get(path);
            if (body == null && path.contains("/manifests/sha256:")) {
                // by digest: only what this repository holds (so a target repository starts empty)
                String repository = path.substring(0, path.indexOf("/manifests/") + "/manifests/".length());
                body = store.entrySet().stream().filter(e -> e.getKey().startsWith(repository)
                        && path.endsWith(Digest.sha256(e.getValue()).toString())).map(Map.Entry::getValue).findFirst().orElse(null);
            }
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                String type = path.contains("/blobs/") ? "application/octet-stream"
                        : new String(body, StandardCharsets.UTF_8).contains("manifest.list")
                        ? "application/vnd.docker.distribution.manifest.list.v2+json"
                        : "application/vnd.docker.distribution.manifest.v2+json";
                exchange.getResponseHeaders().add("Content-Type", type);
                exchange.getResponseHeaders().add("Docker-Content-Digest", Digest.sha256(body).toString());
                exchange.sendResponseHeaders(200, method.equals("HEAD") ? -1 : body.length);
                if (!method.equals("HEAD")) {
                    exchange.getResponseBody().write(body);
                }
            }
        }
        exchange.close();
    }
}
