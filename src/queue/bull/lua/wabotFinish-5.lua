-- An item's handler finished (or gave up): off the list. Idempotent: pops only if the head is
-- that item. When that empties the list, the owner releases the key in the same step, so the
-- job is never announced finished while the key still looks busy.
-- KEYS: list, attempts, done, sched, pending. ARGV: itemId, doneTtl, doneChannel, drainId.
-- → 1 items remain, 0 the key is drained and released.
local head = rcall('LINDEX', KEYS[1], 0)
if head and cjson.decode(head)['id'] == ARGV[1] then rcall('LPOP', KEYS[1]) end
rcall('HDEL', KEYS[2], ARGV[1])
rcall('ZREM', KEYS[5], ARGV[1])
local drained = rcall('LLEN', KEYS[1]) == 0 and rcall('GET', KEYS[4]) == ARGV[4]
if drained then rcall('DEL', KEYS[4], KEYS[2]) end
rcall('SET', KEYS[3], '1', 'EX', ARGV[2])
rcall('PUBLISH', ARGV[3], ARGV[1])
if drained then return 0 end
return 1
