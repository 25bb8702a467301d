/**
 * Lua scripts for the Redis store. Each runs atomically on the server, which is what lets several
 * instances share one outbox. A post is a hash: `base` holds the JSON written at enqueue time and
 * the mutable fields (status, claim, attempts, sentParts, ...) are separate hash fields, so the
 * scripts never have to decode JSON. Keys are built from the prefix inside the scripts: this
 * targets a single Redis (or a primary with replicas), not Redis Cluster.
 */

const APPLY_UPDATE = `
local function apply(P, id, k, old, now, args, start)
  local new = old
  for i = start, #args, 2 do
    local f = args[i]
    local v = args[i + 1]
    if f == 'status' then new = v end
    redis.call('HSET', k, f, v)
  end
  redis.call('HSET', k, 'updatedAt', now)
  -- st:<status> is scored by updatedAt, so lists can be read newest first and pruned by age.
  if new ~= old then redis.call('ZREM', P .. 'st:' .. old, id) end
  redis.call('ZADD', P .. 'st:' .. new, now, id)
  if new == 'sent' and old ~= 'sent' and redis.call('HGET', k, 'broadcast') == '1' then
    redis.call('ZADD', P .. 'broadcasts', now, id)
  elseif new ~= 'sent' then
    redis.call('ZREM', P .. 'broadcasts', id)
  end
  if new == 'claimed' or new == 'attempting' then
    local cu = redis.call('HGET', k, 'claimUntil')
    if cu then redis.call('ZADD', P .. 'claims', cu, id) end
  else
    redis.call('HDEL', k, 'claimOwner', 'claimUntil')
    redis.call('ZREM', P .. 'claims', id)
  end
  local due = P .. 'due:' .. redis.call('HGET', k, 'rank')
  redis.call('ZREM', due, id)
  if new == 'pending' and redis.call('HGET', k, 'awaitingApproval') ~= '1' then
    redis.call('ZADD', due, redis.call('HGET', k, 'dueAt'), id)
  end
  return 1
end
`;

/** ARGV: prefix, id, base, dueAt, rank, createdAt, group, awaiting('1'|'0'), channel, broadcast('1'|'0') */
export const ENQUEUE = `
local P, id = ARGV[1], ARGV[2]
local k = P .. 'post:' .. id
if redis.call('EXISTS', k) == 1 then return 0 end
redis.call('HSET', k, 'base', ARGV[3], 'status', 'pending', 'attempts', '0', 'sentParts', '[]',
  'dueAt', ARGV[4], 'rank', ARGV[5], 'updatedAt', ARGV[6], 'group', ARGV[7], 'awaitingApproval', ARGV[8],
  'channel', ARGV[9], 'broadcast', ARGV[10])
redis.call('ZADD', P .. 'posts', ARGV[6], id)
redis.call('ZADD', P .. 'st:pending', ARGV[6], id)
if ARGV[7] ~= '' then redis.call('SADD', P .. 'group:' .. ARGV[7], id) end
if ARGV[8] ~= '1' then redis.call('ZADD', P .. 'due:' .. ARGV[5], ARGV[4], id) end
return 1
`;

/**
 * ARGV: prefix, now, limit, owner, claimUntil, lowestRank, then pairs of busy channel and rank.
 * Returns { freshIds, recoveredIds }. Ranks 0..lowestRank are read in order (one sorted set per
 * rank, scored by due time), so precedence is whatever PRIORITY_RANK says. Posts of a busy channel
 * at or below its rank stay where they are; at most SCAN_CAP entries are stepped over per set.
 */
export const CLAIM = `
local P, now, limit, owner, untilTs, lowestRank = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], ARGV[5], tonumber(ARGV[6])
local busy, anyBusy = {}, false
for i = 7, #ARGV - 1, 2 do busy[ARGV[i]] = tonumber(ARGV[i + 1]); anyBusy = true end
local SCAN_CAP = 2000
local function skipped(k, rank)
  if not anyBusy then return false end
  local from = busy[redis.call('HGET', k, 'channel')]
  return from ~= nil and rank >= from
end
-- Visits members scored up to now, in order. visit(id) says 'claimed' or 'dropped' (both left
-- the range) or 'kept' (still there, so the next page starts after it).
local function walk(key, remaining, visit)
  local offset, scanned = 0, 0
  while remaining > 0 and scanned < SCAN_CAP do
    local ids = redis.call('ZRANGEBYSCORE', key, '-inf', now, 'LIMIT', offset, remaining + 16)
    if #ids == 0 then break end
    for _, id in ipairs(ids) do
      if remaining <= 0 then break end
      scanned = scanned + 1
      local result = visit(id)
      if result == 'claimed' then remaining = remaining - 1
      elseif result == 'kept' then offset = offset + 1 end
    end
  end
  return remaining
end
local recovered = {}
walk(P .. 'claims', limit, function(id)
  local k = P .. 'post:' .. id
  local st = redis.call('HGET', k, 'status')
  if st ~= 'claimed' and st ~= 'attempting' then
    redis.call('ZREM', P .. 'claims', id)
    return 'dropped'
  end
  if skipped(k, tonumber(redis.call('HGET', k, 'rank'))) then return 'kept' end
  redis.call('HSET', k, 'claimOwner', owner, 'claimUntil', untilTs, 'updatedAt', now)
  redis.call('ZADD', P .. 'st:' .. st, now, id)
  redis.call('ZADD', P .. 'claims', untilTs, id)
  table.insert(recovered, id)
  return 'claimed'
end)
local fresh = {}
local remaining = limit - #recovered
for r = 0, lowestRank do
  if remaining <= 0 then break end
  local due = P .. 'due:' .. r
  remaining = walk(due, remaining, function(id)
    local k = P .. 'post:' .. id
    if redis.call('HGET', k, 'status') ~= 'pending' then
      redis.call('ZREM', due, id)
      return 'dropped'
    end
    if skipped(k, r) then return 'kept' end
    redis.call('ZREM', due, id)
    redis.call('HSET', k, 'status', 'claimed', 'claimOwner', owner, 'claimUntil', untilTs, 'updatedAt', now)
    redis.call('ZREM', P .. 'st:pending', id)
    redis.call('ZADD', P .. 'st:claimed', now, id)
    redis.call('ZADD', P .. 'claims', untilTs, id)
    table.insert(fresh, id)
    return 'claimed'
  end)
end
return { fresh, recovered }
`;

/** ARGV: prefix, id, owner, now, field, value, ... */
export const UPDATE_CLAIMED = `${APPLY_UPDATE}
local P, id, owner, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local k = P .. 'post:' .. id
local st = redis.call('HGET', k, 'status')
if st ~= 'claimed' and st ~= 'attempting' then return 0 end
if redis.call('HGET', k, 'claimOwner') ~= owner then return 0 end
return apply(P, id, k, st, now, ARGV, 5)
`;

/** ARGV: prefix, id, now, field, value, ... */
export const UPDATE_UNCLAIMED = `${APPLY_UPDATE}
local P, id, now = ARGV[1], ARGV[2], ARGV[3]
local k = P .. 'post:' .. id
local st = redis.call('HGET', k, 'status')
if not st or st == 'claimed' or st == 'attempting' then return 0 end
return apply(P, id, k, st, now, ARGV, 4)
`;

/** ARGV: prefix, group, now */
export const CANCEL_GROUP = `${APPLY_UPDATE}
local P, group, now = ARGV[1], ARGV[2], ARGV[3]
local count = 0
for _, id in ipairs(redis.call('SMEMBERS', P .. 'group:' .. group)) do
  local k = P .. 'post:' .. id
  if redis.call('HGET', k, 'status') == 'pending' then
    apply(P, id, k, 'pending', now, { 'status', 'cancelled' }, 1)
    count = count + 1
  end
end
return count
`;

/** KEYS: lease key. ARGV: owner, ttlMs */
export const ACQUIRE_LEASE = `
local cur = redis.call('GET', KEYS[1])
if cur == false or cur == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`;

/** KEYS: lease key. ARGV: owner */
export const RELEASE_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`;

/**
 * KEYS: one counter per window (the key names the window's start). ARGV: limit, ttlMs per key.
 * All or nothing: returns { 1, used... } after taking a slot in every window, or { 0, used... }
 * unchanged when any window is full.
 */
export const TAKE_SLOTS = `
local used = {}
local full = false
for i = 1, #KEYS do
  used[i] = tonumber(redis.call('GET', KEYS[i]) or '0')
  if used[i] >= tonumber(ARGV[2 * i - 1]) then full = true end
end
if full then return { 0, unpack(used) } end
for i = 1, #KEYS do
  used[i] = redis.call('INCR', KEYS[i])
  redis.call('PEXPIRE', KEYS[i], ARGV[2 * i])
end
return { 1, unpack(used) }
`;

/** KEYS: window counters to give one slot back to (a window that reset has another key). */
export const RELEASE_SLOTS = `
for i = 1, #KEYS do
  local used = tonumber(redis.call('GET', KEYS[i]) or '0')
  if used > 0 then redis.call('DECR', KEYS[i]) end
end
return 1
`;

/** ARGV: prefix, before, limit. Deletes final posts changed before `before`. */
export const PRUNE = `
local P, before, limit = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local count = 0
for _, status in ipairs({ 'sent', 'failed', 'cancelled', 'dropped' }) do
  if count >= limit then return count end
  local ids = redis.call('ZRANGEBYSCORE', P .. 'st:' .. status, '-inf', '(' .. ARGV[2], 'LIMIT', 0, limit - count)
  for _, id in ipairs(ids) do
    local k = P .. 'post:' .. id
    local group = redis.call('HGET', k, 'group')
    if group and group ~= '' then redis.call('SREM', P .. 'group:' .. group, id) end
    redis.call('DEL', k)
    redis.call('ZREM', P .. 'st:' .. status, id)
    redis.call('ZREM', P .. 'broadcasts', id)
    redis.call('ZREM', P .. 'posts', id)
    count = count + 1
  end
end
return count
`;
