-- The dashboard's top talkers and the history's "since" filter read a recent time window.
CREATE INDEX anomalies_received_at_idx ON anomalies (received_at);
