package io.netwatch.dashboard;

import io.netwatch.ops.TokenCheck;
import io.netwatch.web.JsonResponses;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Who may watch: with VIEWER_TOKEN set, the page, the {@code /api/v1} reads and the event-bus bridge need
 * a session, which {@code POST /login} (the form of {@code login.html}) gives for the token as an HttpOnly,
 * SameSite=Strict cookie ({@link SessionCookie}); {@code POST /logout} ends it. Without a session, a page is
 * redirected to the login page and anything else gets 401, the bridge before its SockJS handshake. Without
 * VIEWER_TOKEN (development only) everything stays open.
 */
final class ViewerAccess {
  private static final Logger log = LoggerFactory.getLogger(ViewerAccess.class);
  static final String LOGIN_PAGE = "/login.html";
  private static final long SESSION_LIFETIME_MS = TimeUnit.HOURS.toMillis(12);
  private static final int LOGIN_BODY_LIMIT = 4 * 1024;

  private final TokenCheck viewerToken;
  private final SessionCookie sessions;

  /** {@code token} null or blank: access stays open. */
  ViewerAccess(Vertx vertx, String token) {
    boolean open = token == null || token.isBlank();
    viewerToken = open ? null : new TokenCheck(token);
    sessions = open ? null : new SessionCookie(token, SESSION_LIFETIME_MS,
        vertx.sharedData().getLocalMap("netwatch.viewer-sessions-revoked"));
  }

  boolean open() {
    return viewerToken == null;
  }

  /** What needs no session: the login page and its files, logging in and out. */
  void publicRoutes(Router router) {
    router.routeWithRegex(HttpMethod.GET, "/(login\\.html|login\\.js|style\\.css)").handler(StaticHandler.create("webroot"));
    router.post("/login").handler(BodyHandler.create(false).setBodyLimit(LOGIN_BODY_LIMIT)).handler(this::login);
    router.post("/logout").handler(this::logout);
  }

  /** Lets a request with a valid session (or any, when access is open) go on to the routes after this. */
  void requireSession(RoutingContext ctx) {
    if (open() || hasSession(ctx)) {
      ctx.next();
    } else if (ctx.request().method() == HttpMethod.GET && isPage(ctx.normalizedPath())) {
      ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, LOGIN_PAGE).end();
    } else {
      JsonResponses.send(ctx, 401, "log in first: " + LOGIN_PAGE, "session");
    }
  }

  private boolean hasSession(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(SessionCookie.NAME);
    return cookie != null && sessions.valid(cookie.getValue(), System.currentTimeMillis());
  }

  private static boolean isPage(String path) {
    return path.equals("/") || path.endsWith(".html");
  }

  /**
   * The login form's {@code token} field ({@code application/x-www-form-urlencoded}), or a JSON body's
   * {@code "token"}: a form is answered with a redirect (to the dashboard, or back to the form), JSON with
   * 204 or 401.
   */
  private void login(RoutingContext ctx) {
    boolean form = isForm(ctx);
    if (!open()) {
      String presented = form ? ctx.request().getFormAttribute("token") : jsonToken(ctx);
      if (!viewerToken.matches(presented)) {
        log.info("viewer login refused from {}", ctx.request().remoteAddress());
        if (form) {
          redirect(ctx, LOGIN_PAGE + "?failed");
        } else {
          JsonResponses.send(ctx, 401, "wrong viewer token", "token");
        }
        return;
      }
      ctx.response().addCookie(cookie(ctx, sessions.issue(System.currentTimeMillis()), sessions.lifetimeMs() / 1000));
    }
    done(ctx, form, "/");
  }

  private static String jsonToken(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      return body != null && body.getValue("token") instanceof String token ? token : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void logout(RoutingContext ctx) {
    if (!open()) {
      Cookie cookie = ctx.request().getCookie(SessionCookie.NAME);
      if (cookie != null) sessions.revoke(cookie.getValue(), System.currentTimeMillis());
      ctx.response().addCookie(cookie(ctx, "", 0));
    }
    done(ctx, isForm(ctx), open() ? "/" : LOGIN_PAGE);
  }

  private static boolean isForm(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    return type != null && type.startsWith("application/x-www-form-urlencoded");
  }

  /** A form goes on to {@code location}; a script gets 204. */
  private static void done(RoutingContext ctx, boolean form, String location) {
    if (form) {
      redirect(ctx, location);
    } else {
      ctx.response().setStatusCode(204).end();
    }
  }

  private static void redirect(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, location).end();
  }

  private static Cookie cookie(RoutingContext ctx, String value, long maxAgeSeconds) {
    return Cookie.cookie(SessionCookie.NAME, value)
        .setPath("/")
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT)
        .setSecure(ctx.request().isSSL())
        .setMaxAge(maxAgeSeconds);
  }
}
