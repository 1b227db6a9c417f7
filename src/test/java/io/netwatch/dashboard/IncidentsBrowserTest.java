package io.netwatch.dashboard;

import io.netwatch.testing.Await;
import io.netwatch.testing.FaultyProxy;
import io.netwatch.testing.HeadlessChromium;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Incidents panel in a real headless Chromium, against the whole platform (detection stage included) with
 * viewer access control on: packets posted through the real ingest engage an alert, which the panel shows live
 * within 2 s, without a reload; its packets on a click; acknowledged (with the admin token, typed once) and
 * suppressed from the panel, as the database and the suppressions API then say; a refused token; the panel
 * reloaded after the bridge reconnects; ordering, bounds and in-place updates of the rows. Every test logs in
 * afresh, with no admin token in the tab, and posts from sources of its own, so the tests run in any order.
 */
@Tag("slow")
@DisplayName("Incidents panel in headless Chromium")
class IncidentsBrowserTest {
  static final String VICTIM = "192.168.1.10";

  @Platform
  static PlatformUnderTest platform;
  static JsonObject config;
  static String dashboardDeployment;
  /** The browser talks to the dashboard through this proxy: a redeployed dashboard binds another port. */
  static FaultyProxy dashboard;
  static WebDriver browser;
  static HeadlessChromium chromium;

  @BeforeAll
  static void start() throws Exception {
    config = PlatformUnderTest.withViewerToken(platform.config());
    // Nothing is released while the class runs: the needs-attention count changes only by what a test does.
    config.getJsonObject("detection")
        .put("packet_alerts", new JsonObject().put("quiet_seconds", 3600))
        .put("detectors", new JsonObject().put("port_scan", new JsonObject().put("quiet_seconds", 3600)));
    platform.deployOnly(config, "persistence", "scorer", "detector", "stream-consumer", "ingest");
    dashboardDeployment = platform.deployOnly(config, "dashboard");
    dashboard = new FaultyProxy(platform.vertx, "127.0.0.1", platform::webPort);

    chromium = HeadlessChromium.start();
    browser = chromium.driver;
  }

  /** A running dashboard, a fresh session, no admin token in the tab, a freshly loaded and connected page. */
  @BeforeEach
  void openDashboard() {
    if (!platform.vertx.deploymentIDs().contains(dashboardDeployment)) {
      dashboardDeployment = platform.deployOnly(config, "dashboard");
    }
    js().executeScript("try { sessionStorage.clear(); } catch (e) { }");
    browser.manage().deleteAllCookies();
    browser.get(dashboardUrl("/"));
    waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().endsWith("/login.html"));
    browser.findElement(By.id("token")).sendKeys(PlatformUnderTest.VIEWER_TOKEN);
    browser.findElement(By.id("submit")).click();
    waitFor(Duration.ofSeconds(15), d -> connection().getAttribute("class").contains("up"));
    assertThat(browser.findElement(By.id("admin-token")).isDisplayed()).isTrue();
  }

  @AfterAll
  static void stop() throws Exception {
    if (chromium != null) chromium.close();
  }

  static String dashboardUrl(String path) {
    return "http://127.0.0.1:" + dashboard.port + path;
  }

  static JavascriptExecutor js() {
    return (JavascriptExecutor) browser;
  }

  static WebElement connection() {
    return browser.findElement(By.id("connection"));
  }

  static void waitFor(Duration timeout, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, timeout, Duration.ofMillis(50)).until(condition::apply);
  }

  static JsonObject packet(String srcIp, int dstPort, int flags, double rate) {
    return new JsonObject().put("src_ip", srcIp).put("dst_ip", VICTIM).put("protocol", "TCP").put("src_port", 51234)
        .put("dst_port", dstPort).put("payload_len", 512).put("ttl", 64).put("tcp_flags", flags)
        .put("payload_hex", "deadbeef").put("pkt_rate", rate);
  }

  /** Posts the packets in one request through the real ingest and returns once it has answered 200. */
  static void ingest(JsonArray packets) {
    HttpResponse<Buffer> answer = Await.result(platform.ingestRequest().sendJson(packets));
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
  }

  /** Three copies of the old design's seed packet (0.75, critical) from this source: one critical packet alert. */
  static void postSeedAlert(String srcIp) {
    JsonObject seed = packet(srcIp, 4444, 2, 15000);
    ingest(new JsonArray().add(seed).add(seed.copy()).add(seed.copy()));
  }

  /** SYNs from this source to the victim on 20 ports (none suspicious, medium each): one port_scan alert. */
  static void postPortScan(String srcIp) {
    JsonArray syns = new JsonArray();
    for (int port = 1000; port < 1020; port++) syns.add(packet(srcIp, port, 2, 1));
    ingest(syns);
  }

  /** The panel's row for this key ("who → whom"), read in one go, or null while there is none. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> incident(String key) {
    return (Map<String, Object>) js().executeScript(
        "const tr = [...document.querySelectorAll('#incident-rows tr')]"
            + ".find(tr => tr.querySelector('.inc-key').textContent === arguments[0]);"
            + "if (!tr) return null;"
            + "const badge = tr.querySelector('.badge');"
            + "return {id: Number(tr.dataset.alertId), class: tr.className, label: badge.textContent,"
            + " color: getComputedStyle(badge).backgroundColor, detector: tr.querySelector('.inc-detector').textContent,"
            + " packets: tr.querySelector('.inc-packets').textContent, status: tr.querySelector('.inc-status').textContent,"
            + " duration: tr.querySelector('.inc-duration').textContent,"
            + " ackShown: !tr.querySelector('button.ack').hidden && tr.querySelector('button.ack').offsetParent !== null,"
            + " index: [...tr.parentNode.children].indexOf(tr)};", key);
  }

  static By inRow(String key, String css) {
    return By.xpath("//tbody[@id='incident-rows']/tr[td[contains(@class, 'inc-key')][text()='" + key + "']]"
        + css);
  }

  static long needsAttention() {
    return Long.parseLong(browser.findElement(By.id("attention-count")).getText().replace("+", ""));
  }

  /** Engaged, unacknowledged rows in the panel, counted in the page. */
  static long engagedUnacknowledgedRows() {
    return (Long) js().executeScript("return document.querySelectorAll("
        + "'#incident-rows tr.engaged:not(.acknowledged)').length");
  }

  static String message() {
    return browser.findElement(By.id("incidents-message")).getText();
  }

  static void enterAdminToken(String token, String name) {
    browser.findElement(By.id("admin-token")).sendKeys(token);
    if (name != null) browser.findElement(By.id("admin-name")).sendKeys(name);
    browser.findElement(By.id("admin-save")).click();
    waitFor(Duration.ofSeconds(2), d -> d.findElement(By.id("admin-set")).isDisplayed());
  }

  @Test
  @DisplayName("an alert engaged by ingested packets appears within 2 s, critical and labelled, without a reload;"
      + " a click shows its packets")
  void alertAppearsLiveAndShowsItsPackets() {
    String key = "10.79.0.1 → " + VICTIM;
    js().executeScript("window.notReloaded = true");
    postSeedAlert("10.79.0.1");
    waitFor(Duration.ofSeconds(2), d -> incident(key) != null);

    Map<String, Object> row = incident(key);
    assertThat(js().executeScript("return window.notReloaded")).isEqualTo(true);
    assertThat((String) row.get("class")).contains("engaged", "sev-critical").doesNotContain("acknowledged");
    assertThat(row.get("label")).isEqualTo("critical");
    assertThat(row.get("color")).isEqualTo("rgb(235, 87, 87)");
    assertThat(row.get("detector")).isEqualTo("Packets: suspicious port, SYN only, high rate");
    assertThat((String) row.get("status")).isEqualTo("engaged");
    assertThat(row.get("ackShown")).isEqualTo(true);
    waitFor(Duration.ofSeconds(10), d -> "3".equals(incident(key).get("packets")));
    assertThat(needsAttention()).isEqualTo(engagedUnacknowledgedRows()).isPositive();

    browser.findElement(inRow(key, "/td[contains(@class, 'inc-detector')]")).click();
    WebElement detail = browser.findElement(By.id("incident-detail"));
    waitFor(Duration.ofSeconds(3), d -> detail.isDisplayed()
        && d.findElements(By.xpath("//tbody[@id='incident-packets']/tr[td[2][text()='10.79.0.1']]")).size() == 3);
    assertThat(browser.findElement(By.id("incident-detail-title")).getText())
        .isEqualTo("Alert #" + row.get("id") + ": Packets: suspicious port, SYN only, high rate " + key);
    assertThat(browser.findElement(By.id("incident-packets")).getText()).contains("0.75", "critical", "4444");
    assertThat((String) incident(key).get("class")).contains("selected");
    browser.findElement(By.id("close-incident")).click();
    waitFor(Duration.ofSeconds(2), d -> !detail.isDisplayed());
  }

  @Test
  @DisplayName("a port scan (SYNs to 20 ports) appears as 'Port scan', src → dst, high, below critical alerts")
  void portScan() {
    postSeedAlert("10.79.1.1");
    postPortScan("10.79.1.2");
    String scan = "10.79.1.2 → " + VICTIM;
    waitFor(Duration.ofSeconds(3), d -> incident(scan) != null && incident("10.79.1.1 → " + VICTIM) != null);
    Map<String, Object> row = incident(scan);
    assertThat(row.get("detector")).isEqualTo("Port scan");
    assertThat(row.get("label")).isEqualTo("high");
    assertThat((String) row.get("class")).contains("sev-high");
    assertThat((Long) row.get("index")).isGreaterThan((Long) incident("10.79.1.1 → " + VICTIM).get("index"));
    waitFor(Duration.ofSeconds(10), d -> Long.parseLong(((String) incident(scan).get("packets"))) >= 16);
  }

  @Test
  @DisplayName("with the admin token, Acknowledge with a note marks the alert acknowledged (page and database),"
      + " out of the needs-attention count; Suppress 1 h creates a rule for its key")
  void acknowledgeAndSuppress() throws Exception {
    String key = "10.79.2.1 → " + VICTIM;
    postSeedAlert("10.79.2.1");
    waitFor(Duration.ofSeconds(3), d -> incident(key) != null);
    long id = (Long) incident(key).get("id");
    waitFor(Duration.ofSeconds(3), d -> needsAttention() == engagedUnacknowledgedRows());
    long attention = needsAttention();

    // A viewer without the token is asked for it.
    browser.findElement(inRow(key, "//button[@class='ack']")).click();
    assertThat(message()).contains("Enter the admin token");
    assertThat(browser.findElements(By.cssSelector(".ack-form"))).isEmpty();

    String note = "<img src=x onerror=alert(1)> checked with the owner";
    enterAdminToken(PlatformUnderTest.ADMIN_TOKEN, "<b>on-call</b>");
    assertThat(js().executeScript("return sessionStorage.getItem('netwatch.admin_token')"))
        .isEqualTo(PlatformUnderTest.ADMIN_TOKEN);
    assertThat(js().executeScript("return localStorage.length")).isEqualTo(0L);
    browser.findElement(inRow(key, "//button[@class='ack']")).click();
    WebElement noteField = browser.findElement(inRow(key, "//input[contains(@class, 'ack-note')]"));
    noteField.sendKeys(note);
    browser.findElement(inRow(key, "//button[contains(@class, 'ack-save')]")).click();

    waitFor(Duration.ofSeconds(3), d -> ((String) incident(key).get("class")).contains("acknowledged"));
    Map<String, Object> row = incident(key);
    assertThat((String) row.get("status")).isEqualTo("engaged · acknowledged by <b>on-call</b>");
    assertThat(row.get("ackShown")).isEqualTo(false);
    assertThat(message()).isEqualTo("Alert #" + id + " acknowledged.");
    assertThat(needsAttention()).isEqualTo(attention - 1).isEqualTo(engagedUnacknowledgedRows());
    assertThat(browser.findElements(By.cssSelector("#incidents img, #incidents b:not(#attention-count)"))).isEmpty();
    assertThat(platform.database.count("SELECT count(*) FROM alerts WHERE id = ? AND acknowledged_at IS NOT NULL"
        + " AND note = ? AND acknowledged_by = ?", id, note, "<b>on-call</b>")).isEqualTo(1);
    // The acknowledgement is on the note's tooltip and in the details, as text.
    browser.findElement(inRow(key, "/td[contains(@class, 'inc-key')]")).click();
    waitFor(Duration.ofSeconds(3), d -> d.findElement(By.id("incident-detail-summary")).getText().contains(note));

    Instant clicked = Instant.now();
    browser.findElement(inRow(key, "//button[@aria-label='Suppress 1 h']")).click();
    waitFor(Duration.ofSeconds(3), d -> message().startsWith("Suppression rule #"));
    assertThat(message()).endsWith("for 1 h.");
    assertThat((String) incident(key).get("status")).endsWith("suppressed 1 h");
    HttpResponse<Buffer> rules = Await.result(platform.web(HttpMethod.GET, "/api/v1/suppressions")
        .putHeader("Authorization", "Bearer " + PlatformUnderTest.ADMIN_TOKEN).send());
    assertThat(rules.statusCode()).isEqualTo(200);
    JsonObject rule = rules.bodyAsJsonObject().getJsonArray("suppressions").stream().map(JsonObject.class::cast)
        .filter(r -> "10.79.2.1/32".equals(r.getString("src_cidr"))).findFirst().orElseThrow();
    assertThat(rule.getString("detector")).isEqualTo("packet");
    assertThat(rule.getString("dst_cidr")).isEqualTo(VICTIM + "/32");
    assertThat(rule.getValue("dst_port")).isNull();
    assertThat(rule.getString("created_by")).isEqualTo("<b>on-call</b>");
    assertThat(message()).startsWith("Suppression rule #" + rule.getLong("id") + " ");
    long expiresIn = Duration.between(clicked, Instant.parse(rule.getString("expires_at"))).toSeconds();
    assertThat(expiresIn).isCloseTo(3600, within(30L));

    // For people: the panel with an acknowledged, suppressed alert and its packets, in target/incidents.png.
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("target", "incidents.png");
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  @DisplayName("a wrong admin token is refused with a clear message and forgotten; the alert stays unacknowledged")
  void wrongAdminToken() {
    String key = "10.79.3.1 → " + VICTIM;
    postSeedAlert("10.79.3.1");
    waitFor(Duration.ofSeconds(3), d -> incident(key) != null);
    enterAdminToken("not-the-admin-token", null);
    browser.findElement(inRow(key, "//button[@class='ack']")).click();
    browser.findElement(inRow(key, "//input[contains(@class, 'ack-note')]")).sendKeys("mine");
    browser.findElement(inRow(key, "//button[contains(@class, 'ack-save')]")).click();
    waitFor(Duration.ofSeconds(3), d -> message().contains("401"));
    assertThat(message()).isEqualTo("The admin token was refused (401): enter it again.");
    assertThat(browser.findElement(By.id("admin-token")).isDisplayed()).isTrue();
    assertThat(js().executeScript("return sessionStorage.getItem('netwatch.admin_token')")).isNull();
    assertThat((String) incident(key).get("class")).doesNotContain("acknowledged");
    assertThat(platform.database.count("SELECT count(*) FROM alerts WHERE src_ip = '10.79.3.1'"
        + " AND acknowledged_at IS NOT NULL")).isZero();
  }

  @Test
  @DisplayName("an alert engaged while the dashboard was down is in the panel once the bridge reconnects")
  void reloadsAfterReconnect() {
    Await.result(platform.vertx.undeploy(dashboardDeployment));
    waitFor(Duration.ofSeconds(10), d -> connection().getAttribute("class").contains("down"));
    postSeedAlert("10.79.4.1");
    // Engaged (and its event published to no dashboard) before the dashboard is back.
    waitFor(Duration.ofSeconds(10), d -> platform.database.count(
        "SELECT count(*) FROM alerts WHERE src_ip = '10.79.4.1' AND state = 'engaged'") == 1);
    dashboardDeployment = platform.deployOnly(config, "dashboard");
    waitFor(Duration.ofSeconds(20), d -> connection().getAttribute("class").contains("up"));
    waitFor(Duration.ofSeconds(5), d -> incident("10.79.4.1 → " + VICTIM) != null);
    assertThat(incident("10.79.4.1 → " + VICTIM).get("packets")).isEqualTo("3");
  }

  @Test
  @DisplayName("live events: at most 200 rows, engaged by severity then recency before released ones; a released"
      + " alert moves down and never comes back with a late event; rows are updated in place")
  @SuppressWarnings("unchecked")
  void orderBoundsAndInPlaceUpdates() {
    // Synthetic events, as frames carry them, straight into the panel (ids no real alert has).
    Map<String, Object> result = (Map<String, Object>) js().executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "const now = Date.now(), iso = (ms) => new Date(ms).toISOString();"
            + "const alert = (i, state, severity) => ({id: 1e9 + i, detector: 'source_flood', reasons: [],"
            + "  key: 'k' + i, src_ip: '10.250.' + (i >> 8) + '.' + (i & 255), dst_ip: null, dst_port: null,"
            + "  first_seen: iso(now - 60000), last_seen: iso(now - i * 10), packet_count: 10000 + i, max_score: 0.5,"
            + "  severity, state, released_at: state === 'released' ? iso(now - i * 10) : null,"
            + "  acknowledged_at: null, acknowledged_by: null, note: null});"
            + "const events = [];"
            + "for (let i = 0; i < 150; i++) events.push({event: 'engaged', alert: alert(i, 'engaged', ['medium', 'critical', 'low'][i % 3])});"
            + "for (let i = 150; i < 260; i++) events.push({event: 'released', alert: alert(i, 'released', 'high')});"
            + "Incidents.onEvents(events);"
            + "const rows = () => [...document.querySelectorAll('#incident-rows tr')];"
            + "const sev = (tr) => ['low', 'medium', 'high', 'critical'].indexOf(tr.querySelector('.badge').textContent);"
            + "const byId = (id) => document.querySelector('#incident-rows tr[data-alert-id=\"' + id + '\"]');"
            + "requestAnimationFrame(() => requestAnimationFrame(() => {"
            + "  const before = rows();"
            + "  const states = before.map(tr => tr.classList.contains('released') ? 'r' : 'e').join('');"
            + "  let ordered = true;"
            + "  const engaged = before.filter(tr => tr.classList.contains('engaged'));"
            + "  for (let k = 1; k < engaged.length; k++) if (sev(engaged[k]) > sev(engaged[k - 1])) ordered = false;"
            + "  const kept = byId(1e9 + 1);"
            + "  Incidents.onEvents([{event: 'updated', alert: Object.assign(alert(1, 'engaged', 'critical'), {packet_count: 99999})},"
            + "                      {event: 'released', alert: Object.assign(alert(4, 'released', 'critical'), {released_at: iso(now + 1000)})}]);"
            + "  requestAnimationFrame(() => requestAnimationFrame(() => {"
            + "    Incidents.onEvents([{event: 'updated', alert: alert(4, 'engaged', 'critical')}]);"
            + "    requestAnimationFrame(() => requestAnimationFrame(() => {"
            + "      const after = rows();"
            + "      const firstReleased = after.find(tr => tr.classList.contains('released'));"
            + "      done({count: before.length, states, ordered, sameElement: byId(1e9 + 1) === kept,"
            + "        updatedPackets: kept.querySelector('.inc-packets').textContent,"
            + "        firstReleased: firstReleased.dataset.alertId, releasedClass: byId(1e9 + 4).className,"
            + "        countAfter: after.length, hasOldestReleased: byId(1e9 + 259) !== null});"
            + "    }));"
            + "  }));"
            + "}));");
    assertThat((Long) result.get("count")).isEqualTo(200);
    assertThat((Long) result.get("countAfter")).isEqualTo(200);
    assertThat((String) result.get("states")).matches("e+r+");
    assertThat(result.get("ordered")).isEqualTo(true);
    assertThat(result.get("sameElement")).isEqualTo(true);
    assertThat(((String) result.get("updatedPackets")).replaceAll("\\D", "")).isEqualTo("99999");
    assertThat(result.get("firstReleased")).isEqualTo(String.valueOf(1_000_000_004L));
    assertThat((String) result.get("releasedClass")).contains("released").doesNotContain("engaged");
    assertThat(result.get("hasOldestReleased")).isEqualTo(false);
  }

  @Test
  @DisplayName("key and duration labels: src → dst, src → :port, → dst, src → *")
  void labels() {
    List<String> keys = List.of(
        label("{detector: 'port_scan', src_ip: '10.0.0.1', dst_ip: '10.0.0.2', dst_port: null}"),
        label("{detector: 'host_sweep', src_ip: '10.0.0.1', dst_ip: null, dst_port: 22}"),
        label("{detector: 'syn_flood', src_ip: null, dst_ip: '10.0.0.2', dst_port: null}"),
        label("{detector: 'source_flood', src_ip: '10.0.0.1', dst_ip: null, dst_port: null}"));
    assertThat(keys).containsExactly("Port scan 10.0.0.1 → 10.0.0.2", "Host sweep 10.0.0.1 → :22",
        "SYN flood → 10.0.0.2", "Source flood 10.0.0.1 → *");
    assertThat(js().executeScript("return [Incidents.duration(4000), Incidents.duration(125000),"
        + " Incidents.duration(3 * 3600000 + 60000)]")).isEqualTo(List.of("4 s", "2 min 5 s", "3 h 1 min"));
  }

  static String label(String alert) {
    return (String) js().executeScript("const a = " + alert + "; return Incidents.detectorLabel(a) + ' '"
        + " + Incidents.keyLabel(a);");
  }
}
