#!/usr/bin/env bash
# Bytes on disk per row: an anomalies row (table + its indexes) against a rolled-up-only packet's guard row in
# rollup_only_keys (table + primary key), with ROWS packets of one hour inserted as the platform inserts them
# (indexes in place), in a scratch database on the PostgreSQL of PGURL. Used for README "STORE_MIN_SEVERITY".
set -euo pipefail
PGURL="${PGURL:-postgresql://postgres@127.0.0.1:5432/postgres}"
ROWS="${ROWS:-300000}"
DB="netwatch_guard_bytes_$$"
psql -q "$PGURL" -c "CREATE DATABASE $DB" >/dev/null
trap 'psql -q "$PGURL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null' EXIT
URL="${PGURL%/*}/$DB"
for f in "$(dirname "$0")"/../src/main/resources/db/migration/V*.sql; do psql -q -v ON_ERROR_STOP=1 "$URL" -f "$f" >/dev/null; done
psql -q -v ON_ERROR_STOP=1 "$URL" <<SQL
CREATE TABLE rollup_only_keys_pbench PARTITION OF rollup_only_keys FOR VALUES FROM ('2030-01-01Z') TO ('2030-01-01 01:00Z');
CREATE TABLE anomalies_pbench PARTITION OF anomalies FOR VALUES FROM ('2030-01-01Z') TO ('2030-01-01 01:00Z');
CREATE TEMP VIEW packets AS SELECT g, (extract(epoch FROM at) * 1000)::bigint || '-0' AS stream_id, at
  FROM generate_series(1, $ROWS) g, LATERAL (SELECT '2030-01-01Z'::timestamptz + g * (interval '1 hour' / ($ROWS + 1)) AS at) a;
INSERT INTO anomalies (stream_id, src_ip, dst_ip, protocol, src_port, dst_port, payload_len, ttl, tcp_flags,
       pkt_rate, entropy, score, severity, reasons, received_at)
SELECT stream_id, ('10.0.' || (h / 256) || '.' || (h % 256))::inet, ('192.168.' || (g % 50) || '.10')::inet,
       CASE WHEN g % 3 = 0 THEN 'UDP' ELSE 'TCP' END, 1024 + g % 60000, 443, g % 1400, 64, 18, (g % 20000)::float8,
       4.5 + (g % 30) / 10.0, 0, 'low', '{}', at
FROM packets, LATERAL (SELECT ((g::bigint * 7919) % 2000)::int AS h) k;
INSERT INTO rollup_only_keys SELECT stream_id, at FROM packets;
VACUUM ANALYZE anomalies_pbench, rollup_only_keys_pbench;
SELECT relname, $ROWS AS rows, pg_total_relation_size(oid) AS bytes, round(pg_total_relation_size(oid)::numeric / $ROWS, 1) AS bytes_per_row,
       pg_relation_size(oid) AS heap_bytes, pg_indexes_size(oid) AS index_bytes
FROM pg_class WHERE relname IN ('anomalies_pbench', 'rollup_only_keys_pbench') ORDER BY 1;
SQL
