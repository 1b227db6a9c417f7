-- POSTs one fixed body on every request, as a sensor does (see bench/README.md).
--   WRK_BODY_FILE  file holding the body (one packet, or a JSON array of packets); default: the seed packet
--   WRK_TOKEN      the ingest bearer token; default: dev-ingest-token
-- The request is built once by wrk (no per-request Lua), so the script costs wrk nothing per request.
local body = '{"src_ip":"10.0.0.5","dst_ip":"192.168.1.10","protocol":"TCP","src_port":51234,'
  .. '"dst_port":4444,"payload_len":512,"ttl":64,"tcp_flags":2,"payload_hex":"deadbeef","pkt_rate":15000}'
local path = os.getenv("WRK_BODY_FILE")
if path ~= nil and path ~= "" then
  local file = assert(io.open(path, "rb"), "cannot read WRK_BODY_FILE " .. path)
  body = file:read("*a")
  file:close()
end
wrk.method = "POST"
wrk.body = body
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("WRK_TOKEN") or "dev-ingest-token")
wrk.headers["Content-Type"] = "application/json"
