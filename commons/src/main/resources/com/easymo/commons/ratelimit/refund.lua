-- Gives back the token that consume.lua took from each bucket in KEYS, for a request that another
-- group of buckets then rejected (in Redis Cluster, buckets of different client keys live in
-- different hash slots and are taken in separate calls).
--
-- ARGV[i] is the start of the window, in epoch microseconds, that consume.lua reported for KEYS[i].
-- A bucket whose window has moved on since is full again and gets nothing back; the tokens never
-- exceed the capacity the bucket was counted against.
for i = 1, #KEYS do
  local state = redis.call('HMGET', KEYS[i], 's', 't', 'c')
  local start = tonumber(state[1])
  local left = tonumber(state[2])
  local capacity = tonumber(state[3])
  if start ~= nil and left ~= nil and capacity ~= nil and start == tonumber(ARGV[i]) and left < capacity then
    redis.call('HSET', KEYS[i], 't', string.format('%d', left + 1))
  end
end
return #KEYS
