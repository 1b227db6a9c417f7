"""Writes, as RESP on stdout, the EVALSHA calls detection makes for a random-source SYN flood (bench/detection-script.sh):
BATCHES batches of 500 packets, each from a new source to 127.0.0.1:80, 1.9 s of event time apart (the capture's
flood: ~16,000 packets a minute), under the default memcap (256 MB) and the shipped rules of conf/platform.json."""
import random
import sys

sha, batches, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
PER_BATCH, RING, DEPTH, FIELD_BYTES, LATENESS_MS = 500, 4, 4, 96, 60000
random.seed(7)
slot = (256 << 20) // (4 * RING)                      # StateBudget.of(256 MB, 4 detectors)
width = max(64, slot // 4 // (4 * DEPTH))
fields = slot - width * 4 * DEPTH
admit, promote = fields * 7 // 10, fields * 17 // 20
RULES = {  # detector: window ms, distinct, threshold, promote at (threshold / 8, at least 2)
    'source_flood': (60000, 0, 10000, 1250), 'syn_flood': (60000, 0, 15360, 1920),
    'port_scan': (300000, 1, 15, 2), 'host_sweep': (300000, 1, 25, 4)}
out = sys.stdout.buffer


def command(args):
    parts = [b'*%d\r\n' % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        parts.append(b'$%d\r\n%s\r\n' % (len(a), a))
    out.write(b''.join(parts))


start = 1764800000000
for b in range(batches):
    t = start + b * 1900
    sources = ['10.%d.%d.%d' % (random.randrange(256), random.randrange(256), random.randrange(1, 255))
               for _ in range(PER_BATCH)]
    entries = {
        'source_flood': [(s, 1, []) for s in sources],
        'syn_flood': [('127.0.0.1', PER_BATCH, [])],
        'port_scan': [(s + '>127.0.0.1', 1, ['80']) for s in sources],
        'host_sweep': [(s + '>:80', 1, ['127.0.0.1']) for s in sources]}
    for detector, (window_ms, distinct, threshold, promote_at) in RULES.items():
        tag = '{%s%s}' % (prefix, detector)
        keys = ['%s:h:%d' % (tag, s) for s in range(RING)] + ['%s:c:%d' % (tag, s) for s in range(RING)]
        args = ['EVALSHA', sha, len(keys)] + keys + [window_ms, distinct, threshold, 2 * threshold, admit, promote,
                                                     fields, promote_at, width, DEPTH, LATENESS_MS, FIELD_BYTES]
        for key, packets, members in entries[detector]:
            args += [key, t // window_ms, packets, t, t + 20, len(members)] + members
        command(args)
