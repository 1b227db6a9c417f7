package io.netwatch.dashboard;

import io.netwatch.testing.Await;
import io.netwatch.testing.BrowserDashboard;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.netwatch.testing.Consistently.holdsFor;
import static io.netwatch.testing.Eventually.within;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver), against the whole
 * platform with viewer access control on (VIEWER_TOKEN): the login, and what a viewer cannot read without
 * it; live rows with severity colour and label, filters, pause, details, text-only rendering of
 * attacker-controlled fields, and reconnection after the web verticle restarts. Every test logs in afresh
 * (or, to be refused, not at all), opens the page and posts the packets it looks for, so the tests run in
 * any order.
 */
@Tag("slow")
@DisplayName("Dashboard in headless Chromium")
class DashboardBrowserTest {

  @Platform
  static PlatformUnderTest platform;
  static BrowserDashboard page;
  static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    page = BrowserDashboard.start(platform, PlatformUnderTest.withViewerToken(platform.config()));
    browser = page.browser;
  }

  /** A running dashboard and a fresh session: no filter, pause or details left over. */
  @BeforeEach
  void openDashboard() {
    page.openLoggedIn();
  }

  @AfterAll
  static void stop() throws Exception {
    if (page != null) page.close();
  }

  static void waitFor(Duration timeout, Function<WebDriver, Boolean> condition) {
    page.waitFor(timeout, condition);
  }

  static void post(String srcIp, String protocol, int dstPort, int flags, double rate) {
    JsonObject packet = new JsonObject().put("src_ip", srcIp).put("dst_ip", "192.168.1.10").put("protocol", protocol)
        .put("src_port", 51234).put("dst_port", dstPort).put("payload_len", 512).put("ttl", 64).put("tcp_flags", flags)
        .put("payload_hex", "deadbeef").put("pkt_rate", rate);
    assertThat(Await.result(platform.ingestRequest().sendJsonObject(packet)).statusCode()).isEqualTo(200);
  }

  /** Posts the old design's seed packet from this source (score 0.75, critical) and waits for its row. */
  static void postCritical(String srcIp, Duration appearsWithin) {
    post(srcIp, "TCP", 4444, 2, 15000);
    waitFor(appearsWithin, d -> !rowsFrom(srcIp).isEmpty());
  }

  static List<WebElement> rowsFrom(String srcIp) {
    return browser.findElements(By.xpath("//tbody[@id='rows']/tr[td[2][text()='" + srcIp + "']]"));
  }

  /** One row's class, label, colour and text, read in one go: the table body is replaced on every frame. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> row(String srcIp) {
    return (Map<String, Object>) page.js().executeScript(
        "const tr = [...document.querySelectorAll('#rows tr')].find(tr => tr.cells[1].textContent === arguments[0]);"
            + "const badge = tr.querySelector('.badge');"
            + "return {class: tr.className, label: badge.textContent, text: tr.innerText,"
            + " protocol: tr.cells[3].textContent, color: getComputedStyle(badge).backgroundColor};", srcIp);
  }

  @Test
  @DisplayName("a posted packet appears within 2 s, red and labelled critical, without a reload")
  void liveRow() {
    postCritical("10.77.0.1", Duration.ofSeconds(2));
    Map<String, Object> row = row("10.77.0.1");
    assertThat((String) row.get("class")).contains("sev-critical");
    assertThat(row.get("label")).isEqualTo("critical");
    assertThat(row.get("color")).isEqualTo("rgb(235, 87, 87)");
    assertThat((String) row.get("text")).contains("0.75", "suspicious_port, syn_only, high_rate");
  }

  @Test
  @DisplayName("top talkers follow the data: a new source appears within a few seconds, without a reload")
  void talkersRefresh() {
    for (int i = 0; i < 3; i++) post("10.77.0.90", "TCP", 4444, 2, 15000);
    waitFor(Duration.ofSeconds(6), d -> !d.findElements(
        By.xpath("//tbody[@id='talkers']/tr[td[1][text()='10.77.0.90']]")).isEmpty());
  }

  @Test
  @DisplayName("the rate chart's y-axis ticks are distinct, round and reach the top, at every scale")
  @SuppressWarnings("unchecked")
  void chartTicks() {
    for (double max : new double[] {1, 1.2, 2, 3, 7, 13, 99, 250, 1001, 12_345, 48_000}) {
      List<String> labels = (List<String>) page.js().executeScript(
          "const a = axisTicks(arguments[0]); if (a.ticks[a.ticks.length - 1] < arguments[0]) return null;"
              + " return a.ticks.map(a.format);", max);
      assertThat(labels).as("ticks for %s", max).isNotNull().doesNotHaveDuplicates().hasSizeBetween(2, 6);
      assertThat(labels.get(0)).matches("0(\\.0)?");
    }
  }

  @Test
  @DisplayName("the chart's range selector: 24 hours from the rollups, a point per 6 minutes, the posted packet in it; back to live")
  void chartRange() {
    postCritical("10.77.0.50", Duration.ofSeconds(2));
    var js = page.js();
    new Select(browser.findElement(By.id("chart-range"))).selectByValue("1440");
    waitFor(Duration.ofSeconds(5), d -> js.executeScript("return rangeChart") != null);
    assertThat(((Number) js.executeScript("return rangeChart.points.length")).intValue()).isBetween(240, 242);
    // Rates per second over 6-minute buckets: times 360, the critical packets posted so far (at least this one).
    double critical = ((Number) js.executeScript(
        "return rangeChart.points.reduce((sum, p) => sum + p.values.critical, 0) * 360")).doubleValue();
    assertThat(critical).isGreaterThanOrEqualTo(1);
    new Select(browser.findElement(By.id("chart-range"))).selectByValue("0");
    waitFor(Duration.ofSeconds(5), d -> js.executeScript("return rangeChart") == null);
  }

  @Test
  @DisplayName("the live chart opens filled: the last 5 minutes come from the stats API, the posted packets in them")
  void liveChartBackfilled() {
    for (int i = 0; i < 3; i++) post("10.77.0.60", "TCP", 4444, 2, 15000);
    within(Duration.ofSeconds(10), () -> assertThat(platform.database.count(
        "SELECT count(*) FROM anomalies WHERE src_ip = '10.77.0.60'")).isEqualTo(3));
    page.openLoggedIn(); // a fresh page: only anomalies.stats from now on, a point a second
    var js = page.js();
    // Points from before the page opened can only be the back-fill; they hold the critical packets posted.
    String before = "chart.points.filter(p => p.at < performance.timeOrigin)";
    waitFor(Duration.ofSeconds(5), d -> ((Number) js.executeScript("return " + before + ".length")).intValue() >= 250);
    double critical = ((Number) js.executeScript(
        "return " + before + ".reduce((sum, p) => sum + p.values.critical, 0)")).doubleValue();
    assertThat(critical).as("critical rows/s summed over the back-filled seconds").isGreaterThan(0.5);
    assertThat(((Number) js.executeScript("return chart.points.length")).intValue()).isLessThanOrEqualTo(300);
  }

  @Test
  @DisplayName("a protocol of <img src=x onerror=alert(1)> is shown as that text, and nothing runs")
  void attackerTextStaysText() {
    String evil = "<img src=x onerror=alert(1)>";
    post("10.77.0.2", evil, 80, 0, 1);
    waitFor(Duration.ofSeconds(3), d -> !rowsFrom("10.77.0.2").isEmpty());
    assertThat(row("10.77.0.2").get("protocol")).isEqualTo(evil + " 51234 → 80");
    assertThat(browser.findElements(By.cssSelector("#rows img"))).isEmpty();
    holdsFor(Duration.ofSeconds(1), () ->
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class));
  }

  @Test
  @DisplayName("the minimum-severity filter hides low rows, and shows them again")
  void severityFilter() {
    postCritical("10.77.0.30", Duration.ofSeconds(3));
    post("10.77.0.3", "UDP", 53, 0, 1);
    waitFor(Duration.ofSeconds(3), d -> !rowsFrom("10.77.0.3").isEmpty());
    assertThat((String) row("10.77.0.3").get("class")).contains("sev-low");
    assertThat(row("10.77.0.3").get("label")).isEqualTo("low");
    new Select(browser.findElement(By.id("min-severity"))).selectByValue("high");
    waitFor(Duration.ofSeconds(2), d -> rowsFrom("10.77.0.3").isEmpty());
    assertThat(rowsFrom("10.77.0.30")).isNotEmpty();
    new Select(browser.findElement(By.id("min-severity"))).selectByValue("low");
    waitFor(Duration.ofSeconds(2), d -> !rowsFrom("10.77.0.3").isEmpty());
  }

  @Test
  @DisplayName("paused, new rows are counted not shown; resumed, they appear")
  void pauseAndResume() {
    browser.findElement(By.id("pause")).click();
    post("10.77.0.4", "TCP", 6667, 2, 1);
    waitFor(Duration.ofSeconds(15), d -> browser.findElement(By.id("paused-count")).getText().startsWith("1 new"));
    assertThat(rowsFrom("10.77.0.4")).isEmpty();
    browser.findElement(By.id("pause")).click();
    waitFor(Duration.ofSeconds(2), d -> !rowsFrom("10.77.0.4").isEmpty());
    assertThat(browser.findElement(By.id("paused-count")).getText()).isEmpty();
  }

  @Test
  @DisplayName("clicking a row shows every field, with the stream id")
  void details() {
    postCritical("10.77.0.5", Duration.ofSeconds(3));
    page.js().executeScript(
        "[...document.querySelectorAll('#rows tr')].find(tr => tr.cells[1].textContent === arguments[0]).click()",
        "10.77.0.5");
    WebElement details = browser.findElement(By.id("details"));
    waitFor(Duration.ofSeconds(2), d -> details.isDisplayed());
    assertThat(details.getText()).contains("stream id", "entropy", "2.000 bits/byte", "suspicious_port", "0x02");
    browser.findElement(By.id("close-details")).click();
    waitFor(Duration.ofSeconds(2), d -> !details.isDisplayed());
  }

  @Test
  @DisplayName("a screenshot of the dashboard with data is saved to target/dashboard.png")
  void screenshot() throws Exception {
    // Three from one source: the top talker, whatever else the other tests posted (once per source).
    for (int i = 0; i < 3; i++) post("10.78.1.1", "TCP", 4444, 2, 15000);
    for (int i = 0; i < 12; i++) post("10.78.0." + i, i % 3 == 0 ? "TCP" : "UDP", i % 2 == 0 ? 4444 : 443, 2, i * 2000);
    waitFor(Duration.ofSeconds(5), d -> !rowsFrom("10.78.0.11").isEmpty());
    var js = page.js();
    js.executeScript("loadTalkers()");
    waitFor(Duration.ofSeconds(5), d -> !browser.findElements(By.cssSelector("#talkers tr")).isEmpty());
    assertThat(browser.findElement(By.id("talkers")).getText()).contains("10.78.1.1");
    waitFor(Duration.ofSeconds(10), d -> ((Number) js.executeScript("return chart.points.length")).intValue() >= 3);
    Path target = page.screenshot("dashboard.png");
    assertThat(Files.size(target)).isGreaterThan(10_000);
  }

  @Test
  @DisplayName("when the web verticle restarts the indicator goes down, comes back, and the missed row appears")
  void reconnectsAfterRestart() {
    page.undeployDashboard();
    waitFor(Duration.ofSeconds(10), d -> page.connection().getAttribute("class").contains("down"));
    assertThat(page.connection().getText()).isEqualTo("disconnected");
    post("10.77.0.9", "TCP", 31337, 2, 1);
    page.deployDashboard();
    waitFor(Duration.ofSeconds(20), d -> page.connection().getAttribute("class").contains("up"));
    waitFor(Duration.ofSeconds(5), d -> !rowsFrom("10.77.0.9").isEmpty());
  }

  @Test
  @DisplayName("not logged in, no row can be read: the page goes to the login form, the API answers 401, the bridge refuses")
  void nothingReadableWithoutLogin() {
    postCritical("10.77.1.1", Duration.ofSeconds(3));
    browser.manage().deleteAllCookies();
    browser.get(page.url("/"));
    waitFor(Duration.ofSeconds(5), d -> d.getCurrentUrl().endsWith("/login.html"));
    assertThat(browser.getPageSource()).doesNotContain("10.77.1.1");
    browser.get(page.url("/index.html"));
    waitFor(Duration.ofSeconds(5), d -> d.getCurrentUrl().endsWith("/login.html"));
    assertThat(page.inPage("fetch('/api/v1/anomalies?limit=500').then(r => r.text().then(t => done(r.status + ' ' + t)))"))
        .asString().startsWith("401 ").doesNotContain("10.77.1.1");
    assertThat(page.inPage("fetch('/eventbus/info').then(r => done(r.status))")).isEqualTo(401L);
    // A WebSocket to the bridge never opens: the handshake is answered 401, not upgraded.
    assertThat(page.inPage("const ws = new WebSocket('ws://' + location.host + '/eventbus/websocket');"
        + "ws.onopen = () => done('open'); ws.onclose = (e) => done('closed ' + e.code);")).isEqualTo("closed 1006");
  }

  @Test
  @DisplayName("a wrong token is refused on the form; logging out ends the session")
  void wrongTokenAndLogout() {
    browser.findElement(By.id("logout")).click();
    waitFor(Duration.ofSeconds(5), d -> d.getCurrentUrl().endsWith("/login.html"));
    browser.get(page.url("/"));
    waitFor(Duration.ofSeconds(5), d -> d.getCurrentUrl().endsWith("/login.html"));
    assertThat(page.inPage("fetch('/api/v1/anomalies').then(r => done(r.status))")).isEqualTo(401L);

    page.logIn("not-the-viewer-token");
    waitFor(Duration.ofSeconds(5), d -> d.getCurrentUrl().endsWith("/login.html?failed"));
    assertThat(browser.findElement(By.id("failed")).isDisplayed()).isTrue();
    assertThat(browser.manage().getCookieNamed("netwatch_session")).isNull();
  }
}
