--[[
  Settles many reservations in one call, each exactly as settle-2.lua does, in order: a
  worker sends the settlements of a few milliseconds together (one write, one round trip).
    KEYS[1] reservation expiry set, KEYS[1 + i] the i-th reservation
    ARGV[3i - 2] its id, ARGV[3i - 1] its actual cost, ARGV[3i] its actual tokens or ''
  Reply: one settle reply per reservation, in the order given.
]]
--- @include "settle-reservation"

local replies = {}
for i = 1, #KEYS - 1 do
  local at = 3 * (i - 1)
  replies[i] = settleReservation(KEYS[1], KEYS[1 + i], ARGV[at + 1], ARGV[at + 2], ARGV[at + 3])
end
return replies
