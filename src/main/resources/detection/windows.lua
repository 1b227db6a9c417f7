-- Adds one batch to ONE detector's event-time windows (one call per detector: its keys share a hash tag,
-- so the call stays in one Redis Cluster slot). See docs/detection-state.md.
-- KEYS: R window hashes {tag}:h:0..R-1, then R count-min sketches {tag}:c:0..R-1 (a ring of R windows:
-- window w lives in slot w % R; the hash's field "~w" says which window a slot holds now).
-- ARGV header: window ms, distinct (1/0), threshold, distinct cap, admit bytes, promote bytes, max bytes,
-- promote at, sketch width, sketch depth, lateness ms, bytes per field; then per entry: key, window index,
-- packets, first ms, last ms, member count m, m members.
-- A tracked key's field holds "n:d:first:last:overlap|,m1,m2,": packets, distinct values, event times,
-- how many of its members the previous window also had, then the members (at most the cap).
-- Returns {entry index (1-based), estimated packets, estimated distinct, first seen, episode packets} for each
-- entry whose window is over its threshold (only those: most entries of hostile traffic are not, and every reply
-- element costs Redis and the analyzer), then {refused, evicted, promoted, late, too late}.
local windowMs, distinct, threshold, cap = tonumber(ARGV[1]), ARGV[2] == '1', tonumber(ARGV[3]), tonumber(ARGV[4])
local admitBytes, promoteBytes, maxBytes = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local promoteAt, width, depth = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
local latenessMs, fieldBytes = tonumber(ARGV[11]), tonumber(ARGV[12])
local R = #KEYS / 2
local ttl = R * windowMs
local refused, evicted, promoted, late, tooLate = 0, 0, 0, 0, 0

local function parse(v)
  if not v then return nil end
  local bar = string.find(v, '|', 1, true)
  local n, d, f, l, ov = string.match(string.sub(v, 1, bar - 1), '^(%d+):(%d+):(%d+):(%d+):(%d+)$')
  return { n = tonumber(n), d = tonumber(d), first = tonumber(f), last = tonumber(l), ov = tonumber(ov),
    members = string.sub(v, bar + 1), len = #v }
end

local function format(s)
  return s.n .. ':' .. s.d .. ':' .. s.first .. ':' .. s.last .. ':' .. s.ov .. '|' .. s.members
end

-- What this call read or changed, per ring slot, so that each Redis value is read once and written once, and the
-- bookkeeping ("~b", "~k", the TTLs) once per slot at the end: stamp (the window the slot holds, false: none),
-- bytes and tracked-key deltas, the parsed states read, the values to write, whether the slot was emptied by this
-- call (fresh: nothing in it to read), whether the sketch was touched.
local slots = {}
local function info(s)
  local t = slots[s]
  if not t then
    local h = KEYS[1 + s]
    t = { h = h, c = KEYS[1 + R + s], stamp = tonumber(redis.call('HGET', h, '~w')) or false, bytes = false,
      db = 0, dk = 0, states = {}, pending = {}, fresh = false, touched = false, sketched = false }
    slots[s] = t
  end
  return t
end

-- The slot holding window w, or nil; with create, a slot holding an older window is emptied and taken.
local function slot(w, create)
  local t = info(w % R)
  if t.stamp == w then return t end
  if not create or (t.stamp and t.stamp > w) then return nil end
  redis.call('UNLINK', t.h, t.c)
  redis.call('HSET', t.h, '~w', w, '~b', 0, '~k', 0)
  t.stamp, t.bytes, t.db, t.dk, t.states, t.pending, t.fresh = w, 0, 0, 0, {}, {}, true
  return t
end

-- Values this call changed are written once per slot, in one HSET (at the end, or before sampling the hash).
local function flush(t)
  local args, fields = { 'HSET', t.h }, 0
  for key, value in next, t.pending do
    args[#args + 1] = key; args[#args + 1] = value
    fields = fields + 1
    if fields == 500 then redis.call(unpack(args)); args, fields = { 'HSET', t.h }, 0 end
  end
  if fields > 0 then redis.call(unpack(args)) end
  t.pending = {}
end

local function used(t)
  if not t.bytes then t.bytes = tonumber(redis.call('HGET', t.h, '~b')) or 0 end
  return t.bytes + t.db
end

-- A key's parsed state in a slot (false: not tracked), read once per call.
local function get(t, key)
  local v = t.states[key]
  if v == nil then
    v = not t.fresh and parse(redis.call('HGET', t.h, key)) or false
    t.states[key] = v
  end
  return v or nil
end

local function state(w, key)
  local t = slot(w, false)
  if not t then return nil end
  return get(t, key), t
end

-- Count-min sketch with conservative update: adds, answers the key's estimate (never below its count).
local function sketch(t, key, add)
  local hex = redis.sha1hex(key)
  local reads, idx = {}, {}
  for r = 0, depth - 1 do
    idx[r + 1] = '#' .. (r * width + tonumber(string.sub(hex, 8 * r + 1, 8 * r + 8), 16) % width)
    reads[#reads + 1] = 'GET'; reads[#reads + 1] = 'u32'; reads[#reads + 1] = idx[r + 1]
  end
  local now = redis.call('BITFIELD', t.c, unpack(reads))
  local low = now[1]
  for r = 2, depth do if now[r] < low then low = now[r] end end
  local est = low + add
  local set = { 'OVERFLOW', 'SAT' }
  for r = 1, depth do
    if now[r] < est then set[#set + 1] = 'SET'; set[#set + 1] = 'u32'; set[#set + 1] = idx[r]; set[#set + 1] = est end
  end
  redis.call('BITFIELD', t.c, unpack(set))
  t.sketched = true
  return est
end

-- Evicts the sampled tracked key with the fewest packets, if it has fewer than est.
local function evict(t, est)
  flush(t)
  local sample = redis.call('HRANDFIELD', t.h, 8, 'WITHVALUES')
  local victim, victimValue, low = nil, nil, est
  for j = 1, #sample, 2 do
    if string.sub(sample[j], 1, 1) ~= '~' then
      local s = parse(sample[j + 1])
      if s.n < low then victim, victimValue, low = sample[j], sample[j + 1], s.n end
    end
  end
  if not victim then return false end
  redis.call('HDEL', t.h, victim)
  t.states[victim] = false
  t.db = t.db - (fieldBytes + #victim + #victimValue)
  t.dk = t.dk - 1
  t.touched = true
  evicted = evicted + 1
  return true
end

local function weight(w, last)
  local x = 1 - (last - w * windowMs) / windowMs
  if x < 0 then return 0 elseif x > 1 then return 1 end
  return x
end

local function over(n, d)
  if distinct then return d >= threshold end
  return n > threshold
end

-- Redis checks maxmemory only at a script's first write, and UNLINK (which frees memory) is allowed past it:
-- so the first write is one Redis refuses when full (a no-op otherwise: "~w" -1 is an empty, stale slot).
redis.call('HSETNX', KEYS[1], '~w', -1)

-- Every tracked state pass 1 reads (the entry's window and its two neighbours, in slots holding them now),
-- fetched with one HMGET per slot instead of one HGET per key.
local wanted = {}
local p = 13
while p <= #ARGV do
  local key, w = ARGV[p], tonumber(ARGV[p + 1])
  for dw = -1, 1 do
    local t = slot(w + dw, false)
    if t and t.states[key] == nil then
      t.states[key] = false
      local keys = wanted[t]
      if not keys then keys = {}; wanted[t] = keys end
      keys[#keys + 1] = key
    end
  end
  p = p + 6 + tonumber(ARGV[p + 5])
end
for t, keys in pairs(wanted) do
  for a = 1, #keys, 500 do
    local b = math.min(#keys, a + 499)
    local values = redis.call('HMGET', t.h, unpack(keys, a, b))
    for j = a, b do t.states[keys[j]] = parse(values[j - a + 1]) or false end
  end
end

local out, applied, entry = {}, {}, 0
local i = 13
while i <= #ARGV do
  local key, w, packets = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  local first, last, m = tonumber(ARGV[i + 3]), tonumber(ARGV[i + 4]), tonumber(ARGV[i + 5])
  local t = slot(w, true)
  local tracked = t ~= nil -- counted exactly in its window (already, or admitted or promoted now)
  local v = t and get(t, key)
  if not t then
    tooLate = tooLate + packets
  elseif not v and used(t) >= admitBytes then
    local est = sketch(t, key, packets)
    tracked = est >= promoteAt and (used(t) < promoteBytes or evict(t, est))
    if tracked then promoted = promoted + 1 else refused = refused + 1 end
  end
  entry = entry + 1
  if tracked then
    local s = v or { n = 0, d = 0, first = first, last = last, ov = 0, members = ',', len = -(fieldBytes + #key) }
    local nextState, nextSlot = state(w + 1, key)
    local newest = math.max(s.last, nextState and nextState.last or 0)
    if last < newest - latenessMs then late = late + packets end
    local prev = state(w - 1, key)
    local room = used(t)
    s.n = s.n + packets
    s.first = math.min(s.first, first)
    s.last = math.max(s.last, last)
    for j = 1, m do
      local member = ARGV[i + 5 + j]
      if s.d >= cap or room + #member + 1 > maxBytes then break end
      if not string.find(s.members, ',' .. member .. ',', 1, true) then
        room = room + #member + 1
        s.members = s.members .. member .. ','
        s.d = s.d + 1
        if prev and string.find(prev.members, ',' .. member .. ',', 1, true) then s.ov = s.ov + 1 end
        if nextState and string.find(nextState.members, ',' .. member .. ',', 1, true) then
          nextState.ov = nextState.ov + 1
        end
      end
    end
    local value = format(s)
    t.pending[key] = value
    t.db = t.db + #value - s.len
    if not v then t.dk = t.dk + 1 end
    s.len = #value
    t.states[key] = s
    t.touched = true
    if nextState then nextSlot.pending[key] = format(nextState) end
    applied[#applied + 1] = { entry, key, w }
  end
  i = i + 6 + m
end

-- The bookkeeping of every slot this call changed, once.
for _, t in pairs(slots) do
  flush(t)
  if t.touched then
    if t.db ~= 0 then redis.call('HINCRBY', t.h, '~b', t.db) end
    if t.dk ~= 0 then redis.call('HINCRBY', t.h, '~k', t.dk) end
    redis.call('PEXPIRE', t.h, ttl)
  end
  if t.sketched then redis.call('PEXPIRE', t.c, ttl) end
end

-- Pass 2: every entry judged on the windows as the whole batch left them, so the answer does not depend on the
-- order of the batch's entries (a backwards batch fills the previous window after the current one).
for _, e in ipairs(applied) do
  local at, key, w = e[1], e[2], e[3]
  local s = state(w, key) -- nil: evicted by a later entry of this batch
  if s then
    local prev, nextState = state(w - 1, key), state(w + 1, key)
    -- The sliding estimate of this window (the previous one weighted by how much of it the window's
    -- newest packet still overlaps), and of the next window with this one as its previous.
    local x = weight(w, s.last)
    local pn, pd = prev and prev.n or 0, prev and math.max(0, prev.d - s.ov) or 0
    local en, ed = s.n + math.floor(pn * x), s.d + math.floor(pd * x)
    if over(en, ed) then
      out[#out + 1] = { at, en, ed, pn > 0 and math.min(s.first, prev.first) or s.first, s.n + pn }
    elseif nextState then
      local y = weight(w + 1, nextState.last)
      local nn = nextState.n + math.floor(s.n * y)
      local nd = nextState.d + math.floor(math.max(0, s.d - nextState.ov) * y)
      if over(nn, nd) then out[#out + 1] = { at, nn, nd, math.min(s.first, nextState.first), nextState.n + s.n } end
    end
  end
end
out[#out + 1] = { refused, evicted, promoted, late, tooLate }
return out
