package io.netwatch.dashboard;

import io.netwatch.testing.Await;
import io.netwatch.testing.HeadlessChromium;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The live feed in a real headless Chromium: a packet's capture time and sensor beside its receipt time. */
@Tag("slow")
@DisplayName("Dashboard in headless Chromium: capture time and sensor in the feed")
class CaptureTimeBrowserTest {
  @Platform(deployed = true)
  static PlatformUnderTest platform;
  static HeadlessChromium chromium;
  static WebDriver browser;

  @BeforeAll
  static void open() throws Exception {
    chromium = HeadlessChromium.start();
    browser = chromium.driver;
    browser.get("http://127.0.0.1:" + platform.webPort() + "/");
    waitFor(d -> d.findElement(By.id("connection")).getAttribute("class").contains("up"));
  }

  @AfterAll
  static void close() throws Exception {
    if (chromium != null) chromium.close();
  }

  static void waitFor(java.util.function.Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, Duration.ofSeconds(15), Duration.ofMillis(50)).until(condition::apply);
  }

  static void post(JsonObject packet) {
    assertThat(Await.result(platform.ingestRequest().sendJsonObject(packet)).statusCode()).isEqualTo(200);
  }

  static JsonObject packet(String src) {
    return new JsonObject().put("src_ip", src).put("dst_ip", "192.168.1.10").put("protocol", "TCP")
        .put("dst_port", 443);
  }

  /** The time cell of the row from {@code src} as the page shows it and as the browser formats {@code at}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> timeCell(String src, Instant at) {
    waitFor(d -> ((JavascriptExecutor) d).executeScript("return [...document.querySelectorAll('#rows tr')]"
        + ".some(tr => tr.cells[1].textContent === arguments[0])", src).equals(Boolean.TRUE));
    return (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(
        "const tr = [...document.querySelectorAll('#rows tr')].find(tr => tr.cells[1].textContent === arguments[0]);"
            + "const note = tr.cells[0].querySelector('small');"
            + "return {note: note ? note.textContent : null, title: tr.cells[0].title,"
            + " expected: new Date(arguments[1]).toLocaleString()};", src, at.toString());
  }

  @Test
  @DisplayName("a packet captured yesterday shows its capture time (date and time) and sensor under its receipt time")
  void captureTimeShown() {
    Instant yesterday = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);
    post(packet("10.88.0.1").put("ts", yesterday.toString()).put("sensor", "tap-<b>1</b>"));

    Map<String, Object> cell = timeCell("10.88.0.1", yesterday);
    assertThat(cell.get("note")).isEqualTo("captured " + cell.get("expected") + " · tap-<b>1</b>");
    assertThat((String) cell.get("title")).contains("captured " + yesterday);
    assertThat(browser.findElements(By.cssSelector("#rows b"))).as("the sensor's name is text, not markup").isEmpty();
  }

  @Test
  @DisplayName("a packet without ts or sensor shows its receipt time alone")
  void receiptTimeAlone() {
    post(packet("10.88.0.2"));
    assertThat(timeCell("10.88.0.2", Instant.now()).get("note")).isNull();
  }
}
