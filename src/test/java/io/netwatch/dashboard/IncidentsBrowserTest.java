package io.netwatch.dashboard;

import io.netwatch.testing.Await;
import io.netwatch.testing.BrowserDashboard;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

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
  static BrowserDashboard page;
  static WebDriver browser;
  static IncidentsPanel panel;

  @BeforeAll
  static void start() throws Exception {
    JsonObject config = PlatformUnderTest.withViewerToken(platform.config());
    // Nothing is released while the class runs: the needs-attention count changes only by what a test does.
    config.getJsonObject("detection")
        .put("packet_alerts", new JsonObject().put("quiet_seconds", 3600))
        .put("detectors", new JsonObject().put("port_scan", new JsonObject().put("quiet_seconds", 3600)));
    page = BrowserDashboard.start(platform, config);
    browser = page.browser;
    panel = new IncidentsPanel(page);
  }

  /** A running dashboard, a fresh session, no admin token in the tab, a freshly loaded and connected page. */
  @BeforeEach
  void openDashboard() {
    js().executeScript("try { sessionStorage.clear(); } catch (e) { }");
    page.openLoggedIn();
    assertThat(browser.findElement(By.id("admin-token")).isDisplayed()).isTrue();
  }

  @AfterAll
  static void stop() throws Exception {
    if (page != null) page.close();
  }

  static JavascriptExecutor js() {
    return page.js();
  }

  static void waitFor(Duration timeout, Function<WebDriver, Boolean> condition) {
    page.waitFor(timeout, condition);
  }

  @Test
  @DisplayName("an alert engaged by ingested packets appears within 2 s, critical and labelled, without a reload;"
      + " a click shows its packets")
  void alertAppearsLiveAndShowsItsPackets() {
    String key = "10.79.0.1 → " + VICTIM;
    js().executeScript("window.notReloaded = true");
    panel.postSeedAlert("10.79.0.1");
    waitFor(Duration.ofSeconds(2), d -> panel.incident(key) != null);

    Map<String, Object> row = panel.incident(key);
    assertThat(js().executeScript("return window.notReloaded")).isEqualTo(true);
    assertThat((String) row.get("class")).contains("engaged", "sev-critical").doesNotContain("acknowledged");
    assertThat(row.get("label")).isEqualTo("critical");
    assertThat(row.get("color")).isEqualTo("rgb(235, 87, 87)");
    assertThat(row.get("detector")).isEqualTo("Packets: suspicious port, SYN only, high rate");
    assertThat((String) row.get("status")).isEqualTo("engaged");
    assertThat(row.get("ackShown")).isEqualTo(true);
    waitFor(Duration.ofSeconds(10), d -> "3".equals(panel.incident(key).get("packets")));
    assertThat(panel.needsAttention()).isEqualTo(panel.engagedUnacknowledgedRows()).isPositive();

    browser.findElement(panel.inRow(key, "/td[contains(@class, 'inc-detector')]")).click();
    WebElement detail = browser.findElement(By.id("incident-detail"));
    waitFor(Duration.ofSeconds(3), d -> detail.isDisplayed()
        && d.findElements(By.xpath("//tbody[@id='incident-packets']/tr[td[2][text()='10.79.0.1']]")).size() == 3);
    assertThat(browser.findElement(By.id("incident-detail-title")).getText())
        .isEqualTo("Alert #" + row.get("id") + ": Packets: suspicious port, SYN only, high rate " + key);
    assertThat(browser.findElement(By.id("incident-packets")).getText()).contains("0.75", "critical", "4444");
    assertThat((String) panel.incident(key).get("class")).contains("selected");
    browser.findElement(By.id("close-incident")).click();
    waitFor(Duration.ofSeconds(2), d -> !detail.isDisplayed());
  }

  @Test
  @DisplayName("a port scan (SYNs to 20 ports) appears as 'Port scan', src → dst, high, below critical alerts")
  void portScan() {
    panel.postSeedAlert("10.79.1.1");
    panel.postPortScan("10.79.1.2");
    String scan = "10.79.1.2 → " + VICTIM;
    waitFor(Duration.ofSeconds(3), d -> panel.incident(scan) != null && panel.incident("10.79.1.1 → " + VICTIM) != null);
    Map<String, Object> row = panel.incident(scan);
    assertThat(row.get("detector")).isEqualTo("Port scan");
    assertThat(row.get("label")).isEqualTo("high");
    assertThat((String) row.get("class")).contains("sev-high");
    assertThat((Long) row.get("index")).isGreaterThan((Long) panel.incident("10.79.1.1 → " + VICTIM).get("index"));
    waitFor(Duration.ofSeconds(10), d -> Long.parseLong(((String) panel.incident(scan).get("packets"))) >= 16);
  }

  @Test
  @DisplayName("with the admin token, Acknowledge with a note marks the alert acknowledged (page and database),"
      + " out of the needs-attention count; Suppress 1 h creates a rule for its key")
  void acknowledgeAndSuppress() throws Exception {
    String key = "10.79.2.1 → " + VICTIM;
    panel.postSeedAlert("10.79.2.1");
    waitFor(Duration.ofSeconds(3), d -> panel.incident(key) != null);
    long id = (Long) panel.incident(key).get("id");
    waitFor(Duration.ofSeconds(3), d -> panel.needsAttention() == panel.engagedUnacknowledgedRows());
    long attention = panel.needsAttention();

    // A viewer without the token is asked for it.
    browser.findElement(panel.inRow(key, "//button[@class='ack']")).click();
    assertThat(panel.message()).contains("Enter the admin token");
    assertThat(browser.findElements(By.cssSelector(".ack-form"))).isEmpty();

    String note = "<img src=x onerror=alert(1)> checked with the owner";
    panel.enterAdminToken(PlatformUnderTest.ADMIN_TOKEN, "<b>on-call</b>");
    assertThat(js().executeScript("return sessionStorage.getItem('netwatch.admin_token')"))
        .isEqualTo(PlatformUnderTest.ADMIN_TOKEN);
    assertThat(js().executeScript("return localStorage.length")).isEqualTo(0L);
    browser.findElement(panel.inRow(key, "//button[@class='ack']")).click();
    WebElement noteField = browser.findElement(panel.inRow(key, "//input[contains(@class, 'ack-note')]"));
    noteField.sendKeys(note);
    browser.findElement(panel.inRow(key, "//button[contains(@class, 'ack-save')]")).click();

    waitFor(Duration.ofSeconds(3), d -> ((String) panel.incident(key).get("class")).contains("acknowledged"));
    Map<String, Object> row = panel.incident(key);
    assertThat((String) row.get("status")).isEqualTo("engaged · acknowledged by <b>on-call</b>");
    assertThat(row.get("ackShown")).isEqualTo(false);
    assertThat(panel.message()).isEqualTo("Alert #" + id + " acknowledged.");
    assertThat(panel.needsAttention()).isEqualTo(attention - 1).isEqualTo(panel.engagedUnacknowledgedRows());
    assertThat(browser.findElements(By.cssSelector("#incidents img, #incidents b:not(#attention-count)"))).isEmpty();
    assertThat(platform.database.count("SELECT count(*) FROM alerts WHERE id = ? AND acknowledged_at IS NOT NULL"
        + " AND note = ? AND acknowledged_by = ?", id, note, "<b>on-call</b>")).isEqualTo(1);
    // The acknowledgement is on the note's tooltip and in the details, as text.
    browser.findElement(panel.inRow(key, "/td[contains(@class, 'inc-key')]")).click();
    waitFor(Duration.ofSeconds(3), d -> d.findElement(By.id("incident-detail-summary")).getText().contains(note));

    Instant clicked = Instant.now();
    browser.findElement(panel.inRow(key, "//button[@aria-label='Suppress 1 h']")).click();
    waitFor(Duration.ofSeconds(3), d -> panel.message().startsWith("Suppression rule #"));
    assertThat(panel.message()).endsWith("for 1 h.");
    assertThat((String) panel.incident(key).get("status")).endsWith("suppressed 1 h");
    HttpResponse<Buffer> rules = Await.result(platform.web(HttpMethod.GET, "/api/v1/suppressions")
        .putHeader("Authorization", "Bearer " + PlatformUnderTest.ADMIN_TOKEN).send());
    assertThat(rules.statusCode()).isEqualTo(200);
    JsonObject rule = rules.bodyAsJsonObject().getJsonArray("suppressions").stream().map(JsonObject.class::cast)
        .filter(r -> "10.79.2.1/32".equals(r.getString("src_cidr"))).findFirst().orElseThrow();
    assertThat(rule.getString("detector")).isEqualTo("packet");
    assertThat(rule.getString("dst_cidr")).isEqualTo(VICTIM + "/32");
    assertThat(rule.getValue("dst_port")).isNull();
    assertThat(rule.getString("created_by")).isEqualTo("<b>on-call</b>");
    assertThat(panel.message()).startsWith("Suppression rule #" + rule.getLong("id") + " ");
    long expiresIn = Duration.between(clicked, Instant.parse(rule.getString("expires_at"))).toSeconds();
    assertThat(expiresIn).isCloseTo(3600, within(30L));

    // For people: the panel with an acknowledged, suppressed alert and its packets, in target/incidents.png.
    page.screenshot("incidents.png");
  }

  @Test
  @DisplayName("a wrong admin token is refused with a clear message and forgotten; the alert stays unacknowledged")
  void wrongAdminToken() {
    String key = "10.79.3.1 → " + VICTIM;
    panel.postSeedAlert("10.79.3.1");
    waitFor(Duration.ofSeconds(3), d -> panel.incident(key) != null);
    panel.enterAdminToken("not-the-admin-token", null);
    browser.findElement(panel.inRow(key, "//button[@class='ack']")).click();
    browser.findElement(panel.inRow(key, "//input[contains(@class, 'ack-note')]")).sendKeys("mine");
    browser.findElement(panel.inRow(key, "//button[contains(@class, 'ack-save')]")).click();
    waitFor(Duration.ofSeconds(3), d -> panel.message().contains("401"));
    assertThat(panel.message()).isEqualTo("The admin token was refused (401): enter it again.");
    assertThat(browser.findElement(By.id("admin-token")).isDisplayed()).isTrue();
    assertThat(js().executeScript("return sessionStorage.getItem('netwatch.admin_token')")).isNull();
    assertThat((String) panel.incident(key).get("class")).doesNotContain("acknowledged");
    assertThat(platform.database.count("SELECT count(*) FROM alerts WHERE src_ip = '10.79.3.1'"
        + " AND acknowledged_at IS NOT NULL")).isZero();
  }

  @Test
  @DisplayName("an alert engaged while the dashboard was down is in the panel once the bridge reconnects")
  void reloadsAfterReconnect() {
    page.undeployDashboard();
    waitFor(Duration.ofSeconds(10), d -> page.connection().getAttribute("class").contains("down"));
    panel.postSeedAlert("10.79.4.1");
    // Engaged (and its event published to no dashboard) before the dashboard is back.
    waitFor(Duration.ofSeconds(10), d -> platform.database.count(
        "SELECT count(*) FROM alerts WHERE src_ip = '10.79.4.1' AND state = 'engaged'") == 1);
    page.deployDashboard();
    waitFor(Duration.ofSeconds(20), d -> page.connection().getAttribute("class").contains("up"));
    waitFor(Duration.ofSeconds(5), d -> panel.incident("10.79.4.1 → " + VICTIM) != null);
    assertThat(panel.incident("10.79.4.1 → " + VICTIM).get("packets")).isEqualTo("3");
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
        panel.label("{detector: 'port_scan', src_ip: '10.0.0.1', dst_ip: '10.0.0.2', dst_port: null}"),
        panel.label("{detector: 'host_sweep', src_ip: '10.0.0.1', dst_ip: null, dst_port: 22}"),
        panel.label("{detector: 'syn_flood', src_ip: null, dst_ip: '10.0.0.2', dst_port: null}"),
        panel.label("{detector: 'source_flood', src_ip: '10.0.0.1', dst_ip: null, dst_port: null}"));
    assertThat(keys).containsExactly("Port scan 10.0.0.1 → 10.0.0.2", "Host sweep 10.0.0.1 → :22",
        "SYN flood → 10.0.0.2", "Source flood 10.0.0.1 → *");
    assertThat(js().executeScript("return [Incidents.duration(4000), Incidents.duration(125000),"
        + " Incidents.duration(3 * 3600000 + 60000)]")).isEqualTo(List.of("4 s", "2 min 5 s", "3 h 1 min"));
  }
}
