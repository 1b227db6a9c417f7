package io.netwatch.capture;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.netwatch.capture.Packets.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CaptureReaderTest {
  private static final byte[] A = bytes(1, 2, 3, 4, 5);
  private static final byte[] B = bytes(9, 8, 7);

  record Read(int linkType, long ts, int original, byte[] data) {
  }

  static List<Read> readAll(byte[] file) throws Exception {
    CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(file));
    List<Read> frames = new ArrayList<>();
    for (Frame f = reader.next(); f != null; f = reader.next()) {
      frames.add(new Read(f.linkType(), f.tsMicros(), f.originalLength(),
          Arrays.copyOfRange(f.data(), f.offset(), f.offset() + f.capturedLength())));
    }
    return frames;
  }

  @Test
  void classicPcapInEitherByteOrderWithMicroOrNanoseconds() throws Exception {
    for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
      byte[] micro = new CaptureFiles.Pcap(order, false, 1).record(1_700_000_000, 123_456, A, 60).record(1_700_000_001, 7, B).bytes();
      assertThat(readAll(micro)).satisfiesExactly(
          f -> assertThat(f).usingRecursiveComparison().isEqualTo(new Read(1, 1_700_000_000_123_456L, 60, A)),
          f -> assertThat(f.ts()).isEqualTo(1_700_000_001_000_007L));
      byte[] nano = new CaptureFiles.Pcap(order, true, 113).record(1_700_000_000, 123_456_789, A).bytes();
      assertThat(readAll(nano)).singleElement().satisfies(f -> {
        assertThat(f.ts()).isEqualTo(1_700_000_000_123_456L);
        assertThat(f.linkType()).isEqualTo(113);
      });
    }
  }

  @Test
  void pcapngWithSeveralInterfacesEachWithItsOwnResolutionAndSimplePackets() throws Exception {
    byte[] file = new CaptureFiles.Pcapng(ByteOrder.LITTLE_ENDIAN)
        .iface(1, 65_535, -1)              // microseconds (the default)
        .iface(101, 65_535, 9)             // nanoseconds
        .iface(113, 65_535, 0x80 | 10)     // 2^-10 s
        .enhanced(0, 1_700_000_000_123_456L, A, 5)
        .other()
        .enhanced(1, 1_700_000_000_123_456_789L, B, 40)
        .enhanced(2, (1_700_000_000L << 10) | 512, A, 5)
        .simple(B)
        .bytes();
    assertThat(readAll(file)).satisfiesExactly(
        f -> assertThat(f).usingRecursiveComparison().isEqualTo(new Read(1, 1_700_000_000_123_456L, 5, A)),
        f -> assertThat(f).usingRecursiveComparison().isEqualTo(new Read(101, 1_700_000_000_123_456L, 40, B)),
        f -> assertThat(f).usingRecursiveComparison().isEqualTo(new Read(113, 1_700_000_000_500_000L, 5, A)),
        f -> assertThat(f).usingRecursiveComparison().isEqualTo(new Read(1, Frame.NO_TIME, 3, B)));
  }

  @Test
  void aNewPcapngSectionMayChangeByteOrderAndStartsNewInterfaces() throws Exception {
    byte[] file = new CaptureFiles.Pcapng(ByteOrder.LITTLE_ENDIAN).iface(1, 0, -1).enhanced(0, 5, A, 5)
        .section(ByteOrder.BIG_ENDIAN).iface(229, 0, 9).enhanced(0, 7_000, B, 3).bytes();
    assertThat(readAll(file)).extracting(Read::linkType, Read::ts)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 5L), org.assertj.core.groups.Tuple.tuple(229, 7L));
  }

  @Test
  void wrongMagicIsRefusedAtOffsetZero() {
    assertThatThrownBy(() -> readAll("hello, world\n".getBytes()))
        .isInstanceOfSatisfying(CaptureFormatException.class, e -> {
          assertThat(e.kind()).isEqualTo(CaptureFormatException.Kind.BAD_MAGIC);
          assertThat(e).hasMessageContaining("not a pcap or pcapng capture").hasMessageContaining("at byte offset 0");
        });
  }

  @Test
  void emptyOrCutFileHeadersAreTruncated() {
    byte[] header = new CaptureFiles.Pcap(ByteOrder.LITTLE_ENDIAN, false, 1).bytes();
    for (byte[] cut : List.of(new byte[0], Arrays.copyOf(header, 2), Arrays.copyOf(header, 10))) {
      assertThatThrownBy(() -> readAll(cut)).isInstanceOfSatisfying(CaptureFormatException.class,
          e -> assertThat(e.kind()).isEqualTo(CaptureFormatException.Kind.TRUNCATED));
    }
  }

  @Test
  void aTruncatedRecordNamesItsOffsetAfterTheFramesBeforeIt() throws Exception {
    byte[] whole = new CaptureFiles.Pcap(ByteOrder.LITTLE_ENDIAN, false, 1).record(1, 0, A).record(2, 0, B).bytes();
    byte[] cut = Arrays.copyOf(whole, whole.length - 1);
    CaptureReader reader = CaptureReader.open(new ByteArrayInputStream(cut));
    assertThat(reader.next()).isNotNull();
    long secondRecord = 24 + 16 + A.length;
    assertThatThrownBy(reader::next).isInstanceOfSatisfying(CaptureFormatException.class, e -> {
      assertThat(e.kind()).isEqualTo(CaptureFormatException.Kind.TRUNCATED);
      assertThat(e.offset()).isEqualTo(secondRecord);
      assertThat(e).hasMessage("truncated record (2 of 3 bytes) at byte offset " + secondRecord);
    });
  }

  @Test
  void aCutRecordHeaderAndACutPcapngBlockAreTruncatedToo() throws Exception {
    byte[] pcap = new CaptureFiles.Pcap(ByteOrder.LITTLE_ENDIAN, false, 1).record(1, 0, A).bytes();
    assertThatThrownBy(() -> readAll(Arrays.copyOf(pcap, 24 + 7))).isInstanceOfSatisfying(CaptureFormatException.class,
        e -> assertThat(e.offset()).isEqualTo(24));
    byte[] ng = new CaptureFiles.Pcapng(ByteOrder.LITTLE_ENDIAN).iface(1, 0, -1).enhanced(0, 1, A, 5).bytes();
    assertThatThrownBy(() -> readAll(Arrays.copyOf(ng, ng.length - 3))).isInstanceOfSatisfying(CaptureFormatException.class,
        e -> assertThat(e.kind()).isEqualTo(CaptureFormatException.Kind.TRUNCATED));
  }

  @Test
  void unknownLinkTypesAreRefusedByName() {
    byte[] pcap = new CaptureFiles.Pcap(ByteOrder.LITTLE_ENDIAN, false, 147).bytes();
    assertThatThrownBy(() -> readAll(pcap)).isInstanceOfSatisfying(CaptureFormatException.class, e -> {
      assertThat(e.kind()).isEqualTo(CaptureFormatException.Kind.UNKNOWN_LINK_TYPE);
      assertThat(e).hasMessageStartingWith("unknown link type 147");
    });
    byte[] ng = new CaptureFiles.Pcapng(ByteOrder.BIG_ENDIAN).iface(147, 0, -1).bytes();
    assertThatThrownBy(() -> readAll(ng)).isInstanceOfSatisfying(CaptureFormatException.class,
        e -> assertThat(e.kind()).isEqualTo(CaptureFormatException.Kind.UNKNOWN_LINK_TYPE));
  }

  @Test
  void absurdLengthsAreMalformedNotAnAttemptToAllocate() {
    byte[] pcap = new CaptureFiles.Pcap(ByteOrder.LITTLE_ENDIAN, false, 1).record(1, 0, A).bytes();
    pcap[24 + 8] = (byte) 0xff;
    pcap[24 + 11] = (byte) 0x7f;
    assertThatThrownBy(() -> readAll(pcap)).isInstanceOfSatisfying(CaptureFormatException.class,
        e -> assertThat(e.kind()).isEqualTo(CaptureFormatException.Kind.MALFORMED));
  }

  @Test
  void packetsOnAnUndescribedInterfaceAreMalformed() throws IOException {
    byte[] ng = new CaptureFiles.Pcapng(ByteOrder.LITTLE_ENDIAN).enhanced(0, 1, A, 5).bytes();
    assertThatThrownBy(() -> readAll(ng)).isInstanceOfSatisfying(CaptureFormatException.class,
        e -> assertThat(e).hasMessageContaining("never described"));
  }
}
