-- POSTs the seed packet as many sensors: each request carries the next token of WRK_TOKENS_FILE (one a line,
-- as bench/sensors.sh register writes them), round robin, so every request's token is looked up (figure P with
-- 100 registered sensors beside the single-token P of post.lua). The requests are formatted once, at start.
local body = '{"src_ip":"10.0.0.5","dst_ip":"192.168.1.10","protocol":"TCP","src_port":51234,'
  .. '"dst_port":4444,"payload_len":512,"ttl":64,"tcp_flags":2,"payload_hex":"deadbeef","pkt_rate":15000}'
local file = assert(io.open(assert(os.getenv("WRK_TOKENS_FILE"), "set WRK_TOKENS_FILE"), "r"))
local requests = {}
for token in file:lines() do
  if token ~= "" then
    requests[#requests + 1] = wrk.format("POST", wrk.path, {
      ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
  end
end
file:close()
assert(#requests > 0, "no token in WRK_TOKENS_FILE")
local next = 0

request = function()
  next = next % #requests + 1
  return requests[next]
end
