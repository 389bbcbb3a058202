-- Takes one token from every bucket in KEYS if each enforced bucket has one, or none at all.
--
-- ARGV[1] is the caller's time in epoch microseconds. Then come, per key, its capacity, its window
-- in microseconds and 1 if its policy is in dry run, else 0. A bucket is a hash {s = start of its
-- current window, u = tokens used in that window}. The tokens left are the capacity minus u, and
-- never fewer than none. Windows are aligned to the bucket's first request: when one ends, the next
-- starts at s + window with nothing used. Every key expires one window after its last use, when
-- it would be full anyway. A window that starts after ARGV[1] (another instance's clock is ahead)
-- is kept as it is.
--
-- The script counts what was used, not what is left. So a capacity changed at runtime takes effect
-- at once without resetting buckets. Instances that disagree about a capacity for a while still
-- agree about what each client has used, so none admits more than its own capacity.
--
-- A bucket in dry run never rejects: when it is empty the request goes on and the reply flags it.
--
-- Returns {allowed, tokens_1, reset_1, empty_1, tokens_2, reset_2, empty_2, ...}: allowed is 1 or
-- 0, tokens are the tokens left after the call, reset is the end of the bucket's current window in
-- microseconds and empty is 1 if the bucket had no token for the request.
local now = tonumber(ARGV[1])
local count = #KEYS
local used = {}
local starts = {}
local allowed = 1

for i = 1, count do
  local capacity = tonumber(ARGV[3 * i - 1])
  local window = tonumber(ARGV[3 * i])
  local dry_run = ARGV[3 * i + 1] == '1'
  local state = redis.call('HMGET', KEYS[i], 's', 'u', 't', 'c')
  local start = tonumber(state[1])
  local spent = tonumber(state[2])
  if spent == nil and tonumber(state[3]) ~= nil then
    -- A bucket written by an older script kept the tokens left (t) against a capacity (c).
    spent = (tonumber(state[4]) or capacity) - tonumber(state[3])
  end
  if start == nil or spent == nil then
    start = now
    spent = 0
  elseif now >= start + window then
    start = start + math.floor((now - start) / window) * window
    spent = 0
  end
  starts[i] = start
  used[i] = spent
  if spent >= capacity and not dry_run then
    allowed = 0
  end
end

local result = {allowed}
for i = 1, count do
  local capacity = tonumber(ARGV[3 * i - 1])
  local window = tonumber(ARGV[3 * i])
  local empty = 0
  if used[i] >= capacity then
    empty = 1
  elseif allowed == 1 then
    used[i] = used[i] + 1
  end
  -- string.format keeps all digits; Lua's own number-to-string conversion keeps only 14.
  redis.call('HSET', KEYS[i], 's', string.format('%d', starts[i]), 'u', string.format('%d', used[i]))
  redis.call('HDEL', KEYS[i], 't', 'c')
  redis.call('PEXPIRE', KEYS[i], math.ceil(window / 1000))
  result[3 * i - 1] = math.max(0, capacity - used[i])
  result[3 * i] = starts[i] + window
  result[3 * i + 1] = empty
end
return result
