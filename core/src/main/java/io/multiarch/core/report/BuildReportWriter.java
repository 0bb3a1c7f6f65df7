package io.multiarch.core.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multiarch.core.MultiarchException;
import io.multiarch.core.build.BuildOutcome;
import io.multiarch.core.build.PlatformResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javax.xml.stream.XMLStreamException;

/**
 * Writes the per-platform report of a multi-architecture build into one directory, in three forms:
 *
 * <ul>
 *   <li>{@value #JSON}: everything, for machines ({@code "version": 1}); the published list is the
 *       same object {@link PublishReport} writes to {@code publish.json};</li>
 *   <li>{@value #HTML}: one self-contained page for people (inline CSS and SVG, no scripts, no
 *       external resources): a header, a table of platforms and a timeline of their builds;</li>
 *   <li>{@value #JUNIT}: one JUnit test case per platform, so CI servers show failed platforms
 *       with the tail of their log.</li>
 * </ul>
 *
 * <p>Log paths are written relative to the report directory when the log lies inside it (so the
 * directory can be archived and moved as a whole), else absolute. Every value that may come from
 * users (image names, errors, log paths and log text) is escaped for its format.
 */
public final class BuildReportWriter {
    public static final String JSON = "report.json";
    public static final String HTML = "report.html";
    public static final String JUNIT = "junit.xml";
    /** The version of the {@value #JSON} layout; raised on incompatible changes. */
    public static final int JSON_VERSION = 1;

    private BuildReportWriter() {
    }

    /**
     * Writes {@value #JSON}, {@value #HTML} and {@value #JUNIT} into {@code dir}, creating it.
     *
     * @return {@code dir}
     * @throws MultiarchException (invalid input) when the directory or a file cannot be written
     */
    public static Path write(Path dir, BuildOutcome outcome) {
        try {
            Files.createDirectories(dir);
            writeJson(dir, outcome);
            Files.writeString(dir.resolve(HTML), HtmlBuildReport.render(dir, outcome), StandardCharsets.UTF_8);
            JunitBuildReport.write(dir.resolve(JUNIT), dir, outcome);
        } catch (IOException | XMLStreamException e) {
            throw MultiarchException.invalidInput("Cannot write the build report to '" + dir + "': " + e.getMessage()
                    + " (choose a writable --report directory)");
        }
        return dir;
    }

    private static void writeJson(Path dir, BuildOutcome outcome) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(dir.resolve(JSON).toFile(), toJson(dir, outcome, json));
    }

    static ObjectNode toJson(Path dir, BuildOutcome outcome, ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        root.put("version", JSON_VERSION);
        root.put("image", text(outcome.image()));
        ArrayNode tags = root.putArray("tags");
        outcome.tags().forEach(tags::add);
        putTimes(root, outcome.start(), outcome.end());
        root.put("published", outcome.published());
        root.put("failure", outcome.failure());
        root.set("list", outcome.publish() == null ? null : PublishReport.toJson(outcome.publish(), json));
        ArrayNode platforms = root.putArray("platforms");
        outcome.platforms().forEach(p -> platforms.add(platformJson(dir, p, json)));
        return root;
    }

    private static ObjectNode platformJson(Path dir, PlatformResult p, ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("platform", p.platform().toString());
        node.put("agent", p.agent());
        node.put("mode", lower(p.mode()));
        putTimes(node, p.start(), p.end());
        node.put("status", lower(p.status()));
        node.put("exitCode", p.exitCode());
        node.put("image", text(p.image()));
        node.put("digest", text(p.digest()));
        node.put("size", p.size());
        node.put("log", logPath(dir, p.log()));
        node.put("error", p.error());
        return node;
    }

    private static void putTimes(ObjectNode node, Instant start, Instant end) {
        node.put("start", text(start));
        node.put("end", text(end));
        if (start != null && end != null) {
            node.put("durationMillis", end.toEpochMilli() - start.toEpochMilli());
        } else {
            node.putNull("durationMillis");
        }
    }

    /**
     * Where a log is, as written in reports: relative to {@code dir} with '/' separators when it lies
     * inside it, else absolute; null without a log.
     */
    static String logPath(Path dir, Path log) {
        if (log == null) {
            return null;
        }
        Path base = dir.toAbsolutePath().normalize();
        Path file = log.toAbsolutePath().normalize();
        if (!file.startsWith(base) || file.equals(base)) {
            return file.toString();
        }
        return base.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /** The lower-case name of an enum constant ({@code not_started}), or null. */
    static String lower(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }

    /** The time between two instants, zero when either is unknown. */
    static Duration between(Instant start, Instant end) {
        return start == null || end == null ? Duration.ZERO : Duration.between(start, end);
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
