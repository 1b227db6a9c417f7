-- One row per stream entry: the packet, its score and why. stream_id makes inserts idempotent.
CREATE TABLE anomalies (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream_id    text             NOT NULL,
    src_ip       inet             NOT NULL,
    dst_ip       inet             NOT NULL,
    protocol     text             NOT NULL,
    src_port     integer          NOT NULL CHECK (src_port BETWEEN 0 AND 65535),
    dst_port     integer          NOT NULL CHECK (dst_port BETWEEN 0 AND 65535),
    payload_len  integer          NOT NULL CHECK (payload_len >= 0),
    ttl          smallint         NOT NULL CHECK (ttl BETWEEN 0 AND 255),
    tcp_flags    smallint         NOT NULL CHECK (tcp_flags BETWEEN 0 AND 255),
    pkt_rate     double precision NOT NULL CHECK (pkt_rate >= 0),
    entropy      double precision NOT NULL CHECK (entropy >= 0 AND entropy <= 8),
    score        double precision NOT NULL CHECK (score >= 0 AND score <= 1),
    severity     text             NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    reasons      text[]           NOT NULL DEFAULT '{}',
    received_at  timestamptz      NOT NULL,
    created_at   timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT anomalies_stream_id_key UNIQUE (stream_id)
);

-- The dashboard's filters page newest first (keyset on id).
CREATE INDEX anomalies_severity_id_idx ON anomalies (severity, id DESC);
CREATE INDEX anomalies_src_ip_id_idx ON anomalies (src_ip, id DESC);
