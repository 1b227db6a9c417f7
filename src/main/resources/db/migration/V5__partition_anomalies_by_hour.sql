-- anomalies becomes a table partitioned by received_at, one partition per hour (UTC), so that retention
-- drops whole partitions instead of deleting rows. The rows already stored are kept: the old table is
-- renamed, the partitioned one created under the old name, partitions covering the existing rows (and the
-- next hours) are created, the rows moved (ids kept, and the id sequence continues where it was), and the
-- old table dropped. From here on the platform creates partitions ahead itself (persistence/PartitionMaintenance).
--
-- A partitioned table's unique keys must include the partition key: the idempotence key becomes
-- (stream_id, received_at). A replayed stream entry carries the received_at that ingest stored in it, so a
-- replay still hits the same key and is not stored twice.

ALTER TABLE anomalies RENAME TO anomalies_v4;
ALTER TABLE anomalies_v4 RENAME CONSTRAINT anomalies_pkey TO anomalies_v4_pkey;
ALTER TABLE anomalies_v4 RENAME CONSTRAINT anomalies_stream_id_key TO anomalies_v4_stream_id_key;
ALTER INDEX anomalies_severity_id_idx RENAME TO anomalies_v4_severity_id_idx;
ALTER INDEX anomalies_src_ip_id_idx RENAME TO anomalies_v4_src_ip_id_idx;
ALTER INDEX anomalies_received_at_idx RENAME TO anomalies_v4_received_at_idx;
ALTER SEQUENCE anomalies_id_seq RENAME TO anomalies_v4_id_seq;

CREATE TABLE anomalies (
    id           bigint GENERATED ALWAYS AS IDENTITY,
    stream_id    text             NOT NULL,
    src_ip       inet             NOT NULL,
    dst_ip       inet             NOT NULL,
    protocol     text             NOT NULL,
    src_port     integer          NOT NULL CHECK (src_port BETWEEN 0 AND 65535),
    dst_port     integer          NOT NULL CHECK (dst_port BETWEEN 0 AND 65535),
    payload_len  integer          NOT NULL CHECK (payload_len >= 0),
    ttl          smallint         CHECK (ttl BETWEEN 0 AND 255),
    tcp_flags    smallint         NOT NULL CHECK (tcp_flags BETWEEN 0 AND 255),
    pkt_rate     double precision NOT NULL CHECK (pkt_rate >= 0),
    entropy      double precision NOT NULL CHECK (entropy >= 0 AND entropy <= 8),
    score        double precision NOT NULL CHECK (score >= 0 AND score <= 1),
    severity     text             NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    reasons      text[]           NOT NULL DEFAULT '{}',
    received_at  timestamptz      NOT NULL,
    created_at   timestamptz      NOT NULL DEFAULT now(),
    -- Ids stay unique (one sequence); the key must name received_at, and its index serves ORDER BY id.
    CONSTRAINT anomalies_pkey PRIMARY KEY (id, received_at),
    CONSTRAINT anomalies_stream_id_received_at_key UNIQUE (stream_id, received_at)
) PARTITION BY RANGE (received_at);

-- The same indexes as before, on every partition.
CREATE INDEX anomalies_severity_id_idx ON anomalies (severity, id DESC);
CREATE INDEX anomalies_src_ip_id_idx ON anomalies (src_ip, id DESC);
CREATE INDEX anomalies_received_at_idx ON anomalies (received_at);

-- A row whose time has no partition (far past or future, e.g. from an external scorer) lands here instead
-- of failing; the platform reports its rows and moves them out when their partition is created.
CREATE TABLE anomalies_default PARTITION OF anomalies DEFAULT;

-- Partitions for the existing rows: one per hour with rows in the last 7 days and the next hours, one per
-- day for older days with rows (fewer partitions for old data, which retention drops soon anyway).
DO $$
DECLARE
  this_hour timestamptz := date_trunc('hour', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  hourly_from timestamptz := date_trunc('day', (now() - interval '7 days') AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  t timestamptz;
BEGIN
  FOR t IN
    SELECT DISTINCT date_trunc('day', received_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
    FROM anomalies_v4 WHERE received_at < hourly_from
  LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF anomalies FOR VALUES FROM (%L) TO (%L)',
      'anomalies_p' || to_char(t AT TIME ZONE 'UTC', 'YYYYMMDD'), t, t + interval '1 day');
  END LOOP;
  FOR t IN
    SELECT date_trunc('hour', received_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
    FROM anomalies_v4 WHERE received_at >= hourly_from
    UNION
    SELECT generate_series(this_hour, this_hour + interval '6 hours', interval '1 hour')
  LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF anomalies FOR VALUES FROM (%L) TO (%L)',
      'anomalies_p' || to_char(t AT TIME ZONE 'UTC', 'YYYYMMDDHH24'), t, t + interval '1 hour');
  END LOOP;
END $$;

INSERT INTO anomalies (id, stream_id, src_ip, dst_ip, protocol, src_port, dst_port, payload_len, ttl, tcp_flags,
                       pkt_rate, entropy, score, severity, reasons, received_at, created_at)
OVERRIDING SYSTEM VALUE
SELECT id, stream_id, src_ip, dst_ip, protocol, src_port, dst_port, payload_len, ttl, tcp_flags,
       pkt_rate, entropy, score, severity, reasons, received_at, created_at
FROM anomalies_v4;

-- New ids continue after the old ones (the old sequence's position, not max(id): ids of rolled-back
-- inserts are never reused either).
SELECT setval(pg_get_serial_sequence('anomalies', 'id'), last_value, is_called) FROM anomalies_v4_id_seq;

DROP TABLE anomalies_v4;

-- Retention deletes released alerts by age (the alerts table is not partitioned: its one-engaged-alert-per-
-- identity index must span all of it).
CREATE INDEX alerts_released_last_seen_idx ON alerts (last_seen) WHERE state = 'released';
