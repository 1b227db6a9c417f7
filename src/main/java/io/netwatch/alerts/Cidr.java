package io.netwatch.alerts;

import io.netty.util.NetUtil;
import io.netwatch.model.InvalidPacketException;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 network (address and prefix length), parsed from a literal and never resolved. A bare address
 * is the /32 or /128 of that one host. As in PostgreSQL's {@code cidr}, the bits right of the prefix must be zero,
 * and the two families never contain each other (an IPv4-mapped IPv6 address is IPv6). Pure.
 */
public final class Cidr {
  private static final int MAX_TEXT = 50;

  private final byte[] network;
  private final int prefix;

  private Cidr(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
  }

  /** Parses {@code address} or {@code address/prefix}; the exception names {@code field}. */
  public static Cidr parse(String text, String field) {
    String invalid = field + " must be an IPv4 or IPv6 network such as 10.0.0.0/8, 2001:db8::/32 or one address";
    if (text == null || text.isEmpty() || text.length() > MAX_TEXT) throw new InvalidPacketException(field, invalid);
    int slash = text.indexOf('/');
    byte[] address = address(slash < 0 ? text : text.substring(0, slash));
    if (address == null) throw new InvalidPacketException(field, invalid);
    int bits = address.length * 8;
    int prefix = slash < 0 ? bits : prefixLength(text.substring(slash + 1));
    if (prefix < 0 || prefix > bits) {
      throw new InvalidPacketException(field, field + " must have a prefix length from 0 to " + bits);
    }
    Cidr cidr = new Cidr(address, prefix);
    byte[] masked = cidr.masked(address);
    if (!Arrays.equals(masked, address)) {
      throw new InvalidPacketException(field, field + " has bits set right of its /" + prefix + " prefix: did you mean "
          + new Cidr(masked, prefix) + "?");
    }
    return cidr;
  }

  /** True when {@code ip} (an address literal) is in this network; false for null, a non-literal or the other family. */
  public boolean contains(String ip) {
    byte[] address = ip == null ? null : address(ip);
    return address != null && address.length == network.length && Arrays.equals(masked(address), network);
  }

  public int prefix() {
    return prefix;
  }

  private byte[] masked(byte[] address) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] &= (byte) (0xff << (8 - keep));
    }
    return out;
  }

  /** The address bytes of a literal (4 or 16), or null. NetUtil parses literals only: no name is ever looked up. */
  private static byte[] address(String text) {
    if (text.indexOf('%') >= 0 || text.indexOf('[') >= 0) return null;
    return NetUtil.createByteArrayFromIpAddressString(text);
  }

  private static int prefixLength(String digits) {
    if (digits.isEmpty() || digits.length() > 3) return -1;
    for (int i = 0; i < digits.length(); i++) {
      if (digits.charAt(i) < '0' || digits.charAt(i) > '9') return -1;
    }
    return Integer.parseInt(digits);
  }

  /** The normal form, {@code address/prefix}, as PostgreSQL's {@code cidr} accepts it. */
  @Override
  public String toString() {
    return NetUtil.bytesToIpAddress(network) + "/" + prefix;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr other && prefix == other.prefix && Arrays.equals(network, other.network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefix;
  }
}
