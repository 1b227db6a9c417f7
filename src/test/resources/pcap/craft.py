"""Rewrites a little-endian Ethernet pcap (made by tcpdump on lo) into what no tool writes from a Linux
loopback: 802.1Q and QinQ tags, BSD loopback (LINKTYPE_NULL, host order), raw IP, and a big-endian file.
The packets themselves stay those tcpdump captured. Usage: python3 craft.py SOURCE.pcap (from make-fixtures.sh)."""
import struct
import sys


def records(path):
    data = open(path, "rb").read()
    magic, = struct.unpack("<I", data[:4])
    assert magic == 0xA1B2C3D4, "expects a little-endian microsecond pcap"
    at = 24
    while at < len(data):
        sec, frac, incl, orig = struct.unpack("<IIII", data[at:at + 16])
        yield sec, frac, data[at + 16:at + 16 + incl], orig
        at += 16 + incl


def write(path, linktype, frames, order="<"):
    with open(path, "wb") as out:
        out.write(struct.pack(order + "IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, linktype))
        for sec, frac, frame, orig in frames:
            out.write(struct.pack(order + "IIII", sec, frac, len(frame), orig))
            out.write(frame)


def main(source):
    frames = list(records(source))
    tagged = []
    for i, (sec, frac, frame, orig) in enumerate(frames):
        # 802.1Q VLAN 100 on even records; QinQ (service tag 10, customer tag 100) on odd ones.
        tags = b"\x81\x00\x00\x64" if i % 2 == 0 else b"\x88\xa8\x00\x0a\x81\x00\x00\x64"
        tagged.append((sec, frac, frame[:12] + tags + frame[12:], orig + len(tags)))
    write("vlan-qinq.pcap", 1, tagged)
    write("bsd-null.pcap", 0, [(s, f, struct.pack("<I", 2) + fr[14:], o - 10) for s, f, fr, o in frames])
    write("raw-ip.pcap", 101, [(s, f, fr[14:], o - 14) for s, f, fr, o in frames])
    write("big-endian.pcap", 1, frames, ">")


main(sys.argv[1])
