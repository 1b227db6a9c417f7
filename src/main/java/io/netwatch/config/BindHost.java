package io.netwatch.config;

/**
 * The address every HTTP server of the node listens on. While a development token is in use (anyone can
 * read it in the README), only this machine may connect: 127.0.0.1, unless BIND_HOST says otherwise. With
 * real tokens, or in production, BIND_HOST, by default every interface.
 */
public final class BindHost {
  public static final String LOOPBACK = "127.0.0.1";
  public static final String ALL_INTERFACES = "0.0.0.0";

  /** Where it listens, and why: for the log line each server writes when it is listening. */
  public record Decision(String host, String reason) {
  }

  private BindHost() {
  }

  /** From BIND_HOST and the resolved tokens ({@link Tokens.Resolution#developmentTokens()}). */
  public static Decision decide(Settings settings, boolean developmentTokens) {
    String configured = settings.string(Settings.BIND_HOST);
    if (configured != null && !configured.isBlank()) {
      String host = configured.strip();
      return new Decision(host, developmentTokens && !isLoopback(host)
          ? "BIND_HOST, with development tokens: anyone who can reach this address knows them"
          : "BIND_HOST");
    }
    if (developmentTokens && !settings.production()) {
      return new Decision(LOOPBACK, "loopback only while development tokens are in use;"
          + " set the tokens (or BIND_HOST) to listen on other interfaces");
    }
    return new Decision(ALL_INTERFACES, "every interface (BIND_HOST not set)");
  }

  static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
  }
}
