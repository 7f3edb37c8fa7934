-- Count every response wrk receives that is not the checked page: a status other than
-- 200, or a length other than the checked page's (passed as the script's argument).
-- load.py reads the CHECKED/WRONG line that done() prints.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  expected = tonumber(args[1])
  checked = 0
  wrong = 0
end

function response(status, headers, body)
  checked = checked + 1
  if status ~= 200 or #body ~= expected then
    wrong = wrong + 1
  end
end

function done(summary, latency, requests)
  local c, w = 0, 0
  for _, thread in ipairs(threads) do
    c = c + thread:get("checked")
    w = w + thread:get("wrong")
  end
  io.write(string.format("CHECKED %d WRONG %d\n", c, w))
end
