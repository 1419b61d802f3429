-- The answer to a booked request has arrived, so the vendor has counted it by now: in every
-- window that still counts the booking, it counts from now on (never from earlier than it
-- did). A booking that has already stopped counting is not brought back.
--
-- KEYS[1..]  the budget's window sets
-- ARGV[1]    the time to use, in µs, or '' for the server's clock
-- ARGV[2]    the booking id
-- ARGV[3..]  per window, in the order of KEYS: how long a booking counts (µs)
-- Returns in how many windows the booking moved.
if redis.replicate_commands then redis.replicate_commands() end

local now
if ARGV[1] ~= '' then
  now = tonumber(ARGV[1])
else
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end

local moved = 0
for i = 1, #KEYS do
  local score = redis.call('ZSCORE', KEYS[i], ARGV[2])
  if score then
    score = tonumber(score)
    if score < now and score + tonumber(ARGV[2 + i]) > now then
      redis.call('ZADD', KEYS[i], now, ARGV[2])
      moved = moved + 1
    end
  end
end
return moved
