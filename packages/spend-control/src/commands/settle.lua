--[[
  Settles reservations after their answers, in order, each on its own: releases everything
  it held, charges the actual cost (wallet balance down, every budget's spent up), and
  corrects the tokens-per-minute buckets from the worst case counted at admission to the
  actual tokens. Idempotent: the reservation is deleted, so settling the same id again
  changes nothing. A reservation the sweeper already released (state 'expired') is only
  charged. A worker sends the settlements of a few milliseconds in one call (one write,
  one round trip).
  It also reaches the keys the reservation names (wallet, budgets, buckets); they share
  the prefix's hash tag, so a cluster keeps them in this slot.
    KEYS[1] reservation expiry set, KEYS[1 + i] the i-th reservation
    ARGV[3i - 2] its id (= request id), ARGV[3i - 1] its actual cost (micro-credits),
    ARGV[3i] its actual tokens, or '' to keep the count made at admission
  Reply: per reservation, in order, {'settled', reservedMicros, chargedMicros},
  {'settled_after_expiry', 0, chargedMicros} or {'already_settled'} when no reservation is
  held under the id.
]]
--- @include "clock"
--- @include "leaky-bucket"
--- @include "reservation"

local function settleReservation(expiryKey, reservationKey, id, costArg, tokensArg)
  local r = readReservation(reservationKey)
  if not r then
    return { 'already_settled' }
  end
  local cost = tonumber(costArg)
  chargeCost(r, cost, id)
  redis.call('DEL', reservationKey)
  if r.state == 'expired' then
    return { 'settled_after_expiry', 0, cost }
  end

  releaseHolds(r)
  redis.call('ZREM', expiryKey, id)
  if tokensArg ~= '' then
    local nowUs = clockUs()
    local correction = tonumber(tokensArg) - r.tokens
    for _, bucket in ipairs(r.tokenBuckets) do
      local key, limit = bucket[1], bucket[2]
      local level = math.max(0, bucketLevel(key, limit, nowUs) + correction)
      storeBucketLevel(key, level, limit, nowUs)
    end
  end
  return { 'settled', r.amount, cost }
end

local replies = {}
for i = 1, #KEYS - 1 do
  local at = 3 * (i - 1)
  replies[i] = settleReservation(KEYS[1], KEYS[1 + i], ARGV[at + 1], ARGV[at + 2], ARGV[at + 3])
end
return replies
