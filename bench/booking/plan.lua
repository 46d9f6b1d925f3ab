-- wrk script for bench/booking's `wrk` phase: every connection reads the calendar of one
-- applicant of the crowd (`visits/plan`, as the page does), cycling through the crowd.
-- The crowd comes from the file named by $VARTAI_CROWD: one "cookie header<TAB>application id"
-- per line (written by vartai-bench-booking).
local crowd = {}
for line in io.lines(os.getenv("VARTAI_CROWD")) do
  local cookie, id = line:match("^(.-)\t(%d+)$")
  crowd[#crowd + 1] = { cookie = cookie, body = "id=" .. id }
end
local n = 0

request = function()
  n = n % #crowd + 1
  local who = crowd[n]
  return wrk.format("POST", nil, {
    ["Cookie"] = who.cookie,
    ["Accept"] = "application/json",
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, who.body)
end

-- A refused or failed read must not pass for a fast one: wrk counts 4xx/5xx answers and
-- socket errors, and they are printed with the total.
done = function(summary, latency)
  io.write(string.format("wrk: %d requests, %d answered 4xx/5xx (socket errors: connect %d, read %d, timeout %d)\n",
    summary.requests, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.timeout))
end
