-- Checks every window of one budget and, when all have room, books one request in all of
-- them: one atomic step, timed by the Redis server's clock.
--
-- KEYS[1]     the budget's cooldown: a string holding when the pause ends (µs, server time)
-- KEYS[2]     the set of workers whose recent bookings this Redis holds
-- KEYS[3..]   one sorted set per window; member = booking id, score = when it counts from (µs)
-- ARGV[1]     the time to use, in µs, or '' for the server's clock (tests inject their times)
-- ARGV[2]     the id to book under
-- ARGV[3]     the worker's id
-- ARGV[4..]   per window, in the order of KEYS[3..]: the limit, then how long a booking
--             counts (the window plus the send margin, µs)
--
-- Returns {1, 0, id} when booked; {0, wait, ''} when some window (or the cooldown) has no
-- room for `wait` µs, booking nothing; {2, 0, ''} when the worker must first import its
-- recent bookings (its first call, or a Redis that restarted and lost them).
if redis.replicate_commands then redis.replicate_commands() end

local now
if ARGV[1] ~= '' then
  now = tonumber(ARGV[1])
else
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end

if redis.call('SISMEMBER', KEYS[2], ARGV[3]) == 0 then
  return {2, 0, ''}
end

local wait = 0
local pause = redis.call('GET', KEYS[1])
if pause then
  local left = tonumber(pause) - now
  if left > wait then wait = left end
end

local windows = #KEYS - 2
local longest = 0
for i = 1, windows do
  local key = KEYS[i + 2]
  local limit = tonumber(ARGV[2 + 2 * i])
  local span = tonumber(ARGV[3 + 2 * i])
  if span > longest then longest = span end
  -- A booking counts while now < score + span.
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - span)
  local counted = redis.call('ZCARD', key)
  if counted >= limit then
    -- Room appears when all but limit - 1 of the counted bookings have stopped counting.
    local oldest = redis.call('ZRANGE', key, counted - limit, counted - limit, 'WITHSCORES')
    local left = tonumber(oldest[2]) + span - now
    if left > wait then wait = left end
  end
end

if wait > 0 then
  return {0, math.ceil(wait), ''}
end

for i = 1, windows do
  local key = KEYS[i + 2]
  local span = tonumber(ARGV[3 + 2 * i])
  redis.call('ZADD', key, now, ARGV[2])
  redis.call('PEXPIRE', key, math.ceil(span / 1000) + 1000)
end
redis.call('PEXPIRE', KEYS[2], math.ceil(longest / 1000) + 1000)
return {1, 0, ARGV[2]}
