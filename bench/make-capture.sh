#!/usr/bin/env bash
# Writes target/bench/capture-<N>.pcap (default N = 1,000,000 packets) for bench/sensor.sh: the fixtures
# of src/test/resources/pcap (made by real tools: a SYN flood, scans, a sweep, HTTP, DNS, IPv6, VLAN) laid
# end to end, each round shifted a minute later in capture time, cut at N. Generated, never committed.
# Needs editcap and mergecap (Debian: wireshark-common, which tshark brings).
#   bench/make-capture.sh [N]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-1000000}
OUT="$ROOT/target/bench/capture-$N.pcap"
FIXTURES="$ROOT/src/test/resources/pcap"
[ -f "$OUT" ] && { echo "$OUT"; exit 0; }
command -v editcap >/dev/null && command -v mergecap >/dev/null || { echo "needs editcap and mergecap (apt-get install wireshark-common)" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$OUT")"
# One round: every Ethernet fixture with the same link type, concatenated in capture order.
mergecap -F pcap -a -w "$work/round.pcap" "$FIXTURES"/{hping3-syn-flood,nmap-syn-scan,nmap-connect-scan,nmap-sweep,benign-http,benign-dns,ipv6,vlan-qinq}.pcap
per_round=$(capinfos -Mc "$work/round.pcap" | awk '/Number of packets/ {print $NF}')
rounds=$(( (N + per_round - 1) / per_round ))
parts=()
for ((i = 0; i < rounds; i++)); do
  editcap -F pcap -t $((i * 60)) "$work/round.pcap" "$work/part-$i.pcap"
  parts+=("$work/part-$i.pcap")
done
mergecap -F pcap -a -w "$work/all.pcap" "${parts[@]}"
editcap -F pcap -r "$work/all.pcap" "$OUT" "1-$N"
echo "$OUT"
