--[[
  Seeds wallets and budgets that Redis does not hold yet with values read from PostgreSQL,
  each only if still missing: another process may have seeded it first and admitted
  requests against it since, and those holds must not be overwritten.
  Variable key count (whatever admission found missing).
    KEYS       the wallets and budgets
    ARGV       per key: kind ('wallet' | 'budget'), two values, expire-at ms ('0' = never)
               wallet: balance, floor; budget: limit, spent in the period so far
  Reply: how many keys were seeded.
]]
local seeded = 0
for i, key in ipairs(KEYS) do
  local kind, first, second, expireAt = ARGV[4 * i - 3], ARGV[4 * i - 2], ARGV[4 * i - 1], ARGV[4 * i]
  if kind == 'wallet' then
    if redis.call('HEXISTS', key, 'balance') == 0 then
      redis.call('HSET', key, 'balance', first, 'floor', second, 'reserved', 0, 'version', 0)
      seeded = seeded + 1
    end
  elseif redis.call('HEXISTS', key, 'limit') == 0 then
    redis.call('HSET', key, 'limit', first, 'spent', second, 'reserved', 0)
    if expireAt ~= '0' then
      redis.call('PEXPIREAT', key, expireAt)
    end
    seeded = seeded + 1
  end
end
return seeded
