-- Gives back the token that consume.lua took from each bucket in KEYS, for a request that another
-- group of buckets then rejected. In Redis Cluster, buckets of different client keys live in
-- different hash slots, so they are taken in separate calls.
--
-- ARGV[i] is the start of the window, in epoch microseconds, that consume.lua reported for KEYS[i].
-- A bucket whose window has moved on since counts nothing used and gets nothing back.
for i = 1, #KEYS do
  local state = redis.call('HMGET', KEYS[i], 's', 'u')
  local start = tonumber(state[1])
  local spent = tonumber(state[2])
  if start ~= nil and spent ~= nil and start == tonumber(ARGV[i]) and spent > 0 then
    redis.call('HSET', KEYS[i], 'u', string.format('%d', spent - 1))
  end
end
return #KEYS
