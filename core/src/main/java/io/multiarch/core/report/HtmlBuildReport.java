package io.multiarch.core.report;

import io.multiarch.core.build.BuildOutcome;
import io.multiarch.core.build.PlatformResult;
import io.multiarch.core.build.PlatformStatus;
import io.multiarch.core.image.Digest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders {@code report.html}: one self-contained page (inline CSS and SVG, no scripts, no external
 * resources) with a header, a table of platforms and a timeline. Every value is HTML-escaped.
 */
final class HtmlBuildReport {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private static final String CSS = """
            body{margin:0;color:#1f2328;background:#fff;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,\
            "Helvetica Neue",Arial,sans-serif}
            main{max-width:1100px;margin:0 auto;padding:24px}
            h1{font-size:1.45rem;margin:0 0 .75rem;overflow-wrap:anywhere}
            h2{font-size:1.15rem;margin:2rem 0 .5rem}
            code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.9em}
            dl.summary{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1.25rem;margin:0}
            dl.summary dt{font-weight:600;color:#57606a}
            dl.summary dd{margin:0;overflow-wrap:anywhere}
            .banner{border:2px solid;border-radius:6px;padding:.7rem 1rem;margin:0 0 1rem;overflow-wrap:anywhere}
            .banner.failure{border-color:#cf222e;background:#ffebe9;color:#82071e}
            .banner.success{border-color:#1a7f37;background:#dafbe1;color:#044f1e}
            .banner.neutral{border-color:#8c959f;background:#f6f8fa}
            table{border-collapse:collapse;width:100%}
            th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #d0d7de;vertical-align:top}
            thead th{border-bottom:2px solid #8c959f;white-space:nowrap}
            tbody th{font-weight:600;white-space:nowrap}
            td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
            td.agent{white-space:nowrap}
            td.log{min-width:14ch;overflow-wrap:anywhere}
            .scroll{overflow-x:auto}
            .status{display:inline-block;padding:.05rem .55rem;border-radius:999px;color:#fff;font-weight:600;\
            font-size:.85em;white-space:nowrap}
            .status.succeeded,.swatch.succeeded{background-color:#1a7f37}
            .status.failed,.swatch.failed{background-color:#cf222e}
            .status.cancelled,.swatch.cancelled{background-color:#9a6700}
            .status.not_started,.swatch.not_started{background-color:#6e7781}
            .error{margin-top:.3rem;color:#82071e;font-size:.9em;overflow-wrap:anywhere}
            .muted{color:#6e7781}
            .exit{white-space:nowrap}
            .mode.emulated{font-style:italic}
            .legend{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;margin:.5rem 0 0;padding:0;list-style:none;\
            font-size:.9em}
            .swatch{display:inline-block;width:1.6em;height:.9em;border-radius:2px;vertical-align:-.1em;margin-right:.35em}
            .swatch.hatched{background-color:#57606a;background-image:repeating-linear-gradient(45deg,\
            rgba(255,255,255,.45) 0 2px,transparent 2px 6px)}
            svg.timeline{display:block;width:100%;min-width:760px;height:auto;font-size:13px}
            svg .stripe{fill:#f6f8fa}
            svg .grid{stroke:#d0d7de;stroke-width:1}
            svg .axis{stroke:#57606a;stroke-width:1}
            svg .tick{fill:#57606a;font-size:12px}
            svg .axis-title{fill:#57606a;font-size:12px}
            svg .label{fill:#1f2328;font-weight:600}
            svg .label .mode{fill:#6e7781;font-weight:400;font-size:11px}
            svg .bar-text{fill:#1f2328;font-size:12px}
            svg .bar-text.inside{fill:#fff;font-weight:600}
            svg .not-started{fill:#6e7781;font-style:italic}
            """;

    private HtmlBuildReport() {
    }

    static String render(Path dir, BuildOutcome outcome) {
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>multiarch build ").append(esc(outcome.image())).append(" \u2014 ")
                .append(verdict(outcome)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n")
                .append("<body>\n<main>\n");
        header(html, outcome);
        table(html, dir, outcome);
        timeline(html, outcome);
        return html.append("</main>\n</body>\n</html>\n").toString();
    }

    private static void header(StringBuilder html, BuildOutcome outcome) {
        html.append("<header>\n<h1>multiarch build <code>").append(esc(outcome.image())).append("</code></h1>\n");
        banner(html, outcome);
        html.append("<dl class=\"summary\">\n");
        item(html, "Image", "<code>" + esc(outcome.image()) + "</code>");
        item(html, "Tags", outcome.tags().isEmpty() ? "<span class=\"muted\">none</span>"
                : outcome.tags().stream().map(t -> "<code>" + esc(t) + "</code>").collect(Collectors.joining(", ")));
        if (outcome.listDigest() != null) {
            item(html, outcome.published() ? "List digest" : "List digest (dry run, not pushed)",
                    "<code>" + esc(outcome.listDigest()) + "</code>");
        }
        item(html, "Total duration", esc(duration(BuildReportWriter.between(outcome.start(), outcome.end())))
                + " <span class=\"muted\">(" + esc(dateTime(outcome.start())) + " to " + esc(clock(outcome.end()))
                + " UTC)</span>");
        item(html, "Platforms", esc(counts(outcome)));
        html.append("</dl>\n</header>\n");
    }

    private static void banner(StringBuilder html, BuildOutcome outcome) {
        if (outcome.failure() != null) {
            html.append("<div class=\"banner failure\"><strong>Build failed:</strong> ")
                    .append(esc(outcome.failure())).append("</div>\n");
        } else if (outcome.published()) {
            html.append("<div class=\"banner success\"><strong>Published</strong> the list <code>")
                    .append(esc(outcome.listDigest())).append("</code></div>\n");
        } else {
            html.append("<div class=\"banner neutral\"><strong>Not published</strong>")
                    .append(outcome.publish() != null ? " (dry run)" : "").append("</div>\n");
        }
    }

    private static void item(StringBuilder html, String term, String valueHtml) {
        html.append("<dt>").append(esc(term)).append("</dt><dd>").append(valueHtml).append("</dd>\n");
    }

    private static void table(StringBuilder html, Path dir, BuildOutcome outcome) {
        html.append("<section aria-labelledby=\"platforms\">\n<h2 id=\"platforms\">Platforms</h2>\n")
                .append("<div class=\"scroll\" role=\"region\" aria-label=\"Platforms table\" tabindex=\"0\">\n<table>\n<thead><tr>");
        for (String column : new String[] {"Platform", "Agent", "Mode", "Duration", "Status", "Digest", "Size", "Log"}) {
            html.append("<th scope=\"col\">").append(column).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        outcome.platforms().forEach(p -> row(html, dir, p));
        html.append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    private static void row(StringBuilder html, Path dir, PlatformResult p) {
        String mode = BuildReportWriter.lower(p.mode());
        html.append("<tr><th scope=\"row\">").append(esc(p.platform())).append("</th>")
                .append("<td class=\"agent\">").append(orDash(p.agent())).append("</td>")
                .append("<td class=\"mode ").append(mode == null ? "" : mode).append("\">").append(orDash(mode)).append("</td>")
                .append("<td class=\"num\">").append(p.start() == null ? dash() : esc(duration(p.duration())))
                .append("</td>\n<td>").append(status(p)).append("</td>")
                .append("<td>").append(digest(p.digest())).append("</td>")
                .append("<td class=\"num\">").append(p.size() > 0 ? esc(size(p.size())) : dash()).append("</td>")
                .append("<td class=\"log\">").append(logLink(dir, p.log())).append("</td></tr>\n");
    }

    private static String status(PlatformResult p) {
        String word = statusWord(p.status());
        String exit = p.status() == PlatformStatus.FAILED ? " <span class=\"muted exit\">exit " + p.exitCode() + "</span>" : "";
        String error = p.error() == null ? "" : "<div class=\"error\">" + esc(p.error()) + "</div>";
        return "<span class=\"status " + BuildReportWriter.lower(p.status()) + "\">" + word + "</span>" + exit + error;
    }

    private static String digest(Digest digest) {
        if (digest == null) {
            return dash();
        }
        return "<code title=\"" + esc(digest) + "\">" + esc(digest.algorithm() + ":" + digest.shortHex()) + "\u2026</code>";
    }

    private static String logLink(Path dir, Path log) {
        String shown = BuildReportWriter.logPath(dir, log);
        if (shown == null) {
            return dash();
        }
        String href = Path.of(shown).isAbsolute() ? log.toAbsolutePath().normalize().toUri().toASCIIString()
                : relativeHref(shown);
        return "<a href=\"" + esc(href) + "\"><code>" + esc(shown) + "</code></a>";
    }

    /** A relative path as a URL path: every segment percent-encoded, led by "./" so no colon reads as a scheme. */
    static String relativeHref(String path) {
        return "./" + Arrays.stream(path.split("/"))
                .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }

    private static void timeline(StringBuilder html, BuildOutcome outcome) {
        html.append("<section aria-labelledby=\"timeline\">\n<h2 id=\"timeline\">Timeline</h2>\n")
                .append("<div class=\"scroll\" role=\"region\" aria-label=\"Timeline chart\" tabindex=\"0\">\n")
                .append(TimelineSvg.render(outcome.platforms())).append("</div>\n")
                .append("<ul class=\"legend\" aria-label=\"Legend\">");
        for (PlatformStatus status : PlatformStatus.values()) {
            html.append("<li><span class=\"swatch ").append(BuildReportWriter.lower(status))
                    .append("\" aria-hidden=\"true\"></span>").append(statusWord(status)).append("</li>");
        }
        html.append("<li><span class=\"swatch hatched\" aria-hidden=\"true\"></span>striped: emulated (qemu)</li>")
                .append("</ul>\n</section>\n");
    }

    private static String counts(BuildOutcome outcome) {
        return Arrays.stream(PlatformStatus.values())
                .map(s -> outcome.platforms().stream().filter(p -> p.status() == s).count() + " " + statusWord(s))
                .filter(s -> !s.startsWith("0 "))
                .collect(Collectors.joining(", "));
    }

    private static String verdict(BuildOutcome outcome) {
        return outcome.failure() != null ? "failed" : outcome.published() ? "published" : "not published";
    }

    static String statusWord(PlatformStatus status) {
        return status == PlatformStatus.NOT_STARTED ? "not started" : BuildReportWriter.lower(status);
    }

    /** The fill colour of a status; the same as the CSS badge colours. */
    static String colour(PlatformStatus status) {
        return switch (status) {
            case SUCCEEDED -> "#1a7f37";
            case FAILED -> "#cf222e";
            case CANCELLED -> "#9a6700";
            case NOT_STARTED -> "#6e7781";
        };
    }

    /** {@code 850ms}, {@code 12.3s}, {@code 4m 05s} or {@code 1h 02m 03s}. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = d.toSeconds();
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm %02ds", s / 3600, s / 60 % 60, s % 60);
    }

    /** Bytes in binary units: {@code 512 B}, {@code 12.4 MiB}. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String clock(Instant time) {
        return time == null ? "?" : CLOCK.format(time);
    }

    private static String dateTime(Instant time) {
        return time == null ? "?" : DATE_TIME.format(time);
    }

    private static String orDash(String value) {
        return value == null ? dash() : esc(value);
    }

    private static String dash() {
        return "<span class=\"muted\">\u2013</span>";
    }

    /**
     * {@code value} as HTML text or attribute value: {@code & < > " '} escaped; control characters other
     * than tab and line breaks, and lone surrogates, dropped.
     */
    static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        StringBuilder sb = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c >= 0x20 && c != 0x7F && (c < 0xD800 || c > 0xDFFF) || c == '\t' || c == '\n' || c == '\r') {
                        sb.appendCodePoint(c);
                    }
                }
            }
        });
        return sb.toString();
    }
}
