-- Adds one batch to the detectors' tumbling windows, for every window key at once (one round trip).
-- ARGV, repeated per window: base key, window ms, packets, distinct cap, member count m, then m members.
-- A window starts at its first hit: the base key det:{detector}:{key} holds its start and expires with it;
-- its counts live in det:{detector}:{key}:{start} (packets) and ...:{start}:set (distinct values, capped),
-- which expire after two windows. Returns, per window: packets, distinct values, start (ms).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
local i = 1
while i <= #ARGV do
  local base = ARGV[i]
  local window = tonumber(ARGV[i + 1])
  local packets = tonumber(ARGV[i + 2])
  local cap = tonumber(ARGV[i + 3])
  local m = tonumber(ARGV[i + 4])
  local start = redis.call('GET', base)
  if not start then
    start = tostring(now)
    redis.call('SET', base, start, 'PX', window)
  end
  local counter = base .. ':' .. start
  local n = redis.call('INCRBY', counter, packets)
  redis.call('PEXPIRE', counter, 2 * window)
  local distinct = 0
  if m > 0 then
    local set = counter .. ':set'
    distinct = redis.call('SCARD', set)
    for j = 1, m do
      if distinct >= cap then break end
      distinct = distinct + redis.call('SADD', set, ARGV[i + 4 + j])
    end
    redis.call('PEXPIRE', set, 2 * window)
  end
  out[#out + 1] = { n, distinct, tonumber(start) }
  i = i + 5 + m
end
return out
