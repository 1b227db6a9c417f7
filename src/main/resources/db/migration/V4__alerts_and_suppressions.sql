-- Alert episodes: many anomalous packets of one identity (detector + key) become one row while engaged.
-- detector is a stateful detector's name (port_scan, syn_flood, host_sweep, source_flood) or 'packet' for
-- an alert engaged by per-packet scores, whose identity also includes the reason set.
CREATE TABLE alerts (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    detector         text             NOT NULL,
    reasons          text[]           NOT NULL DEFAULT '{}',
    alert_key        text             NOT NULL,
    src_ip           inet,
    dst_ip           inet,
    dst_port         integer          CHECK (dst_port BETWEEN 0 AND 65535),
    first_seen       timestamptz      NOT NULL,
    last_seen        timestamptz      NOT NULL,
    packet_count     bigint           NOT NULL CHECK (packet_count >= 0),
    max_score        double precision NOT NULL,
    severity         text             NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    state            text             NOT NULL CHECK (state IN ('engaged', 'released')),
    -- Released once last_seen is older than this (each detector's quiet period, kept with the alert).
    quiet_ms         integer          NOT NULL CHECK (quiet_ms > 0),
    released_at      timestamptz,
    acknowledged_at  timestamptz,
    acknowledged_by  text,
    note             text,
    -- When alerts.engaged or alerts.updated was last published: updates go out at most every 5 s.
    pushed_at        timestamptz      NOT NULL DEFAULT now()
);

-- Exactly one engaged alert per identity, whichever analyzer node gets there first.
CREATE UNIQUE INDEX alerts_one_engaged_idx ON alerts (detector, alert_key) WHERE state = 'engaged';
-- The release sweep reads engaged alerts by age.
CREATE INDEX alerts_engaged_last_seen_idx ON alerts (last_seen) WHERE state = 'engaged';
CREATE INDEX alerts_src_ip_id_idx ON alerts (src_ip, id DESC);

-- Operators' silences: a matching alert is not engaged (its packets are still stored and counted).
-- detector null matches every detector; otherwise a detector name or a per-packet reason.
CREATE TABLE suppressions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    detector    text,
    src_cidr    cidr,
    dst_cidr    cidr,
    dst_port    integer     CHECK (dst_port BETWEEN 0 AND 65535),
    expires_at  timestamptz,
    reason      text        NOT NULL DEFAULT '',
    created_by  text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    hits        bigint      NOT NULL DEFAULT 0
);
