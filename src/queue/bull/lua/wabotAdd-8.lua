-- Accepts a plain or delayed job once per job id and counts it as pending from when it is due.
-- KEYS: seen, pending, bull addJob×6. ARGV: seenTtl, jobId, dueAt, bull addJob×14.
-- → 0 duplicate, 1 added.
if not rcall('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
rcall('ZADD', KEYS[2], ARGV[3], ARGV[2])
bullAddJob(slice(KEYS, 3, 8), slice(ARGV, 4, 17))
return 1
