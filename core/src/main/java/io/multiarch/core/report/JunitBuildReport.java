package io.multiarch.core.report;

import io.multiarch.core.build.BuildOutcome;
import io.multiarch.core.build.PlatformResult;
import io.multiarch.core.build.PlatformStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes {@code junit.xml}: one test suite for the build, one test case per platform. A failed
 * platform carries the tail of its log; a cancelled or never started one is skipped.
 */
final class JunitBuildReport {
    /** How many lines of a failed platform's log go into its failure. */
    static final int TAIL_LINES = 50;
    /** At most this many bytes are read from the end of a log, however long it is. */
    private static final int TAIL_BYTES = 64 * 1024;
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]");

    private JunitBuildReport() {
    }

    static void write(Path file, Path dir, BuildOutcome outcome) throws IOException, XMLStreamException {
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            writeSuite(xml, dir, outcome);
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        }
    }

    private static void writeSuite(XMLStreamWriter xml, Path dir, BuildOutcome outcome)
            throws XMLStreamException, IOException {
        List<PlatformResult> platforms = outcome.platforms();
        xml.writeStartElement("testsuite");
        attribute(xml, "name", "multiarch build " + outcome.image());
        attribute(xml, "tests", String.valueOf(platforms.size()));
        attribute(xml, "failures", String.valueOf(count(platforms, PlatformStatus.FAILED)));
        attribute(xml, "errors", "0");
        attribute(xml, "skipped", String.valueOf(count(platforms, PlatformStatus.CANCELLED)
                + count(platforms, PlatformStatus.NOT_STARTED)));
        attribute(xml, "time", seconds(BuildReportWriter.between(outcome.start(), outcome.end())));
        if (outcome.start() != null) {
            attribute(xml, "timestamp", outcome.start().toString());
        }
        String classname = "multiarch." + outcome.image().repository().replace('/', '.');
        for (PlatformResult p : platforms) {
            xml.writeCharacters("\n  ");
            writeCase(xml, dir, classname, p);
        }
        xml.writeCharacters("\n");
        xml.writeEndElement();
    }

    private static void writeCase(XMLStreamWriter xml, Path dir, String classname, PlatformResult p)
            throws XMLStreamException, IOException {
        xml.writeStartElement("testcase");
        attribute(xml, "classname", classname);
        attribute(xml, "name", p.platform().toString());
        attribute(xml, "time", seconds(p.duration()));
        if (p.status() == PlatformStatus.FAILED) {
            xml.writeCharacters("\n    ");
            writeFailure(xml, p);
        } else if (p.status() != PlatformStatus.SUCCEEDED) {
            xml.writeCharacters("\n    ");
            xml.writeEmptyElement("skipped");
            attribute(xml, "message", p.error() != null ? p.error() : HtmlBuildReport.statusWord(p.status()));
        }
        xml.writeCharacters("\n    ");
        xml.writeStartElement("system-out");
        text(xml, systemOut(dir, p));
        xml.writeEndElement();
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
    }

    private static void writeFailure(XMLStreamWriter xml, PlatformResult p) throws XMLStreamException, IOException {
        String message = p.error() != null ? p.error() : "the build failed with exit code " + p.exitCode();
        xml.writeStartElement("failure");
        attribute(xml, "message", message);
        attribute(xml, "type", "exit code " + p.exitCode());
        String tail = logTail(p.log());
        text(xml, tail != null ? tail : message);
        xml.writeEndElement();
    }

    private static String systemOut(Path dir, PlatformResult p) {
        return "agent: " + orDash(p.agent())
                + "\nmode: " + orDash(BuildReportWriter.lower(p.mode()))
                + "\nimage: " + orDash(BuildReportWriter.text(p.image()))
                + "\ndigest: " + orDash(BuildReportWriter.text(p.digest()))
                + "\nexit code: " + p.exitCode()
                + "\nlog: " + orDash(BuildReportWriter.logPath(dir, p.log())) + "\n";
    }

    /** The last {@value #TAIL_LINES} lines of a log without colour codes, or null when there is no readable log. */
    static String logTail(Path log) throws IOException {
        if (log == null || !Files.isRegularFile(log)) {
            return null;
        }
        String text = ANSI.matcher(readEnd(log)).replaceAll("");
        String[] lines = text.split("\r?\n|\r", -1);
        int from = Math.max(0, lines.length - TAIL_LINES - (text.endsWith("\n") ? 1 : 0));
        return String.join("\n", Arrays.asList(lines).subList(from, lines.length));
    }

    /** The end of a file as text (malformed UTF-8 replaced), starting at a line boundary when cut. */
    private static String readEnd(Path log) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(log)) {
            long start = Math.max(0, channel.size() - TAIL_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate((int) (channel.size() - start));
            channel.position(start);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // keep reading
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            return start == 0 || newline < 0 ? text : text.substring(newline + 1);
        }
    }

    private static void attribute(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeAttribute(name, xmlSafe(value));
    }

    private static void text(XMLStreamWriter xml, String value) throws XMLStreamException {
        xml.writeCharacters(xmlSafe(value));
    }

    /** {@code text} without the characters XML 1.0 forbids (most control characters, lone surrogates, U+FFFE/F). */
    static String xmlSafe(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().filter(JunitBuildReport::allowedInXml).forEach(sb::appendCodePoint);
        return sb.toString();
    }

    private static boolean allowedInXml(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }

    private static long count(List<PlatformResult> platforms, PlatformStatus status) {
        return platforms.stream().filter(p -> p.status() == status).count();
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f", duration.toMillis() / 1000.0);
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
