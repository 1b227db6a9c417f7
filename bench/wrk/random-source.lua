-- POSTs one packet per request with a random source, destination and port, half of them SYN-only (issue 24's
-- spoofed-source traffic): every packet is a new key for the detectors. WRK_TOKEN: the ingest bearer token.
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("WRK_TOKEN") or "dev-ingest-token")
wrk.headers["Content-Type"] = "application/json"
local random = math.random
request = function()
  local body = string.format('{"src_ip":"10.%d.%d.%d","dst_ip":"192.168.%d.%d","protocol":"TCP","src_port":%d,'
    .. '"dst_port":%d,"payload_len":0,"ttl":64,"tcp_flags":%d,"payload_hex":"","pkt_rate":10}',
    random(0, 3), random(0, 255), random(1, 254), random(0, 255), random(1, 254), random(1024, 65535),
    random(1, 65535), random(0, 1) == 0 and 2 or 24)
  return wrk.format(nil, nil, nil, body)
end
