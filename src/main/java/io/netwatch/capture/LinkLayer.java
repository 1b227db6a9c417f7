package io.netwatch.capture;

/** Where the IP header starts in a frame of each link type the sensor reads. */
final class LinkLayer {
  static final int NULL = 0;
  static final int ETHERNET = 1;
  static final int RAW = 101;
  static final int LOOP = 108;
  static final int LINUX_SLL = 113;
  static final int IPV4 = 228;
  static final int IPV6 = 229;
  static final int LINUX_SLL2 = 276;
  /** DLT_RAW as some systems number it in files (OpenBSD 14, others 12). */
  private static final int RAW_ALT_12 = 12;
  private static final int RAW_ALT_14 = 14;

  static final String SUPPORTED = "Ethernet (1), BSD loopback (0, 108), raw IP (101, 228, 229),"
      + " Linux cooked v1 (113) and v2 (276)";

  private static final int ETHERTYPE_IPV4 = 0x0800;
  private static final int ETHERTYPE_IPV6 = 0x86DD;
  private static final int ETHERTYPE_VLAN = 0x8100;
  private static final int ETHERTYPE_QINQ = 0x88A8;
  private static final int ETHERTYPE_QINQ_OLD = 0x9100;

  private LinkLayer() {
  }

  static boolean supported(int linkType) {
    return switch (linkType) {
      case NULL, ETHERNET, RAW, LOOP, LINUX_SLL, IPV4, IPV6, LINUX_SLL2, RAW_ALT_12, RAW_ALT_14 -> true;
      default -> false;
    };
  }

  /** The offset of the IP header within {@code data}, or -1 when the frame carries no IP (ARP, LLDP, cut short). */
  static int ipOffset(int linkType, byte[] data, int offset, int length) {
    int end = offset + length;
    return switch (linkType) {
      case ETHERNET -> ethernet(data, offset + 12, end);
      case NULL, LOOP -> length >= 4 && bsdFamilyIsIp(data, offset) ? offset + 4 : -1;
      case RAW, IPV4, IPV6, RAW_ALT_12, RAW_ALT_14 -> offset;
      case LINUX_SLL -> length >= 16 ? ipIfEthertype(Bytes.u16(data, offset + 14), offset + 16) : -1;
      case LINUX_SLL2 -> length >= 20 ? ipIfEthertype(Bytes.u16(data, offset), offset + 20) : -1;
      default -> -1;
    };
  }

  /** Walks 802.1Q and QinQ tags to the EtherType. */
  private static int ethernet(byte[] data, int typeAt, int end) {
    while (typeAt + 2 <= end) {
      int type = Bytes.u16(data, typeAt);
      if (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD) {
        typeAt += 4;
        continue;
      }
      return ipIfEthertype(type, typeAt + 2);
    }
    return -1;
  }

  private static int ipIfEthertype(int type, int next) {
    return type == ETHERTYPE_IPV4 || type == ETHERTYPE_IPV6 ? next : -1;
  }

  /**
   * The 4-byte address family of BSD loopback, in the byte order of the machine that captured (NULL) or in
   * network order (LOOP): either order is accepted, as tcpdump does. IPv6 is 24, 28 or 30 depending on the BSD.
   */
  private static boolean bsdFamilyIsIp(byte[] data, int offset) {
    int little = Bytes.int32(data, offset, false);
    int big = Bytes.int32(data, offset, true);
    return isIpFamily(little) || isIpFamily(big);
  }

  private static boolean isIpFamily(int family) {
    return family == 2 || family == 24 || family == 28 || family == 30 || family == 10;
  }
}
