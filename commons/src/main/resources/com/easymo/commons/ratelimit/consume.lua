-- Takes one token from every bucket in KEYS if each has one, or none at all.
--
-- ARGV[1] is the caller's time in epoch microseconds; then, per key, its capacity and its window in
-- microseconds. A bucket is a hash {s = start of its current window, t = tokens left}. Windows are
-- aligned to the bucket's first request: when one ends, the next starts at s + window, and the bucket
-- is full again. Every key expires one window after its last use, when it would be full anyway. A
-- window that starts after ARGV[1] (another instance's clock is ahead) is kept as it is.
--
-- Returns {allowed, tokens_1, reset_1, tokens_2, reset_2, ...}: allowed is 1 or 0, tokens are the
-- tokens left after the call and reset is the end of the bucket's current window in microseconds.
local now = tonumber(ARGV[1])
local count = #KEYS
local tokens = {}
local starts = {}
local allowed = 1

for i = 1, count do
  local capacity = tonumber(ARGV[2 * i])
  local window = tonumber(ARGV[2 * i + 1])
  local state = redis.call('HMGET', KEYS[i], 's', 't')
  local start = tonumber(state[1])
  local left = tonumber(state[2])
  if start == nil or left == nil then
    start = now
    left = capacity
  elseif now >= start + window then
    start = start + math.floor((now - start) / window) * window
    left = capacity
  end
  starts[i] = start
  tokens[i] = left
  if left < 1 then
    allowed = 0
  end
end

local result = {allowed}
for i = 1, count do
  local window = tonumber(ARGV[2 * i + 1])
  if allowed == 1 then
    tokens[i] = tokens[i] - 1
  end
  -- string.format keeps all digits; Lua's own number-to-string conversion keeps only 14.
  redis.call('HSET', KEYS[i], 's', string.format('%d', starts[i]), 't', string.format('%d', tokens[i]))
  redis.call('PEXPIRE', KEYS[i], math.ceil(window / 1000))
  result[2 * i] = tokens[i]
  result[2 * i + 1] = starts[i] + window
end
return result
