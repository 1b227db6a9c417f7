-- STORE_MIN_SEVERITY (persistence/AnomalyRepository): a packet scored below it gets no row in anomalies, it is
-- only counted in the rollups. The stream replays unacknowledged entries after a crash, so the same packet
-- (stream_id, received_at) can be stored twice: a stored row is guarded by anomalies' unique key, a
-- rolled-up-only packet by its key here. The batch's statement inserts the key ON CONFLICT DO NOTHING and the
-- rollups count only the keys it returned, as they count only the rows anomalies returned.
--
-- Partitioned like anomalies (one partition per UTC hour, rollup_only_keys_pYYYYMMDDHH, plus a default one),
-- created ahead and dropped past RETENTION_RAW_HOURS with anomalies' partitions (persistence/StorageMaintenance).
-- With the default STORE_MIN_SEVERITY=low nothing is written here.
CREATE TABLE rollup_only_keys (
    stream_id    text        NOT NULL,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (stream_id, received_at)
) PARTITION BY RANGE (received_at);

CREATE TABLE rollup_only_keys_default PARTITION OF rollup_only_keys DEFAULT;
