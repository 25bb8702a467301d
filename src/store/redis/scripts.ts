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
  local due = P .. 'due:' .. redis.call('HGET', k, 'rank') .. ':' .. redis.call('HGET', k, 'channel')
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
redis.call('SADD', P .. 'channels', ARGV[9])
if ARGV[8] ~= '1' then redis.call('ZADD', P .. 'due:' .. ARGV[5] .. ':' .. ARGV[9], ARGV[4], id) end
return 1
`;

/**
 * ARGV: prefix, now, limit, owner, claimUntil, lowestRank, then pairs of busy channel and rank.
 * Returns { freshIds, recoveredIds }. Due posts sit in one sorted set per rank and channel, scored
 * by due time: ranks 0..lowestRank are read in order (precedence is whatever PRIORITY_RANK says),
 * and within a rank the earliest due of every channel's set, so a busy channel's backlog is never
 * even read. (Sets of an older layout, one per rank, are moved over first.)
 */
export const CLAIM = `
local P, now, limit, owner, untilTs, lowestRank = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], ARGV[5], tonumber(ARGV[6])
local busy = {}
for i = 7, #ARGV - 1, 2 do busy[ARGV[i]] = tonumber(ARGV[i + 1]) end
local function held(channel, rank)
  local from = busy[channel]
  return from ~= nil and rank >= from
end
for r = 0, lowestRank do
  local legacy = P .. 'due:' .. r
  if redis.call('EXISTS', legacy) == 1 then
    local old = redis.call('ZRANGE', legacy, 0, 999, 'WITHSCORES')
    for i = 1, #old, 2 do
      local channel = redis.call('HGET', P .. 'post:' .. old[i], 'channel')
      if channel then
        redis.call('ZADD', legacy .. ':' .. channel, old[i + 1], old[i])
        redis.call('SADD', P .. 'channels', channel)
      end
      redis.call('ZREM', legacy, old[i])
    end
  end
end
-- Expired claims first (few, unless an instance died holding many); a busy channel's stay put.
local recovered = {}
local offset, scanned = 0, 0
while #recovered < limit and scanned < 2000 do
  local ids = redis.call('ZRANGEBYSCORE', P .. 'claims', '-inf', now, 'LIMIT', offset, limit - #recovered + 16)
  if #ids == 0 then break end
  for _, id in ipairs(ids) do
    if #recovered >= limit then break end
    scanned = scanned + 1
    local k = P .. 'post:' .. id
    local st = redis.call('HGET', k, 'status')
    if st ~= 'claimed' and st ~= 'attempting' then
      redis.call('ZREM', P .. 'claims', id)
    elseif held(redis.call('HGET', k, 'channel'), tonumber(redis.call('HGET', k, 'rank'))) then
      offset = offset + 1
    else
      redis.call('HSET', k, 'claimOwner', owner, 'claimUntil', untilTs, 'updatedAt', now)
      redis.call('ZADD', P .. 'st:' .. st, now, id)
      redis.call('ZADD', P .. 'claims', untilTs, id)
      table.insert(recovered, id)
    end
  end
end
local fresh = {}
local remaining = limit - #recovered
local channels = redis.call('SMEMBERS', P .. 'channels')
for r = 0, lowestRank do
  if remaining <= 0 then break end
  local candidates = {}
  for _, channel in ipairs(channels) do
    if not held(channel, r) then
      local due = P .. 'due:' .. r .. ':' .. channel
      local ids = redis.call('ZRANGEBYSCORE', due, '-inf', now, 'WITHSCORES', 'LIMIT', 0, remaining)
      for i = 1, #ids, 2 do table.insert(candidates, { ids[i], tonumber(ids[i + 1]), due }) end
    end
  end
  -- Earliest due first, then id (byte order), as one sorted set would have them.
  table.sort(candidates, function(a, b)
    if a[2] ~= b[2] then return a[2] < b[2] end
    return a[1] < b[1]
  end)
  for _, candidate in ipairs(candidates) do
    if remaining <= 0 then break end
    local id = candidate[1]
    redis.call('ZREM', candidate[3], id)
    local k = P .. 'post:' .. id
    if redis.call('HGET', k, 'status') == 'pending' then
      redis.call('HSET', k, 'status', 'claimed', 'claimOwner', owner, 'claimUntil', untilTs, 'updatedAt', now)
      redis.call('ZREM', P .. 'st:pending', id)
      redis.call('ZADD', P .. 'st:claimed', now, id)
      redis.call('ZADD', P .. 'claims', untilTs, id)
      table.insert(fresh, id)
      remaining = remaining - 1
    end
  end
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
