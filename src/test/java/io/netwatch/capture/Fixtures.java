package io.netwatch.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The captures in src/test/resources/pcap (made by its make-fixtures.sh) and what tshark read from them. */
final class Fixtures {
  static final List<String> READABLE = List.of("nmap-syn-scan.pcap", "nmap-connect-scan.pcap", "nmap-sweep.pcap",
      "hping3-syn-flood.pcap", "benign-http.pcap", "benign-dns.pcap", "benign-http.pcapng", "two-interfaces.pcapng",
      "nanosecond.pcap", "ipv6.pcap", "ipv4-options-fragments.pcap", "snaplen-40.pcap", "linux-cooked-v1.pcap",
      "linux-cooked-v2.pcap", "vlan-qinq.pcap", "bsd-null.pcap", "raw-ip.pcap", "big-endian.pcap");

  private Fixtures() {
  }

  static InputStream open(String name) {
    InputStream in = Fixtures.class.getResourceAsStream("/pcap/" + name);
    if (in == null) throw new IllegalArgumentException("no fixture " + name);
    return in;
  }

  static Path path(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/pcap/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every frame of the capture decoded (null for a frame without IP), with the default payload bytes. */
  static List<Telemetry> decode(String name) {
    try (InputStream in = open(name)) {
      CaptureReader reader = CaptureReader.open(in);
      PacketDecoder decoder = new PacketDecoder(64, new SourceRates(SourceRates.DEFAULT_CAPACITY));
      List<Telemetry> packets = new ArrayList<>();
      for (Frame f = reader.next(); f != null; f = reader.next()) packets.add(decoder.decode(f));
      return packets;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CaptureFormatException e) {
      throw new IllegalStateException(name + ": " + e.getMessage(), e);
    }
  }
}
