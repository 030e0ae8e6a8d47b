-- Hands a key to a fresh drain job. mode 'yield': the owner gives the rest of its list up
-- (batch limit, shutdown). mode 'revive': the owner died for good (bull failed or removed it).
-- KEYS: sched, list, attempts, bull addJob×6. ARGV: expectedOwner, newDrainId, mode, bull addJob×14.
-- → 1 new drain job created, 0 nothing to do.
if rcall('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local bullArgv = slice(ARGV, 4, 17)
if ARGV[3] == 'revive' and bullJobAlive(bullArgv[1], ARGV[1]) then return 0 end
if rcall('LLEN', KEYS[2]) == 0 then
  rcall('DEL', KEYS[1], KEYS[3])
  return 0
end
rcall('SET', KEYS[1], ARGV[2])
bullAddJob(slice(KEYS, 4, 9), bullArgv)
return 1
