--[[
  Every script reads one clock, the Redis server's, so that expiries and rate limits agree
  however many ingress processes there are and however far their own clocks drift.
  Microseconds since the epoch stay below 2^53, so they are exact in Lua's doubles.
]]
local function clockUs()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000000 + tonumber(time[2])
end

-- Integers go back to Redis as plain digits: HINCRBY refuses "1e+15".
local function int(n)
  return string.format('%d', n)
end
