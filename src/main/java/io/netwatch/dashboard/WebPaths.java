package io.netwatch.dashboard;

import java.util.List;

/** The web port's own paths, which INGESTION_PATH (also answered there) must keep clear of. Pure. */
final class WebPaths {
  static final List<String> RESERVED = List.of("/api/", "/eventbus", "/admin", "/webjars", "/login", "/logout",
      "/health", "/ready", "/metrics", "/index.html", "/app.js", "/eventbus.js", "/ratechart.js", "/style.css",
      "/incidents.js", "/js/");

  private WebPaths() {
  }

  /** True for a path of its own: absolute, not the page itself, clear of every reserved path. */
  static boolean ingestionPathFree(String path) {
    if (path == null || !path.startsWith("/") || path.equals("/")) return false;
    return RESERVED.stream().noneMatch(path::startsWith);
  }
}
