package io.netwatch.sensors;

import io.netwatch.testing.HeadlessChromium;
import io.netwatch.testing.Platform;
import io.netwatch.testing.PlatformUnderTest;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Sensors panel in a real headless Chromium, with SENSOR_SILENT_AFTER_SECONDS lowered to 1. */
@Tag("slow")
@DisplayName("Dashboard in headless Chromium: the Sensors panel lists sensors, silent ones in red, sortable")
class SensorsBrowserTest {
  /** style.css's --critical, as the browser computes it. */
  static final String RED = "rgb(235, 87, 87)";

  @Platform
  static PlatformUnderTest platform;
  static HeadlessChromium chromium;
  static WebDriver browser;
  static PacedSensor busy;

  @BeforeAll
  static void open() throws Exception {
    platform.deploy(platform.config().put("sensor_silent_after_seconds", 1));
    SensorApi api = new SensorApi(platform);
    String quiet = api.register("alpha-quiet", null);
    assertThat(api.ingest(quiet)).isEqualTo(200);
    busy = new PacedSensor(platform, api.register("bravo-busy", 100), 200, 1);
    chromium = HeadlessChromium.start();
    browser = chromium.driver;
    browser.get("http://127.0.0.1:" + platform.webPort() + "/");
  }

  @AfterAll
  static void close() throws Exception {
    if (busy != null) busy.stop();
    if (chromium != null) chromium.close();
  }

  static void waitFor(java.util.function.Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(100)).until(condition::apply);
  }

  static Object script(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  @SuppressWarnings("unchecked")
  static List<String> names() {
    return (List<String>) script("return [...document.querySelectorAll('#sensor-rows tr')].map(tr => tr.dataset.sensor)");
  }

  static String color(String sensor) {
    return (String) script("const tr = document.querySelector(`#sensor-rows tr[data-sensor='${arguments[0]}']`);"
        + "return tr ? getComputedStyle(tr.cells[0]).color : null", sensor);
  }

  @Test
  @DisplayName("the sensor gone quiet is red and counted silent; the busy one is not; headers sort both ways")
  void silentInRedAndSortable() {
    waitFor(d -> RED.equals(color("alpha-quiet")) && names().contains("bravo-busy")
        && !d.findElement(By.cssSelector("#sensor-rows tr[data-sensor='bravo-busy'] td:nth-child(3)")).getText()
        .equals("0"));
    assertThat(color("bravo-busy")).isNotEqualTo(RED);
    assertThat(browser.findElement(By.id("sensors-silent")).getText()).isEqualTo("1");
    assertThat(names()).containsExactly("alpha-quiet", "bravo-busy", "default");

    browser.findElement(By.cssSelector("#sensors-table th[data-sort='name']")).click();
    assertThat(names()).containsExactly("default", "bravo-busy", "alpha-quiet");
    // Packets per second over the last minute, busiest first.
    browser.findElement(By.cssSelector("#sensors-table th[data-sort='pps_1m']")).click();
    browser.findElement(By.cssSelector("#sensors-table th[data-sort='pps_1m']")).click();
    assertThat(names().get(0)).isEqualTo("bravo-busy");
    assertThat(browser.findElement(By.cssSelector("#sensors-table th[data-sort='pps_1m']")).getAttribute("aria-sort"))
        .isEqualTo("descending");
    String quota = (String) script("return document.querySelector(\"#sensor-rows tr[data-sensor='bravo-busy']\")"
        + ".cells[8].textContent");
    assertThat(quota).isEqualTo("100");
  }

  @Test
  @DisplayName("the quiet sensor's sensor_silent alert is in the Incidents panel, named for the sensor")
  void silentAlertInIncidents() {
    waitFor(d -> d.findElement(By.id("incidents-table")).getText().contains("sensor alpha-quiet"));
    assertThat(browser.findElement(By.id("incidents-table")).getText()).contains("Silent sensor");
  }
}
