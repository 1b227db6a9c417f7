-- Capture time and sensor name (issue 23): a capturing sensor sends when it saw each packet (ts) and its own
-- name. Both stay NULL for packets sent without them. The table stays partitioned by received_at (ingest's
-- clock, which retention and the rollups go by); captured_at is what detection and the page call event time.
-- Nullable columns without a default: PostgreSQL adds them to every partition without rewriting a row.
ALTER TABLE anomalies
    ADD COLUMN captured_at timestamptz NULL,
    ADD COLUMN sensor      text        NULL;
