-- Where alerts go (notify/): recipients, and a transactional outbox of alert events and their deliveries.

CREATE TABLE recipients (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                 text        NOT NULL UNIQUE,
    type                 text        NOT NULL CHECK (type IN ('alertmanager', 'webhook', 'syslog')),
    -- Endpoint settings of the type (url, format, host, port, protocol); never the secret.
    settings             jsonb       NOT NULL DEFAULT '{}',
    -- Write-only through the API: the webhook signing key.
    secret               text,
    min_severity         text        NOT NULL DEFAULT 'low'
                                     CHECK (min_severity IN ('low', 'medium', 'high', 'critical')),
    -- null: every detector.
    detectors            text[],
    events               text[]      NOT NULL DEFAULT '{engaged,released}',
    enabled              boolean     NOT NULL DEFAULT true,
    max_age_seconds      integer     NOT NULL DEFAULT 86400 CHECK (max_age_seconds > 0),
    min_interval_seconds integer     NOT NULL DEFAULT 60 CHECK (min_interval_seconds >= 0),
    resend_seconds       integer     NOT NULL DEFAULT 60 CHECK (resend_seconds > 0),
    concurrency          integer     NOT NULL DEFAULT 4 CHECK (concurrency BETWEEN 1 AND 64),
    timeout_ms           integer     NOT NULL DEFAULT 5000 CHECK (timeout_ms BETWEEN 100 AND 60000),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);

-- One row per alert event some recipient wants; its id is the event's sequence number (webhook-id).
CREATE TABLE notify_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id    bigint      NOT NULL,
    event       text        NOT NULL CHECK (event IN ('engaged', 'updated', 'acknowledged', 'released')),
    -- The alert as it was when the event happened, in the API's shape.
    alert       jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per event and recipient: pending until delivered, or dead once max_age passed.
CREATE TABLE notify_deliveries (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id         bigint      NOT NULL REFERENCES notify_events (id) ON DELETE CASCADE,
    recipient_id     bigint      NOT NULL REFERENCES recipients (id) ON DELETE CASCADE,
    alert_id         bigint      NOT NULL,
    event            text        NOT NULL,
    state            text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts         integer     NOT NULL DEFAULT 0,
    -- Due time; while a node delivers it, the end of that node's lease.
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    -- When max_age starts counting: the event's time, or the operator's retry of a dead delivery.
    created_at       timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz,
    last_status      integer,
    last_error       text
);

CREATE INDEX notify_deliveries_due_idx ON notify_deliveries (recipient_id, next_attempt_at) WHERE state = 'pending';
CREATE INDEX notify_deliveries_alert_idx ON notify_deliveries (alert_id, recipient_id, id);
CREATE INDEX notify_deliveries_delivered_idx ON notify_deliveries (delivered_at) WHERE state = 'delivered';
CREATE INDEX notify_deliveries_dead_idx ON notify_deliveries (recipient_id, id) WHERE state = 'dead';

CREATE FUNCTION notify_iso(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;

CREATE FUNCTION notify_severity_rank(s text) RETURNS int LANGUAGE sql IMMUTABLE AS
$$ SELECT array_position(ARRAY['low', 'medium', 'high', 'critical'], s) $$;

-- The outbox write. A trigger, so that every writer of alerts (detection's upsert and release sweep, the
-- acknowledge route, any later one) writes the event in its own transaction, and none can forget to.
CREATE FUNCTION notify_alert_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ev text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.state = 'engaged' THEN ev := 'engaged'; END IF;
    ELSIF OLD.state = 'engaged' AND NEW.state = 'released' THEN
        ev := 'released';
    ELSIF NEW.acknowledged_at IS DISTINCT FROM OLD.acknowledged_at THEN
        ev := 'acknowledged';
    ELSIF NEW.state = 'engaged' AND (NEW.last_seen, NEW.packet_count, NEW.severity)
                                    IS DISTINCT FROM (OLD.last_seen, OLD.packet_count, OLD.severity) THEN
        ev := 'updated';
    END IF;
    -- Nothing to do for most refreshes when nobody listens: one index-free look at a small table.
    IF ev IS NULL OR NOT EXISTS (SELECT 1 FROM recipients WHERE enabled) THEN RETURN NULL; END IF;
    -- One statement: the recipients that want it (enabled, the event, the detector, the severity, and for an
    -- update none of this alert's updates to this recipient within min_interval_seconds), the event if any
    -- does, and one delivery per such recipient.
    WITH wanted AS (
        SELECT r.id FROM recipients r
         WHERE r.enabled AND ev = ANY (r.events)
           AND (r.detectors IS NULL OR NEW.detector = ANY (r.detectors))
           AND notify_severity_rank(NEW.severity) >= notify_severity_rank(r.min_severity)
           AND (ev <> 'updated' OR NOT EXISTS (
                 SELECT 1 FROM notify_deliveries d
                  WHERE d.alert_id = NEW.id AND d.recipient_id = r.id AND d.event = 'updated'
                    AND d.created_at > now() - r.min_interval_seconds * interval '1 second'))),
    event_row AS (
        INSERT INTO notify_events (alert_id, event, alert)
        SELECT NEW.id, ev, jsonb_build_object(
            'id', NEW.id, 'detector', NEW.detector, 'reasons', to_jsonb(NEW.reasons), 'key', NEW.alert_key,
            'src_ip', host(NEW.src_ip), 'dst_ip', host(NEW.dst_ip), 'dst_port', NEW.dst_port,
            'first_seen', notify_iso(NEW.first_seen), 'last_seen', notify_iso(NEW.last_seen),
            'packet_count', NEW.packet_count, 'max_score', NEW.max_score, 'severity', NEW.severity,
            'state', NEW.state, 'released_at', notify_iso(NEW.released_at),
            'acknowledged_at', notify_iso(NEW.acknowledged_at), 'acknowledged_by', NEW.acknowledged_by,
            'note', NEW.note)
         WHERE EXISTS (SELECT 1 FROM wanted)
        RETURNING id)
    INSERT INTO notify_deliveries (event_id, recipient_id, alert_id, event)
    SELECT e.id, w.id, NEW.id, ev FROM event_row e CROSS JOIN wanted w;
    RETURN NULL;
END
$$;

CREATE TRIGGER alerts_notify AFTER INSERT OR UPDATE ON alerts
    FOR EACH ROW EXECUTE FUNCTION notify_alert_event();
