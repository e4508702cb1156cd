--[[
  Rate limits: one leaky bucket per limit, GCRA's arithmetic kept as the bucket's level and
  the moment it was measured (a string "<level> <at µs>", one GET and one SET PX). GCRA's single absolute timestamp would
  lose fractions of a token per microsecond in a double; a level between 0 and the limit
  does not. The bucket holds at most `limit` units and drains `limit` units per minute,
  so a full bucket admits `limit` requests (or tokens) at once, then one per limit-th of a
  minute. An absent key is an empty bucket; the key expires once it has drained.
]]
local WINDOW_US = 60000000
-- Absorbs rounding in the stored level; far below one unit.
local SLACK = 1e-9

local function bucketLevel(key, limit, nowUs)
  local stored = redis.call('GET', key)
  if not stored then
    return 0
  end
  local levelText, atText = string.match(stored, '^(%S+) (%S+)$')
  local level, at = tonumber(levelText), tonumber(atText)
  if level == nil or at == nil then
    return 0
  end
  local drained = level - (nowUs - at) * limit / WINDOW_US
  if drained < 0 then
    return 0
  end
  return drained
end

local function storeBucketLevel(key, level, limit, nowUs)
  if level <= SLACK then
    redis.call('DEL', key)
    return
  end
  local drainMs = math.ceil(level * WINDOW_US / limit / 1000)
  redis.call('SET', key, string.format('%.17g', level) .. ' ' .. int(nowUs), 'PX', drainMs)
end

-- Whole units the bucket would still admit now.
local function bucketRemaining(level, limit)
  return math.max(0, math.floor(limit - level + SLACK))
end

-- Milliseconds until the bucket is empty again (OpenAI's "reset").
local function bucketResetMs(level, limit)
  return math.ceil(level * WINDOW_US / limit / 1000)
end

-- Milliseconds until `cost` more units fit; 0 if they fit now.
local function bucketWaitMs(level, limit, cost)
  local excess = level + cost - limit
  if excess <= SLACK then
    return 0
  end
  return math.ceil(excess * WINDOW_US / limit / 1000)
end
