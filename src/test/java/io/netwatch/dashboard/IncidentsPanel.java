package io.netwatch.dashboard;

import io.netwatch.testing.Await;
import io.netwatch.testing.BrowserDashboard;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.openqa.selenium.By;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Incidents panel as IncidentsBrowserTest drives it: what to post to engage alerts, and what the panel shows. */
final class IncidentsPanel {
  private final BrowserDashboard page;

  IncidentsPanel(BrowserDashboard page) {
    this.page = page;
  }

  JsonObject packet(String srcIp, int dstPort, int flags, double rate) {
    return new JsonObject().put("src_ip", srcIp).put("dst_ip", IncidentsBrowserTest.VICTIM).put("protocol", "TCP").put("src_port", 51234)
        .put("dst_port", dstPort).put("payload_len", 512).put("ttl", 64).put("tcp_flags", flags)
        .put("payload_hex", "deadbeef").put("pkt_rate", rate);
  }

  /** Posts the packets in one request through the real ingest and returns once it has answered 200. */
  void ingest(JsonArray packets) {
    HttpResponse<Buffer> answer = Await.result(page.platform.ingestRequest().sendJson(packets));
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
  }

  /** Three copies of the old design's seed packet (0.75, critical) from this source: one critical packet alert. */
  void postSeedAlert(String srcIp) {
    JsonObject seed = packet(srcIp, 4444, 2, 15000);
    ingest(new JsonArray().add(seed).add(seed.copy()).add(seed.copy()));
  }

  /** SYNs from this source to the victim on 20 ports (none suspicious, medium each): one port_scan alert. */
  void postPortScan(String srcIp) {
    JsonArray syns = new JsonArray();
    for (int port = 1000; port < 1020; port++) syns.add(packet(srcIp, port, 2, 1));
    ingest(syns);
  }

  /** The panel's row for this key ("who → whom"), read in one go, or null while there is none. */
  @SuppressWarnings("unchecked")
  Map<String, Object> incident(String key) {
    return (Map<String, Object>) page.js().executeScript(
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

  long needsAttention() {
    return Long.parseLong(page.browser.findElement(By.id("attention-count")).getText().replace("+", ""));
  }

  /** Engaged, unacknowledged rows in the panel, counted in the page. */
  long engagedUnacknowledgedRows() {
    return (Long) page.js().executeScript("return document.querySelectorAll("
        + "'#incident-rows tr.engaged:not(.acknowledged)').length");
  }

  String message() {
    return page.browser.findElement(By.id("incidents-message")).getText();
  }

  void enterAdminToken(String token, String name) {
    page.browser.findElement(By.id("admin-token")).sendKeys(token);
    if (name != null) page.browser.findElement(By.id("admin-name")).sendKeys(name);
    page.browser.findElement(By.id("admin-save")).click();
    page.waitFor(Duration.ofSeconds(2), d -> d.findElement(By.id("admin-set")).isDisplayed());
  }

  String label(String alert) {
    return (String) page.js().executeScript("const a = " + alert + "; return Incidents.detectorLabel(a) + ' '"
        + " + Incidents.keyLabel(a);");
  }
}
