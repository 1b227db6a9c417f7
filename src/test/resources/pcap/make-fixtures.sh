#!/usr/bin/env bash
# Makes the capture fixtures of this folder with real tools (nmap, hping3, tcpdump, tshark, curl, dig,
# ping), then the values tshark reads from each (expected/*.tsv), which the parser tests compare with.
# Every packet stays inside a network namespace this script makes for itself (only its loopback is up,
# with no route anywhere else): nothing is ever sent toward another address, even hping3's random sources.
# Needs root and: nmap hping3 tcpdump tshark curl dnsutils iproute2 python3.
# Usage: src/test/resources/pcap/make-fixtures.sh   (rewrites the fixtures; commit what changed)
set -euo pipefail
cd "$(dirname "$0")"
if [ "${NETWATCH_FIXTURE_NETNS:-}" != 1 ]; then
  exec unshare --net env NETWATCH_FIXTURE_NETNS=1 bash "$0" "$@"
fi
ip link set lo up
ip link set lo mtu 1500 # large datagrams fragment as they would on Ethernet
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p expected broken

# capture FILE [tcpdump options...] -- COMMAND...: runs COMMAND while tcpdump writes FILE.
capture() {
  local file=$1; shift
  local opts=()
  while [ "$1" != "--" ]; do opts+=("$1"); shift; done; shift
  tcpdump -i lo -U --immediate-mode -B 32768 "${opts[@]}" -w "$file" 2>"$work/tcpdump.err" &
  local pid=$!
  until grep -q "listening on" "$work/tcpdump.err"; do sleep 0.1; done
  "$@" >/dev/null 2>&1 || true
  sleep 1.5
  kill -INT $pid; wait $pid || true
}

# Servers the benign traffic talks to.
mkdir -p "$work/site" && printf '<html><body>netwatch fixture page</body></html>\n' > "$work/site/index.html"
python3 -m http.server 8080 --bind 127.0.0.1 --directory "$work/site" >/dev/null 2>&1 &
python3 -m http.server 8081 --bind ::1 --directory "$work/site" >/dev/null 2>&1 &
python3 - >/dev/null 2>&1 <<'PY' &
# A resolver that answers every A query with 127.0.0.1 (enough for dig to see a real answer).
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.53", 53))
while True:
    q, peer = s.recvfrom(512)
    end = q.index(b"\0", 12) + 5
    s.sendto(q[:2] + b"\x81\x80" + q[4:6] + b"\0\1\0\0\0\0" + q[12:end]
             + b"\xc0\x0c\0\1\0\1\0\0\0\x3c\0\4\x7f\0\0\1", peer)
PY
until curl -s -o /dev/null http://127.0.0.1:8080/ && curl -s -o /dev/null 'http://[::1]:8081/'; do sleep 0.2; done

# Attacks: sized to engage exactly their detector at the default thresholds (README, detection):
# port_scan >= 15 ports of one host, host_sweep >= 25 hosts on one port, syn_flood > 15,360 SYNs to one host
# in 60 s from sources none of which sends over source_flood's 10,000. Ports 1-100 hold no suspicious port.
capture nmap-syn-scan.pcap -- nmap -sS -Pn -n -p 1-100 --max-retries 0 127.0.0.2
capture nmap-connect-scan.pcap -- nmap -sT -Pn -n -p 1-100 --max-retries 0 127.0.0.3
capture nmap-sweep.pcap -- nmap -sS -Pn -n -p 22 --max-retries 0 127.0.1.1-60
tcpdump -i lo -U --immediate-mode -B 32768 -c 16000 -w hping3-syn-flood.pcap 'tcp[tcpflags] == tcp-syn' 2>"$work/tcpdump.err" &
flood=$!
until grep -q "listening on" "$work/tcpdump.err"; do sleep 0.1; done
hping3 -I lo -S -p 80 --rand-source --flood 127.0.0.1 >/dev/null 2>&1 &
hping=$!
wait $flood || true
kill $hping; wait $hping 2>/dev/null || true

# Benign traffic.
capture benign-http.pcap -- bash -c 'for i in 1 2 3; do curl -s http://127.0.0.1:8080/index.html; done'
capture benign-dns.pcap -- bash -c 'for n in example.test www.example.test mail.example.test; do dig +tries=1 @127.0.0.53 $n A; done'

# Formats and link types.
capture nanosecond.pcap --time-stamp-precision=nano -- ping -c 3 -i 0.2 127.0.0.1
capture ipv6.pcap -- bash -c 'curl -s "http://[::1]:8081/index.html"; ping -6 -c 2 -i 0.2 ::1;
  python3 -c "import socket; s=socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); s.sendto(bytes(3000), (\"::1\", 9999))"'
capture ipv4-options-fragments.pcap -- bash -c 'ping -R -c 2 -i 0.2 127.0.0.1; ping -c 1 -s 3000 127.0.0.1;
  python3 -c "import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.sendto(bytes(4000), (\"127.0.0.1\", 9999))"'
capture snaplen-40.pcap -s 40 -- curl -s http://127.0.0.1:8080/index.html
tcpdump -i any -U --immediate-mode -B 32768 -y LINUX_SLL -w linux-cooked-v1.pcap 2>"$work/sll1.err" &
sll1=$!
tcpdump -i any -U --immediate-mode -B 32768 -y LINUX_SLL2 -w linux-cooked-v2.pcap 2>"$work/sll2.err" &
sll2=$!
until grep -q "listening on" "$work/sll1.err" && grep -q "listening on" "$work/sll2.err"; do sleep 0.1; done
curl -s -o /dev/null http://127.0.0.1:8080/index.html; ping -c 2 -i 0.2 127.0.0.1 >/dev/null
sleep 1.5; kill -INT $sll1 $sll2; wait $sll1 $sll2 || true
tshark -r benign-http.pcap -F pcapng -w benign-http.pcapng
mergecap -F pcapng -w two-interfaces.pcapng benign-dns.pcap nanosecond.pcap
# What no tool here writes from a Linux loopback: VLAN and QinQ tags, BSD loopback, raw IP, big-endian files.
python3 "$(pwd)/craft.py" benign-dns.pcap

# Broken files.
head -c 10 benign-dns.pcap > broken/truncated-header.pcap
size=$(stat -c %s benign-dns.pcap); head -c $((size - 5)) benign-dns.pcap > broken/truncated-record.pcap
printf 'this is not a capture\n' > broken/wrong-magic.pcap
python3 - <<'PY'
data = bytearray(open("benign-dns.pcap", "rb").read())
data[20:24] = (147).to_bytes(4, "little") # LINKTYPE_USER0: no decoder for it
open("broken/unknown-linktype.pcap", "wb").write(data)
PY

./expected-values.sh
ls -l *.pcap *.pcapng broken/*
du -sh .
