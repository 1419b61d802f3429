-- Pauses every worker on the budget for `wait` µs from now, unless a longer pause is set.
--
-- KEYS[1]  the budget's cooldown
-- ARGV[1]  the time to use, in µs, or '' for the server's clock
-- ARGV[2]  the pause, in µs
-- Returns the pause left in µs (this one, or the longer one already set).
if redis.replicate_commands then redis.replicate_commands() end

local now
if ARGV[1] ~= '' then
  now = tonumber(ARGV[1])
else
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end

local wait = tonumber(ARGV[2])
local ends = now + wait
local current = redis.call('GET', KEYS[1])
if current and tonumber(current) >= ends then
  return math.ceil(tonumber(current) - now)
end
redis.call('SET', KEYS[1], ends, 'PX', math.max(1, math.ceil(wait / 1000)))
return math.ceil(wait)
