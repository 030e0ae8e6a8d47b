-- Puts an item on its key's list, and creates the key's drain job unless a live one owns the key.
-- KEYS: dedupe, list, sched, pending, bull addJob×6.
-- ARGV: dedupeTtl, item, newDrainId, now, itemId, bull addJob×14 (for newDrainId).
-- → 0 duplicate, 1 queued behind the key's live drain job, 2 queued and a drain job created.
if not rcall('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
rcall('RPUSH', KEYS[2], ARGV[2])
rcall('ZADD', KEYS[4], 'NX', ARGV[4], ARGV[5])
local bullArgv = slice(ARGV, 6, 19)
local owner = rcall('GET', KEYS[3])
if owner and bullJobAlive(bullArgv[1], owner) then return 1 end
rcall('SET', KEYS[3], ARGV[3])
bullAddJob(slice(KEYS, 5, 10), bullArgv)
return 2
