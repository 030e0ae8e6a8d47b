-- The key's drain job takes the head of the list (it stays there until finished).
-- KEYS: sched, list, attempts, bull lock of the drain job. ARGV: drainId, lock token.
-- → {'lost'} another drain owns the key, {'unlocked'} bull gave our job to another worker,
--   {'empty'} nothing left (owner flag removed), {'item', raw, attempt}.
if rcall('GET', KEYS[1]) ~= ARGV[1] then return {'lost'} end
if rcall('GET', KEYS[4]) ~= ARGV[2] then return {'unlocked'} end
local head = rcall('LINDEX', KEYS[2], 0)
if not head then
  rcall('DEL', KEYS[1], KEYS[3])
  return {'empty'}
end
local attempt = rcall('HINCRBY', KEYS[3], cjson.decode(head)['id'], 1)
return {'item', head, attempt}
