-- A plain job finished or was given up: no longer pending, and announced to waitFor.
-- KEYS: done, pending. ARGV: doneTtl, doneChannel, jobId.
rcall('ZREM', KEYS[2], ARGV[3])
rcall('SET', KEYS[1], '1', 'EX', ARGV[1])
rcall('PUBLISH', ARGV[2], ARGV[3])
return 1
