-- Takes one token from every bucket in KEYS if each enforced bucket has one, or none at all.
--
-- ARGV[1] is the caller's time in epoch microseconds; then, per key, its capacity, its window in
-- microseconds and 1 if its policy is in dry run, else 0. A bucket is a hash {s = start of its
-- current window, t = tokens left, c = the capacity t was counted against}. Windows are aligned to
-- the bucket's first request: when one ends, the next starts at s + window, and the bucket is full
-- again. Every key expires one window after its last use, when it would be full anyway. A window
-- that starts after ARGV[1] (another instance's clock is ahead) is kept as it is.
--
-- A capacity that differs from c was changed at runtime: the bucket keeps its tokens and its
-- window's start; a larger capacity adds the difference, a smaller one caps the tokens.
--
-- A bucket in dry run never rejects: when it is empty the request goes on and the reply flags it.
--
-- Returns {allowed, tokens_1, reset_1, empty_1, tokens_2, reset_2, empty_2, ...}: allowed is 1 or
-- 0, tokens are the tokens left after the call, reset is the end of the bucket's current window in
-- microseconds and empty is 1 if the bucket had no token for the request.
local now = tonumber(ARGV[1])
local count = #KEYS
local tokens = {}
local starts = {}
local allowed = 1

for i = 1, count do
  local capacity = tonumber(ARGV[3 * i - 1])
  local window = tonumber(ARGV[3 * i])
  local dry_run = ARGV[3 * i + 1] == '1'
  local state = redis.call('HMGET', KEYS[i], 's', 't', 'c')
  local start = tonumber(state[1])
  local left = tonumber(state[2])
  local counted = tonumber(state[3])
  if start == nil or left == nil then
    start = now
    left = capacity
  elseif now >= start + window then
    start = start + math.floor((now - start) / window) * window
    left = capacity
  elseif counted ~= nil and counted ~= capacity then
    if capacity > counted then
      left = left + capacity - counted
    elseif left > capacity then
      left = capacity
    end
  end
  starts[i] = start
  tokens[i] = left
  if left < 1 and not dry_run then
    allowed = 0
  end
end

local result = {allowed}
for i = 1, count do
  local capacity = tonumber(ARGV[3 * i - 1])
  local window = tonumber(ARGV[3 * i])
  local empty = 0
  if tokens[i] < 1 then
    empty = 1
  elseif allowed == 1 then
    tokens[i] = tokens[i] - 1
  end
  -- string.format keeps all digits; Lua's own number-to-string conversion keeps only 14.
  redis.call('HSET', KEYS[i], 's', string.format('%d', starts[i]), 't', string.format('%d', tokens[i]),
    'c', string.format('%d', capacity))
  redis.call('PEXPIRE', KEYS[i], math.ceil(window / 1000))
  result[3 * i - 1] = tokens[i]
  result[3 * i] = starts[i] + window
  result[3 * i + 1] = empty
end
return result
