package io.netwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link and #anchor in README.md and docs/*.md resolves, with GitHub's anchor rules; the
 * README stays a product page (at most 200 lines) whose test command is the one CI runs.
 */
class DocLinksTest {

  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)\\)");
  private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");

  @Test
  void everyRelativeLinkAndAnchorResolves() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path page : pages()) {
      for (String target : links(Files.readString(page))) {
        String problem = check(page, target);
        if (problem != null) {
          broken.add(ROOT.relativize(page) + ": (" + target + ") " + problem);
        }
      }
    }
    assertThat(broken).as("broken links").isEmpty();
  }

  @Test
  void readmeIsAProductPageWithCisTestCommand() throws IOException {
    List<String> readme = Files.readAllLines(ROOT.resolve("README.md"));
    assertThat(readme.size()).as("README.md lines").isLessThanOrEqualTo(200);
    String ciCommand = Files.readAllLines(ROOT.resolve(".ci/run")).stream()
        .filter(line -> line.startsWith("mvn ")).findFirst().orElseThrow();
    assertThat(readme).as("README's test command").contains(ciCommand);
  }

  @Test
  void anchorsFollowGithubRules() {
    assertThat(slug("Ingest — `POST /ingest` on port 8080 (and on port 3000)"))
        .isEqualTo("ingest--post-ingest-on-port-8080-and-on-port-3000");
    assertThat(slug("Raw rows only from a severity up (`STORE_MIN_SEVERITY`)"))
        .isEqualTo("raw-rows-only-from-a-severity-up-store_min_severity");
    assertThat(slug("Admin API: see and change what runs")).isEqualTo("admin-api-see-and-change-what-runs");
    assertThat(slug("Alerts: engaged, refreshed, released")).isEqualTo("alerts-engaged-refreshed-released");
    assertThat(slug("A [linked](x.md) **bold** title")).isEqualTo("a-linked-bold-title");
    assertThat(anchors("# Same\n\n## Same\n\n```\n# not a heading\n```\n"))
        .containsExactlyInAnyOrder("same", "same-1");
  }

  @Test
  void aBrokenLinkIsReported() {
    Path readme = ROOT.resolve("README.md");
    assertThat(check(readme, "docs/no-such-page.md")).isNotNull();
    assertThat(check(readme, "docs/api.md#no-such-anchor")).isNotNull();
    assertThat(check(readme, "#no-such-anchor")).isNotNull();
    assertThat(check(readme, "docs/api.md#admin-api-see-and-change-what-runs")).isNull();
    assertThat(check(readme, "https://example.invalid/x")).isNull();
  }

  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    Path docs = ROOT.resolve("docs");
    if (Files.isDirectory(docs)) {
      try (Stream<Path> files = Files.list(docs)) {
        files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
      }
    }
    return pages;
  }

  /** Link targets outside fenced code blocks and inline code. */
  private static List<String> links(String markdown) {
    List<String> targets = new ArrayList<>();
    boolean fenced = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        continue;
      }
      Matcher m = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
      while (m.find()) {
        targets.add(m.group(1));
      }
    }
    return targets;
  }

  /** Null when the target resolves, else what is wrong with it. */
  private static String check(Path page, String target) {
    if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      return null; // http:, https:, mailto: ... are not ours to check here
    }
    int hash = target.indexOf('#');
    String file = hash < 0 ? target : target.substring(0, hash);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
    if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
      return "no such file";
    }
    if (anchor == null) {
      return null;
    }
    if (!resolved.toString().endsWith(".md")) {
      return "an anchor into a file that is not Markdown";
    }
    try {
      return anchors(Files.readString(resolved)).contains(anchor) ? null : "no such anchor";
    } catch (IOException e) {
      return "unreadable: " + e.getMessage();
    }
  }

  /** The anchors GitHub gives a page's headings, duplicates numbered -1, -2, ... */
  static Set<String> anchors(String markdown) {
    Set<String> anchors = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
      } else if (!fenced && line.matches("^#{1,6} .*")) {
        String base = slug(line.replaceFirst("^#{1,6} ", ""));
        int n = seen.merge(base, 1, Integer::sum) - 1;
        anchors.add(n == 0 ? base : base + "-" + n);
      }
    }
    return anchors;
  }

  /** GitHub's rule: the heading's text, lower case, punctuation dropped, each space a hyphen. */
  static String slug(String heading) {
    String text = heading.strip()
        .replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1") // a link counts by its text
        .replace("`", "")
        .replace("*", "")
        .toLowerCase(Locale.ROOT);
    return text.replaceAll("[^\\p{L}\\p{N}\\p{M}\\p{Pc} -]", "").replace(' ', '-');
  }
}
