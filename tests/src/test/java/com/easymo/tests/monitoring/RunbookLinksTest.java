package com.easymo.tests.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.easymo.tests.monitoring.MonitoringFiles.AlertRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks that every alert has a severity, a summary, a description and a {@code runbook_url} that leads to a section
 * with text, and that the relative links between the runbooks, the monitoring README and the docs resolve.
 */
class RunbookLinksTest {

    /** A runbook_url: a page directly under runbooks/ and the anchor of one of its headings. */
    private static final Pattern RUNBOOK_URL = Pattern.compile("runbooks/([a-z0-9-]+\\.md)#([a-z0-9_-]+)");

    /** An inline Markdown link {@code [text](target)}, with an optional title after the target. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*#*\\s*$");

    static Stream<AlertRule> alerts() {
        return MonitoringFiles.alertRules().stream();
    }

    /** Returns every runbook page and the monitoring README, whose links the tests follow. */
    static Stream<Path> linkingPages() throws IOException {
        List<Path> pages = new ArrayList<>(markdownFiles(MonitoringFiles.runbooksDirectory()));
        pages.add(MonitoringFiles.monitoringDirectory().resolve("README.md"));
        return pages.stream();
    }

    @Test
    void alertNamesAreUnique() {
        List<String> names = alerts().map(AlertRule::name).toList();

        assertThat(names).doesNotHaveDuplicates();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alerts")
    void alertHasSeverityAndAnnotations(AlertRule alert) {
        assertThat(alert.labels().get("severity")).as("severity").isIn("critical", "warning");
        assertThat(alert.annotations().get("summary")).as("summary").isNotBlank();
        assertThat(alert.annotations().get("description")).as("description").isNotBlank();
        assertThat(alert.annotations().get("runbook_url")).as("runbook_url").isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alerts")
    void runbookUrlLeadsToSection(AlertRule alert) {
        String url = alert.annotations().getOrDefault("runbook_url", "");
        Matcher matcher = RUNBOOK_URL.matcher(url);
        assertThat(matcher.matches())
                .as("runbook_url '%s' must have the form runbooks/<page>.md#<anchor>", url)
                .isTrue();

        Path page = MonitoringFiles.runbooksDirectory().resolve(matcher.group(1));
        assertThat(page).isRegularFile();

        MarkdownPage markdown = MarkdownPage.read(page);
        assertThat(markdown.anchors()).as("anchors of %s", page).contains(matcher.group(2));
        assertThat(markdown.sectionText(matcher.group(2)))
                .as("section #%s of %s", matcher.group(2), page)
                .isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alerts")
    void runbookSectionIsNamedAfterAlert(AlertRule alert) {
        String url = alert.annotations().getOrDefault("runbook_url", "");

        assertThat(url).endsWith("#" + alert.name().toLowerCase(Locale.ROOT));
    }

    @Test
    void indexLinksEveryRunbookPage() throws IOException {
        Path index = MonitoringFiles.runbooksDirectory().resolve("README.md");
        List<String> targets = MarkdownPage.read(index).linkTargets();

        for (Path page : markdownFiles(MonitoringFiles.runbooksDirectory())) {
            String name = page.getFileName().toString();
            if (!name.equals("README.md")) {
                assertThat(targets)
                        .as("links of %s", index)
                        .anySatisfy(target -> assertThat(target).startsWith(name));
            }
        }
    }

    @Test
    void indexLinksEveryAlert() {
        Path index = MonitoringFiles.runbooksDirectory().resolve("README.md");
        List<String> targets = MarkdownPage.read(index).linkTargets();

        for (AlertRule alert : MonitoringFiles.alertRules()) {
            String target = alert.annotations().getOrDefault("runbook_url", "").replaceFirst("^runbooks/", "");
            assertThat(targets).as("links of %s", index).contains(target);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("linkingPages")
    void relativeLinksResolve(Path page) {
        for (String target : MarkdownPage.read(page).linkTargets()) {
            if (target.matches("^[a-z]+:.*")) {
                continue;
            }
            int hash = target.indexOf('#');
            String file = hash < 0 ? target : target.substring(0, hash);
            Path linked = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
            assertThat(linked).as("link '%s' in %s", target, page).exists();

            if (hash >= 0 && linked.toString().endsWith(".md")) {
                assertThat(MarkdownPage.read(linked).anchors())
                        .as("anchors of %s, for link '%s' in %s", linked, target, page)
                        .contains(target.substring(hash + 1));
            }
        }
    }

    @Test
    void slugDropsPunctuation() {
        assertThat(slug("The Redis store")).isEqualTo("the-redis-store");
        assertThat(slug("`POST /calls/{callId}/status`")).isEqualTo("post-callscallidstatus");
        assertThat(slug("HighServerErrorRate")).isEqualTo("highservererrorrate");
        assertThat(slug("Before you start: the [index](README.md)")).isEqualTo("before-you-start-the-index");
        assertThat(slug("Limits & retries")).isEqualTo("limits--retries");
    }

    private static List<Path> markdownFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".md"))
                    .sorted()
                    .toList();
        }
    }

    /**
     * Converts a heading to its anchor: lower case, every character other than a letter, a digit, a space, a hyphen
     * or an underscore dropped, and spaces turned into hyphens. Link text in the heading counts, the link target does
     * not. GitHub does not document its rule, so this covers the common cases: repeated hyphens are kept, as on GitHub.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
        StringBuilder slug = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (c == ' ') {
                slug.append('-');
            } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            }
        });
        return slug.toString();
    }

    /** The headings, sections and links of one Markdown file. Lines inside fenced code blocks are not read. */
    private record MarkdownPage(List<String> lines, List<Heading> headings) {

        static MarkdownPage read(Path file) {
            List<String> all;
            try {
                all = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Failed to read " + file, e);
            }

            List<String> prose = new ArrayList<>();
            List<Heading> headings = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            boolean inFence = false;
            for (String line : all) {
                if (line.stripLeading().startsWith("```") || line.stripLeading().startsWith("~~~")) {
                    inFence = !inFence;
                    prose.add("");
                    continue;
                }
                prose.add(inFence ? "" : line);
                Matcher heading = HEADING.matcher(line);
                if (!inFence && heading.matches()) {
                    String anchor = slug(heading.group(2));
                    // GitHub numbers repeated anchors: the second "first-checks" becomes "first-checks-1".
                    int count = seen.merge(anchor, 1, Integer::sum);
                    String unique = count == 1 ? anchor : anchor + "-" + (count - 1);
                    headings.add(new Heading(heading.group(1).length(), unique, prose.size() - 1));
                }
            }
            return new MarkdownPage(prose, headings);
        }

        List<String> anchors() {
            return headings.stream().map(Heading::anchor).toList();
        }

        /**
         * Returns the prose between the heading with this anchor and the next heading of the same or a higher level,
         * without line breaks, the headings of subsections and fenced code blocks.
         */
        String sectionText(String anchor) {
            int index = anchors().indexOf(anchor);
            Heading heading = headings.get(index);
            int end = lines.size();
            for (Heading next : headings.subList(index + 1, headings.size())) {
                if (next.level() <= heading.level()) {
                    end = next.line();
                    break;
                }
            }
            StringBuilder text = new StringBuilder();
            for (String line : lines.subList(heading.line() + 1, end)) {
                if (!HEADING.matcher(line).matches()) {
                    text.append(line.strip());
                }
            }
            return text.toString();
        }

        List<String> linkTargets() {
            List<String> targets = new ArrayList<>();
            for (String line : lines) {
                Matcher link = LINK.matcher(line);
                while (link.find()) {
                    targets.add(link.group(1));
                }
            }
            return targets;
        }
    }

    private record Heading(int level, String anchor, int line) {}
}
