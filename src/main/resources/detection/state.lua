-- Reads one detector's ring (the keys windows.lua uses, one hash tag) for the meters: per slot, the window it
-- holds (-1: none), its tracked keys, and the Redis memory of its hash and its sketch.
local R = #KEYS / 2
local out = {}
for s = 1, R do
  local h, c = KEYS[s], KEYS[R + s]
  local stamp = redis.call('HGET', h, '~w')
  local k = redis.call('HGET', h, '~k')
  out[s] = { tonumber(stamp) or -1, tonumber(k) or 0, redis.call('MEMORY', 'USAGE', h) or 0,
    redis.call('MEMORY', 'USAGE', c) or 0 }
end
return out
