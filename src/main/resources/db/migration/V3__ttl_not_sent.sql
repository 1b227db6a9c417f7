-- A packet whose sensor did not send a TTL is stored with NULL, not 0: 0 would read as an abnormal TTL.
ALTER TABLE anomalies ALTER COLUMN ttl DROP NOT NULL;
