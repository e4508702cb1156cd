--[[
  Settles one reservation (see includes/settle-reservation.lua for what that does).
    KEYS[1] reservation expiry set, KEYS[2] the reservation
    ARGV[1] reservation id (= request id), ARGV[2] actual cost (micro-credits),
    ARGV[3] actual tokens, or '' to keep the count made at admission
  Reply: {'settled', reservedMicros, chargedMicros}, {'settled_after_expiry', 0, chargedMicros}
  or {'already_settled'}.
]]
--- @include "settle-reservation"

return settleReservation(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3])
