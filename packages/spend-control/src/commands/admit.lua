--[[
  Admits one request atomically: rate limits first, then the wallet and every budget above
  the key; if everything passes, holds the worst-case amount on all of them, counts the
  request (and its worst-case tokens) in every rate-limit bucket, and records the
  reservation with its expiry. One call, one round trip, nothing half done.

  The key count varies with the request (how many budgets and rate limits apply), so the
  file name carries no number; the caller passes it.
    KEYS[1]            reservation expiry set (member: reservation id, score: expiry ms)
    KEYS[2]            the reservation
    KEYS[3]            the wallet {balance, floor, reserved}
    KEYS[4 .. 3+B]     budgets {limit, spent, reserved}
    KEYS[4+B .. 3+B+R] rate-limit buckets
    ARGV[1] ttl ms, ARGV[2] amount (micro-credits), ARGV[3] tokens, ARGV[4] B, ARGV[5] R,
    ARGV[6] reservation id, then per bucket: unit ('requests' | 'tokens'), limit per minute
  Replies (after the status, every bucket's remaining units and reset ms, in order):
    {'admitted', duplicate (1 if this id already held a reservation), ...buckets}
    {'needs_seed', index...}                          0 = the wallet, i = budget i
    {'rate_limited', bucket, waitMs (-1: larger than the limit), ...buckets}
    {'insufficient_quota', index, availableMicros, ...buckets}
]]
--- @include "clock"
--- @include "leaky-bucket"

local expiryKey, reservationKey, walletKey = KEYS[1], KEYS[2], KEYS[3]
local ttlMs, amount, tokens = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local budgetCount, bucketCount = tonumber(ARGV[4]), tonumber(ARGV[5])
local reservationId = ARGV[6]
local nowUs = clockUs()

local buckets = {}
for i = 1, bucketCount do
  local unit, limit = ARGV[5 + 2 * i], tonumber(ARGV[6 + 2 * i])
  local key = KEYS[3 + budgetCount + i]
  local cost = 1
  if unit == 'tokens' then
    cost = tokens
  end
  buckets[i] = { key = key, unit = unit, limit = limit, cost = cost, level = bucketLevel(key, limit, nowUs) }
end

local function withBuckets(reply)
  for _, b in ipairs(buckets) do
    reply[#reply + 1] = bucketRemaining(b.level, b.limit)
    reply[#reply + 1] = bucketResetMs(b.level, b.limit)
  end
  return reply
end

-- A retried admission (same id) must not hold anything twice.
if redis.call('EXISTS', reservationKey) == 1 then
  return withBuckets({ 'admitted', 1 })
end

-- Wallet and budgets are read once; a missing one (never seeded, or a new period) must be
-- seeded from PostgreSQL before anything is decided.
local wallet = redis.call('HMGET', walletKey, 'balance', 'floor', 'reserved')
local budgets = {}
local missing = { 'needs_seed' }
if not wallet[1] then
  missing[#missing + 1] = 0
end
for i = 1, budgetCount do
  budgets[i] = redis.call('HMGET', KEYS[3 + i], 'limit', 'spent', 'reserved')
  if not budgets[i][1] then
    missing[#missing + 1] = i
  end
end
if #missing > 1 then
  return missing
end

-- Rate limits before money: a request over its rate is refused whatever the balance.
-- Over several limits, the client must wait for the slowest.
local slowest, slowestWait = 0, 0
for i, b in ipairs(buckets) do
  if b.cost > b.limit then
    return withBuckets({ 'rate_limited', i, -1 })
  end
  local wait = bucketWaitMs(b.level, b.limit, b.cost)
  if wait > slowestWait then
    slowest, slowestWait = i, wait
  end
end
if slowest > 0 then
  return withBuckets({ 'rate_limited', slowest, slowestWait })
end

-- The wallet may spend down to its floor (negative = overdraft), counting what other
-- requests in flight already hold.
local available = tonumber(wallet[1]) - tonumber(wallet[3] or 0) - tonumber(wallet[2] or 0)
if available < amount then
  return withBuckets({ 'insufficient_quota', 0, available })
end
for i = 1, budgetCount do
  local budget = budgets[i]
  local left = tonumber(budget[1]) - tonumber(budget[2] or 0) - tonumber(budget[3] or 0)
  if left < amount then
    return withBuckets({ 'insufficient_quota', i, left })
  end
end

redis.call('HINCRBY', walletKey, 'reserved', ARGV[2])
local budgetKeys = {}
for i = 1, budgetCount do
  budgetKeys[i] = KEYS[3 + i]
  redis.call('HINCRBY', KEYS[3 + i], 'reserved', ARGV[2])
end
local tokenBuckets = {}
for _, b in ipairs(buckets) do
  b.level = b.level + b.cost
  storeBucketLevel(b.key, b.level, b.limit, nowUs)
  if b.unit == 'tokens' then
    tokenBuckets[#tokenBuckets + 1] = { b.key, b.limit }
  end
end
redis.call('HSET', reservationKey, 'state', 'held', 'amount', ARGV[2], 'tokens', ARGV[3], 'wallet', walletKey,
  'budgets', cjson.encode(budgetKeys), 'tokenBuckets', cjson.encode(tokenBuckets))
redis.call('ZADD', expiryKey, nowUs / 1000 + ttlMs, reservationId)
return withBuckets({ 'admitted', 0 })
