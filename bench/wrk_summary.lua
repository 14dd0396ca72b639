-- wrk report for bench/case_page.py: one machine-readable line per run.
-- wrk's own --latency table stops at 50/75/90/99; the goal is stated at p95, and wrk
-- counts only statuses >= 400 as errors, while a lost session shows as a 302 to the
-- login page: every response outside 2xx is counted here.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
  end
  local errors = summary.errors
  io.write(string.format(
    "CT_RESULT requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    bad, errors.connect + errors.read + errors.write + errors.timeout
  ))
end
