-- Hands Redis a worker's recent bookings, so that a Redis that restarted empty (or a worker
-- that paced locally while Redis was away) still counts what the vendor counts. Bookings
-- already held keep their later score.
--
-- KEYS[1]     the set of workers whose recent bookings this Redis holds
-- KEYS[2..]   the budget's window sets
-- ARGV[1]     the time to use, in µs, or '' for the server's clock
-- ARGV[2]     the worker's id
-- ARGV[3..]   per window, in the order of KEYS[2..]: how long a booking counts (µs);
--             then pairs of booking id and age (µs before now)
-- Returns how many bookings were added or moved.
if redis.replicate_commands then redis.replicate_commands() end

local now
if ARGV[1] ~= '' then
  now = tonumber(ARGV[1])
else
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end

local windows = #KEYS - 1
local first_pair = 3 + windows
local longest = 0
local added = 0
for i = 1, windows do
  local key = KEYS[i + 1]
  local span = tonumber(ARGV[2 + i])
  if span > longest then longest = span end
  for p = first_pair, #ARGV - 1, 2 do
    local id = ARGV[p]
    local age = tonumber(ARGV[p + 1])
    if age < span then
      local score = now - age
      local held = redis.call('ZSCORE', key, id)
      if not held or tonumber(held) < score then
        redis.call('ZADD', key, score, id)
        added = added + 1
      end
    end
  end
  if redis.call('EXISTS', key) == 1 then
    redis.call('PEXPIRE', key, math.ceil(span / 1000) + 1000)
  end
end
redis.call('SADD', KEYS[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], math.ceil(longest / 1000) + 1000)
return added
