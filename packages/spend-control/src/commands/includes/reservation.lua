--[[
  A reservation is a hash naming exactly what it holds:
    state         'held', or 'expired' once the sweeper released it (kept a while so that
                  a late settle still charges what the request really cost)
    amount        micro-credits held on the wallet and on every budget
    tokens        tokens counted against each tokens-per-minute bucket at admission
    wallet        the wallet's key
    budgets       JSON array of budget keys
    tokenBuckets  JSON array of {bucket key, limit}
  Keys a reservation names may have vanished (a dated budget past its period, a Redis that
  lost its data); they are skipped rather than recreated as half-seeded hashes.
]]
local function readReservation(key)
  local f = redis.call('HMGET', key, 'state', 'amount', 'tokens', 'wallet', 'budgets', 'tokenBuckets')
  if not f[1] then
    return nil
  end
  return {
    state = f[1],
    amount = tonumber(f[2]),
    tokens = tonumber(f[3]),
    wallet = f[4],
    budgets = cjson.decode(f[5]),
    tokenBuckets = cjson.decode(f[6]),
  }
end

-- Gives back what admission held; spends nothing.
local function releaseHolds(r)
  if redis.call('HEXISTS', r.wallet, 'balance') == 1 then
    redis.call('HINCRBY', r.wallet, 'reserved', int(-r.amount))
  end
  for _, budget in ipairs(r.budgets) do
    if redis.call('HEXISTS', budget, 'limit') == 1 then
      redis.call('HINCRBY', budget, 'reserved', int(-r.amount))
    end
  end
end

-- Spends the actual cost: off the wallet's balance (noted as not yet posted to PostgreSQL,
-- under the request id, for reconciliation) and onto every budget.
local function chargeCost(r, cost, requestId)
  if cost <= 0 then
    return
  end
  if redis.call('HEXISTS', r.wallet, 'balance') == 1 then
    redis.call('HINCRBY', r.wallet, 'balance', int(-cost))
    redis.call('HSET', r.wallet .. ':unposted', requestId, int(cost))
  end
  for _, budget in ipairs(r.budgets) do
    if redis.call('HEXISTS', budget, 'limit') == 1 then
      redis.call('HINCRBY', budget, 'spent', int(cost))
    end
  end
end
