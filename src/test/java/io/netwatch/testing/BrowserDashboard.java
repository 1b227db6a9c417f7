package io.netwatch.testing;

import io.vertx.core.json.JsonObject;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;

/**
 * What the dashboard's browser tests share: the whole platform with viewer access on (VIEWER_TOKEN), its
 * dashboard behind a proxy, and a headless Chromium that logs in through the form. A restarted dashboard binds
 * another random port, and the page must reconnect to the address it was loaded from, so the browser talks to
 * the dashboard through the proxy. The platform (and the proxy, on its Vert.x) is closed by {@link Platform}.
 */
public final class BrowserDashboard implements AutoCloseable {
  public final PlatformUnderTest platform;
  public final JsonObject config;
  public final WebDriver browser;
  private final FaultyProxy proxy;
  private final HeadlessChromium chromium;
  private String dashboardDeployment;

  private BrowserDashboard(PlatformUnderTest platform, JsonObject config, HeadlessChromium chromium) {
    this.platform = platform;
    this.config = config;
    this.chromium = chromium;
    this.browser = chromium.driver;
    this.dashboardDeployment = platform.deployOnly(config, "dashboard");
    this.proxy = new FaultyProxy(platform.vertx, "127.0.0.1", platform::webPort);
  }

  /**
   * Deploys the pipeline and the dashboard with this config (made with {@link PlatformUnderTest#withViewerToken})
   * and starts the browser; skips the test class without Chromium unless a browser is required.
   */
  public static BrowserDashboard start(PlatformUnderTest platform, JsonObject config) throws IOException {
    platform.deployOnly(config, "persistence", "scorer", "detector", "stream-consumer", "ingest");
    return new BrowserDashboard(platform, config, HeadlessChromium.start());
  }

  /** Deploys the dashboard again if a test undeployed it. */
  public void ensureDashboard() {
    if (!platform.vertx.deploymentIDs().contains(dashboardDeployment)) deployDashboard();
  }

  public void deployDashboard() {
    dashboardDeployment = platform.deployOnly(config, "dashboard");
  }

  public void undeployDashboard() {
    Await.result(platform.vertx.undeploy(dashboardDeployment));
  }

  /** Without a session cookie, opens the dashboard: redirected to the login form, which it fills in. */
  public void logIn(String token) {
    browser.manage().deleteAllCookies();
    browser.get(url("/"));
    waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().endsWith("/login.html"));
    browser.findElement(By.id("token")).sendKeys(token);
    browser.findElement(By.id("submit")).click();
  }

  /** A running dashboard and a fresh session: a freshly loaded, connected page, nothing left over. */
  public void openLoggedIn() {
    ensureDashboard();
    logIn(PlatformUnderTest.VIEWER_TOKEN);
    waitFor(Duration.ofSeconds(15), d -> connection().getAttribute("class").contains("up"));
  }

  public String url(String path) {
    return "http://127.0.0.1:" + proxy.port + path;
  }

  public JavascriptExecutor js() {
    return (JavascriptExecutor) browser;
  }

  /** Runs {@code script} (which calls {@code done(result)}) in the page and returns its result. */
  public Object inPage(String script) {
    return js().executeAsyncScript("const done = arguments[arguments.length - 1];" + script);
  }

  public WebElement connection() {
    return browser.findElement(By.id("connection"));
  }

  public void waitFor(Duration timeout, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, timeout, Duration.ofMillis(50)).until(condition::apply);
  }

  /** Saves what the browser shows to target/{name}. */
  public Path screenshot(String name) throws IOException {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("target", name);
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  @Override
  public void close() throws IOException {
    chromium.close();
  }
}
