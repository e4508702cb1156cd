--[[
  Re-seeds a wallet's balance from PostgreSQL while keeping the invariant
    Redis balance = PostgreSQL balance - costs settled in Redis that PostgreSQL has not posted
  The settled costs not yet posted are the hash `<wallet>:unposted` (request id -> cost).
  The caller read, in one PostgreSQL snapshot, the balance and which of those request ids
  are already posted; those leave the hash, the rest are subtracted again.
  `version` counts refreshes: if another refresh finished since this one read the version,
  its PostgreSQL snapshot may be newer than ours, so ours is refused and retried.
    KEYS[1] the wallet, KEYS[2] its unposted costs
    ARGV[1] version read before PostgreSQL, ARGV[2] balance, ARGV[3] floor,
    ARGV[4..] request ids PostgreSQL has posted
  Replies: {'refreshed', balance, previousBalance, unpostedMicros}, {'conflict'}, {'not_cached'}
]]
--- @include "clock"

if redis.call('HEXISTS', KEYS[1], 'balance') == 0 then
  return { 'not_cached' }
end
if (redis.call('HGET', KEYS[1], 'version') or '0') ~= ARGV[1] then
  return { 'conflict' }
end
for i = 4, #ARGV do
  redis.call('HDEL', KEYS[2], ARGV[i])
end
local unposted = 0
for _, cost in ipairs(redis.call('HVALS', KEYS[2])) do
  unposted = unposted + tonumber(cost)
end
local previous = tonumber(redis.call('HGET', KEYS[1], 'balance'))
local balance = tonumber(ARGV[2]) - unposted
redis.call('HSET', KEYS[1], 'balance', int(balance), 'floor', ARGV[3])
redis.call('HINCRBY', KEYS[1], 'version', 1)
return { 'refreshed', balance, previous, unposted }
