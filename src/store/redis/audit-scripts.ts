/**
 * Lua scripts for the Redis audit log. Entries live in one hash (`audit:e`, id → {s: stream,
 * e: entry}); each stream is a sorted set scored by time (`audit:s:<stream>`), and one index per
 * actor (`audit:a:<actor>`: few keys, people and instances) makes "what did this person do" a
 * bounded read. Targets (one per post) get no keys of their own: the key count stays fixed however
 * many posts a storm makes. Ids are a zero-padded sequence, so entries of one millisecond keep
 * their order. A stream over its cap loses its oldest entries, and only its own.
 */

const DROP = `
local function drop(P, id)
  local raw = redis.call('HGET', P .. 'audit:e', id)
  if raw then
    local ok, rec = pcall(cjson.decode, raw)
    if ok and type(rec) == 'table' and type(rec.e) == 'table' then
      if type(rec.e.actor) == 'string' then redis.call('ZREM', P .. 'audit:a:' .. rec.e.actor, id) end
    end
    redis.call('HDEL', P .. 'audit:e', id)
  end
end
`;

/** ARGV: prefix, stream, at, actor, body, cap. Returns the sequence number. */
export const APPEND_AUDIT = `${DROP}
local P, s, at, actor, body, cap = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])
local seq = redis.call('INCR', P .. 'audit:seq')
local id = string.format('%016d', seq)
redis.call('HSET', P .. 'audit:e', id, body)
redis.call('ZADD', P .. 'audit:s:' .. s, at, id)
redis.call('ZADD', P .. 'audit:a:' .. actor, at, id)
local excess = redis.call('ZCARD', P .. 'audit:s:' .. s) - cap
if excess > 0 then
  local old = redis.call('ZPOPMIN', P .. 'audit:s:' .. s, excess)
  for i = 1, #old, 2 do drop(P, old[i]) end
end
return seq
`;

/** ARGV: prefix, stream, before, limit. Deletes the stream's entries older than before. */
export const PRUNE_AUDIT = `${DROP}
local P, s, before, limit = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local ids = redis.call('ZRANGEBYSCORE', P .. 'audit:s:' .. s, '-inf', '(' .. before, 'LIMIT', 0, limit)
for _, id in ipairs(ids) do
  redis.call('ZREM', P .. 'audit:s:' .. s, id)
  drop(P, id)
end
return #ids
`;
