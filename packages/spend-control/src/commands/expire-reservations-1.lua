--[[
  Releases reservations whose expiry has passed: the process that made them crashed, or
  never settled. Each is released in full (nothing charged) and kept for a while as
  'expired', so a settle that arrives late still charges the actual cost.
    KEYS[1] reservation expiry set
    ARGV[1] reservation key prefix (key = prefix .. id), ARGV[2] batch size,
    ARGV[3] how long an expired reservation is kept (ms)
  Reply: how many reservations were released.
]]
--- @include "clock"
--- @include "reservation"

local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', clockUs() / 1000, 'LIMIT', 0, tonumber(ARGV[2]))
local released = 0
for _, id in ipairs(due) do
  local key = ARGV[1] .. id
  local r = readReservation(key)
  if r and r.state == 'held' then
    releaseHolds(r)
    redis.call('HSET', key, 'state', 'expired')
    redis.call('PEXPIRE', key, ARGV[3])
    released = released + 1
  end
  redis.call('ZREM', KEYS[1], id)
end
return released
