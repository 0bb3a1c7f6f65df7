package io.multiarch.core.build;

import io.multiarch.core.image.Digest;
import io.multiarch.core.image.ImageRef;
import io.multiarch.core.platform.Platform;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts platform results to and from maps of plain values (strings, numbers), the shape that
 * crosses process and Pipeline boundaries safely (Jenkins saves step return values and sends
 * callable results over remoting).
 */
public final class ResultMaps {
    private ResultMaps() {
    }

    public static Map<String, Object> toMap(PlatformResult r) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("platform", r.platform().toString());
        map.put("agent", r.agent());
        map.put("mode", r.mode() == null ? null : r.mode().name().toLowerCase());
        map.put("start", r.start() == null ? null : r.start().toString());
        map.put("end", r.end() == null ? null : r.end().toString());
        map.put("durationMillis", r.duration().toMillis());
        map.put("status", r.status().name().toLowerCase());
        map.put("exitCode", r.exitCode());
        map.put("image", r.image() == null ? null : r.image().toString());
        map.put("digest", r.digest() == null ? null : r.digest().toString());
        map.put("size", r.size());
        map.put("log", r.log() == null ? null : r.log().toString());
        map.put("error", r.error());
        return map;
    }

    public static PlatformResult fromMap(Map<String, ?> map) {
        return new PlatformResult(Platform.parse(string(map, "platform")), string(map, "agent"),
                map.get("mode") == null ? null : BuildMode.valueOf(string(map, "mode").toUpperCase()),
                instant(map, "start"), instant(map, "end"), PlatformStatus.valueOf(string(map, "status").toUpperCase()),
                map.get("exitCode") == null ? -1 : ((Number) map.get("exitCode")).intValue(),
                map.get("image") == null ? null : ImageRef.parse(string(map, "image")),
                map.get("digest") == null ? null : Digest.parse(string(map, "digest")),
                map.get("size") == null ? 0 : ((Number) map.get("size")).longValue(),
                map.get("log") == null ? null : Path.of(string(map, "log")), string(map, "error"));
    }

    private static String string(Map<String, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? null : value.toString();
    }

    private static Instant instant(Map<String, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? null : Instant.parse(value.toString());
    }
}
