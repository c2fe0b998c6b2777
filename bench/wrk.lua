-- One page under load, for bench/run.py. Configured through environment variables:
--   BENCH_METHOD           GET (default) or POST
--   BENCH_COOKIE           Cookie header for every request (a logged-in session)
--   BENCH_ACCEPT_ENCODING  Accept-Encoding header (static files)
--   BENCH_REQUESTS         a file of "path<TAB>cookie<TAB>body" lines: each request takes the
--                          next line (each thread its own share), so every POST answers a
--                          different question or checks in a different patient
--   BENCH_CSRF             the CSRF token sent as X-CSRFToken with every POST
--   BENCH_THREADS          the -t given to wrk (to share the lines out)
-- done() prints one line starting with BENCH_RESULT, in JSON, for run.py to parse.

local method = os.getenv("BENCH_METHOD") or "GET"
local cookie = os.getenv("BENCH_COOKIE") or ""
local accept_encoding = os.getenv("BENCH_ACCEPT_ENCODING") or ""
local requests_file = os.getenv("BENCH_REQUESTS") or ""
local csrf = os.getenv("BENCH_CSRF") or ""

local thread_counter = 0

function setup(thread)
  thread:set("thread_index", thread_counter)
  thread_counter = thread_counter + 1
end

local lines = {}
local next_line = 1
local wrapped = 0

function init(args)
  wrk.method = method
  if cookie ~= "" then wrk.headers["Cookie"] = cookie end
  if accept_encoding ~= "" then wrk.headers["Accept-Encoding"] = accept_encoding end
  if method == "POST" and csrf ~= "" then wrk.headers["X-CSRFToken"] = csrf end
  if requests_file ~= "" then
    local threads = tonumber(os.getenv("BENCH_THREADS") or "1")
    local i = 0
    for line in io.lines(requests_file) do
      if i % threads == thread_index then table.insert(lines, line) end
      i = i + 1
    end
  end
end

function request()
  if #lines == 0 then
    return wrk.format()
  end
  local line = lines[next_line]
  next_line = next_line + 1
  if next_line > #lines then
    next_line = 1
    wrapped = wrapped + 1
  end
  local path, line_cookie, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
  local headers = {
    ["Cookie"] = line_cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-CSRFToken"] = csrf,
  }
  return wrk.format(method, path, headers, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
      .. '"non_2xx_3xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), errors.status, errors.connect + errors.read + errors.write + errors.timeout
  ))
end
