#!/usr/bin/env bash
# What tshark reads from every readable fixture, one TSV per file in expected/ (the parser tests compare each
# field with the sensor's). First occurrence of each field (an ICMP error quotes an inner header); no
# reassembly, so each fragment is read as it was captured. Run by make-fixtures.sh; needs tshark.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p expected
fields=(frame.time_epoch frame.len ip.src ip.dst ipv6.src ipv6.dst ip.ttl ipv6.hlim ip.proto ip.len ip.hdr_len
  ip.frag_offset ip.flags.mf ipv6.nxt ipv6.plen ipv6.fraghdr.nxt ipv6.fraghdr.offset ipv6.fraghdr.more
  tcp.srcport tcp.dstport tcp.flags tcp.hdr_len tcp.len udp.srcport udp.dstport tcp.payload udp.payload)
args=(); for f in "${fields[@]}"; do args+=(-e "$f"); done
for file in *.pcap *.pcapng; do
  tshark -r "$file" -o ip.defragment:FALSE -o ipv6.defragment:FALSE -T fields -E header=y -E occurrence=f \
    -E separator=/t "${args[@]}" > "expected/$file.tsv" 2>/dev/null
done
tshark --version | head -1 > expected/TSHARK_VERSION
