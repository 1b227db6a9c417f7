package io.netwatch.alerts;

import io.netwatch.model.InvalidPacketException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Cidr: IPv4 and IPv6 networks from literals, matched by address bytes and prefix")
class CidrTest {
  static Cidr cidr(String text) {
    return Cidr.parse(text, "src_cidr");
  }

  @Test
  @DisplayName("IPv4: prefix boundaries inside a byte and on byte edges")
  void ipv4() {
    Cidr net = cidr("10.0.0.0/8");
    assertThat(net.contains("10.0.0.0")).isTrue();
    assertThat(net.contains("10.255.255.255")).isTrue();
    assertThat(net.contains("11.0.0.0")).isFalse();
    assertThat(net.contains("9.255.255.255")).isFalse();
    Cidr odd = cidr("192.168.4.0/22");
    assertThat(odd.contains("192.168.4.1")).isTrue();
    assertThat(odd.contains("192.168.7.255")).isTrue();
    assertThat(odd.contains("192.168.8.0")).isFalse();
    assertThat(odd.contains("192.168.3.255")).isFalse();
    Cidr bits = cidr("172.16.0.0/12");
    assertThat(bits.contains("172.31.255.255")).isTrue();
    assertThat(bits.contains("172.32.0.0")).isFalse();
  }

  @Test
  @DisplayName("/0 holds every address of its family; the full length, and a bare address, only that one")
  void extremes() {
    assertThat(cidr("0.0.0.0/0").contains("255.255.255.255")).isTrue();
    assertThat(cidr("0.0.0.0/0").contains("::1")).isFalse();
    assertThat(cidr("::/0").contains("2001:db8::1")).isTrue();
    assertThat(cidr("::/0").contains("10.0.0.1")).isFalse();
    assertThat(cidr("10.0.0.5/32").contains("10.0.0.5")).isTrue();
    assertThat(cidr("10.0.0.5/32").contains("10.0.0.4")).isFalse();
    assertThat(cidr("10.0.0.5")).isEqualTo(cidr("10.0.0.5/32"));
    assertThat(cidr("10.0.0.5").prefix()).isEqualTo(32);
    assertThat(cidr("2001:db8::7").prefix()).isEqualTo(128);
    assertThat(cidr("2001:db8::7").contains("2001:db8::7")).isTrue();
    assertThat(cidr("2001:db8::7").contains("2001:db8::6")).isFalse();
  }

  @Test
  @DisplayName("IPv6: any notation of the same address; prefixes across groups")
  void ipv6() {
    Cidr net = cidr("2001:db8::/32");
    assertThat(net.contains("2001:db8::1")).isTrue();
    assertThat(net.contains("2001:0db8:ffff:ffff:ffff:ffff:ffff:ffff")).isTrue();
    assertThat(net.contains("2001:db9::")).isFalse();
    Cidr narrow = cidr("fe80::/10");
    assertThat(narrow.contains("febf::1")).isTrue();
    assertThat(narrow.contains("fec0::1")).isFalse();
    assertThat(cidr("2001:DB8:0:0::/64")).isEqualTo(cidr("2001:db8::/64"));
  }

  @Test
  @DisplayName("an IPv4-mapped IPv6 address is IPv6, as in PostgreSQL: it is not in an IPv4 network")
  void mappedIsIpv6() {
    assertThat(cidr("10.0.0.0/8").contains("::ffff:10.0.0.1")).isFalse();
    assertThat(cidr("::ffff:10.0.0.0/104").contains("::ffff:10.1.2.3")).isTrue();
    assertThat(cidr("::ffff:10.0.0.0/104").contains("10.1.2.3")).isFalse();
  }

  @Test
  @DisplayName("the normal form is what PostgreSQL's cidr reads back")
  void normalForm() {
    assertThat(cidr("10.0.0.5")).hasToString("10.0.0.5/32");
    assertThat(cidr("10.0.0.0/8")).hasToString("10.0.0.0/8");
    assertThat(cidr("2001:0DB8:0000::/48")).hasToString("2001:db8::/48");
    assertThat(cidr("::/0")).hasToString("::/0");
  }

  @Test
  @DisplayName("addresses that are not literals never match, and are never looked up")
  void containsNonsense() {
    Cidr net = cidr("0.0.0.0/0");
    assertThat(net.contains(null)).isFalse();
    assertThat(net.contains("localhost")).isFalse();
    assertThat(net.contains("example.com")).isFalse();
    assertThat(net.contains("10.1")).isFalse();
    assertThat(net.contains("")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "localhost", "example.com", "10.1", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/",
      "10.0.0.0/+8", "10.0.0.0/8/8", "10.0.0.0/ 8", "10.0.0.0/0x8", " 10.0.0.0/8", "fe80::1%eth0", "[::1]",
      "256.0.0.0/8", "1:2:3:4:5:6:7:8:9", "10.0.0.0/8888"})
  @DisplayName("refused, naming the field: names, bad prefixes, zone ids, brackets, out-of-range parts")
  void refused(String text) {
    assertThatThrownBy(() -> Cidr.parse(text, "dst_cidr")).isInstanceOfSatisfying(InvalidPacketException.class,
        e -> assertThat(e.field()).isEqualTo("dst_cidr"));
  }

  @Test
  @DisplayName("host bits right of the prefix are refused with the network meant, as PostgreSQL's cidr would")
  void hostBits() {
    assertThatThrownBy(() -> cidr("10.0.0.1/8")).isInstanceOfSatisfying(InvalidPacketException.class,
        e -> assertThat(e.getMessage()).contains("10.0.0.0/8"));
    assertThatThrownBy(() -> cidr("2001:db8::1/32")).hasMessageContaining("2001:db8::/32");
    assertThatThrownBy(() -> Cidr.parse(null, "src_cidr")).isInstanceOf(InvalidPacketException.class);
    assertThatThrownBy(() -> cidr("1".repeat(60))).isInstanceOf(InvalidPacketException.class);
  }
}
