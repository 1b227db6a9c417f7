package io.netwatch.notify;

import io.netwatch.model.InvalidPacketException;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Which endpoints a recipient may name. Loopback and private addresses are allowed (an Alertmanager or a syslog
 * relay on the same host or LAN is the usual set-up); link-local addresses, where clouds serve instance metadata
 * and credentials (169.254.169.254, fd00:ec2::254, 100.100.100.200), and the metadata host names are refused, so
 * that an admin token cannot be turned into a way to read them. Host names are not resolved here. Pure.
 */
public final class EndpointPolicy {
  private static final Set<String> METADATA_NAMES = Set.of("metadata", "metadata.google.internal",
      "metadata.goog", "instance-data", "instance-data.ec2.internal");
  private static final Set<String> METADATA_ADDRESSES = Set.of("100.100.100.200", "fd00:ec2:0:0:0:0:0:254");

  private EndpointPolicy() {
  }

  /** An http(s) URL with a host and no credentials in it, to an allowed host; {@code field} names it in errors. */
  public static URI httpUrl(String text, String field) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new InvalidPacketException(field, field + " is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new InvalidPacketException(field, field + " must be an http:// or https:// URL");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new InvalidPacketException(field, field + " must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new InvalidPacketException(field, field + " must not carry credentials");
    }
    if (uri.getRawFragment() != null) throw new InvalidPacketException(field, field + " must not have a #fragment");
    host(uri.getHost(), field);
    return uri;
  }

  /** A host name or address literal that is allowed (brackets around an IPv6 literal accepted). */
  public static String host(String host, String field) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    String lower = bare.toLowerCase(Locale.ROOT);
    if (lower.isEmpty() || lower.length() > 253) throw new InvalidPacketException(field, field + " must name a host");
    if (METADATA_NAMES.contains(lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower)) {
      throw refused(field, bare);
    }
    InetAddress literal = literal(lower);
    if (literal != null) {
      if (literal.isLinkLocalAddress() || METADATA_ADDRESSES.contains(literal.getHostAddress())) {
        throw refused(field, bare);
      }
    } else if (!lower.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\\.?")) {
      throw new InvalidPacketException(field, field + " is not a valid host name or address");
    }
    return bare;
  }

  private static InvalidPacketException refused(String field, String host) {
    return new InvalidPacketException(field, field + " names " + host + ", a link-local or cloud metadata address:"
        + " recipients may not point there");
  }

  /** The address of an IP literal, without any DNS look-up; null for a host name. */
  private static InetAddress literal(String host) {
    boolean v4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    // Checked before InetAddress sees it, which would look anything else up in DNS.
    if (v4) {
      for (String part : host.split("\\.")) if (Integer.parseInt(part) > 255) return null;
    } else if (!host.contains(":") || !host.matches("[0-9a-f:.]+")) {
      return null;
    }
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
