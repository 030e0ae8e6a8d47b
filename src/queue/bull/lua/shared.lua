-- Prepended to every script of this folder (after bull's own functions, see bullInternals.ts).
local rcall = redis.call
local function slice(t, from, to)
  local r = {}
  for i = from, to do r[#r + 1] = t[i] end
  return r
end
