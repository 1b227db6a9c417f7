-- Alerts' first_seen and last_seen are event times (a packet's capture time, else its receipt): a replayed
-- capture's are in the past. Whether an alert has gone quiet is decided on the wall clock instead: when a
-- packet of it was last processed.
ALTER TABLE alerts ADD COLUMN refreshed_at timestamptz NOT NULL DEFAULT now();
UPDATE alerts SET refreshed_at = last_seen;
CREATE INDEX alerts_engaged_refreshed_at_idx ON alerts (refreshed_at) WHERE state = 'engaged';
