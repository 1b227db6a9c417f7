-- GETs wrk's URL with one query parameter drawn at random for every request (bench/storage.sh):
--   WRK_RANDOM  before_id: a random id in [WRK_LO, WRK_HI] (keyset pages anywhere in the table);
--               src_ip: one of the 2,000 sources bench/storage.sh generates (10.0.h/256.h%256, h in 0..1999)
-- Without WRK_RANDOM the URL is fetched as it is.
local kind = os.getenv("WRK_RANDOM")
local lo = tonumber(os.getenv("WRK_LO") or "1")
local hi = tonumber(os.getenv("WRK_HI") or "1")

request = function()
  local path = wrk.path
  if kind == "before_id" then
    path = path .. "&before_id=" .. math.random(lo, hi)
  elseif kind == "src_ip" then
    local h = math.random(0, 1999)
    path = path .. "&src_ip=10.0." .. math.floor(h / 256) .. "." .. (h % 256)
  end
  return wrk.format("GET", path)
end
