--[[
  Settles one reservation after the answer: releases everything it held, charges the
  actual cost (wallet balance down, every budget's spent up), and corrects the
  tokens-per-minute buckets from the worst case counted at admission to the actual tokens.
  Idempotent: the reservation is deleted, so settling the same id again changes nothing.
  A reservation the sweeper already released (state 'expired') is only charged.

  It also reaches the keys the reservation names (wallet, budgets, buckets); they share
  the prefix's hash tag, so a cluster keeps them in this slot.
    KEYS[1] reservation expiry set, KEYS[2] the reservation
    ARGV[1] reservation id (= request id), ARGV[2] actual cost (micro-credits),
    ARGV[3] actual tokens, or '' to keep the count made at admission
  Replies: {'settled', reservedMicros, chargedMicros}, {'settled_after_expiry', 0, chargedMicros}
  or {'already_settled'} when no reservation is held under the id.
]]
--- @include "clock"
--- @include "leaky-bucket"
--- @include "reservation"

local r = readReservation(KEYS[2])
if not r then
  return { 'already_settled' }
end
local cost = tonumber(ARGV[2])
chargeCost(r, cost, ARGV[1])
redis.call('DEL', KEYS[2])
if r.state == 'expired' then
  return { 'settled_after_expiry', 0, cost }
end

releaseHolds(r)
redis.call('ZREM', KEYS[1], ARGV[1])
if ARGV[3] ~= '' then
  local nowUs = clockUs()
  local correction = tonumber(ARGV[3]) - r.tokens
  for _, bucket in ipairs(r.tokenBuckets) do
    local key, limit = bucket[1], bucket[2]
    local level = math.max(0, bucketLevel(key, limit, nowUs) + correction)
    storeBucketLevel(key, level, limit, nowUs)
  end
end
return { 'settled', r.amount, cost }
