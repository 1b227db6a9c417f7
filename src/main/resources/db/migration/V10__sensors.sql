-- Registered sensors. A sensor authenticates with a token of its own, stored only as its SHA-256 digest.
-- 'default' is INGESTION_TOKEN's sensor: its token lives in the configuration, so its digest is null here.
CREATE TABLE sensors (
    name                  text        PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9_.-]{0,62}$'),
    description           text        NOT NULL DEFAULT '',
    -- Packets per second admitted (token bucket, burst of 2 s of it); null: no quota.
    quota_pps             integer     CHECK (quota_pps > 0),
    -- Null: the global SENSOR_SILENT_AFTER_SECONDS.
    silent_after_seconds  integer     CHECK (silent_after_seconds > 0),
    token_digest          bytea,
    -- After a rotation the previous token stays valid until previous_valid_until.
    previous_digest       bytea,
    previous_valid_until  timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    rotated_at            timestamptz,
    -- Written by every node, a few times a minute at most, from what it saw in memory.
    last_seen_at          timestamptz,
    CHECK (name = 'default' OR token_digest IS NOT NULL)
);

INSERT INTO sensors (name, description) VALUES ('default', 'INGESTION_TOKEN');
