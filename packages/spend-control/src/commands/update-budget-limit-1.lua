--[[
  Changes the limit of a budget Redis already holds (an administrator raised or lowered
  it); spent and reserved stay. A budget not held yet is seeded with the new limit anyway.
    KEYS[1] the budget, ARGV[1] the new limit (micro-credits)
  Reply: 1 if changed, 0 if Redis does not hold the budget.
]]
if redis.call('HEXISTS', KEYS[1], 'limit') == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'limit', ARGV[1])
return 1
