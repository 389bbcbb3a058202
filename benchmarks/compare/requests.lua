-- wrk script of benchmarks/compare/run.sh: the requests of one scenario, a status check and one result line.
--
-- Usage: wrk -tTHREADS ... -s requests.lua http://127.0.0.1:PORT -- METHOD CLIENTS SLOT THREADS EXPECTED MAX_UNEXPECTED
--            [CALL_ID]
--   METHOD          post sends POST /calls/outbound with a valid body. get sends GET /calls/CALL_ID.
--   CLIENTS         distinct names a new client in X-Forwarded-For on every request, so no rate limit is reached.
--                   An IPv4 address such as 198.51.100.1 names that one client on every request.
--   SLOT            number of this wrk run, so that distinct clients differ between the runs on one server
--   THREADS         the wrk -t value
--   EXPECTED        status class that every response should have: 2xx, or 429 for the rejection path
--   MAX_UNEXPECTED  responses of another status that still leave the run valid (the result line reports them)
--   CALL_ID         the call to read, for get
--
-- At the end it prints one line that run.sh parses:
--   RESULT requests=N duration_us=N rps=N p50_us=N p99_us=N expected=N unexpected=N statuses=202:N,429:N
--          socket_errors=N valid=yes|no

local threads = {}
local next_thread_id = 0

function setup(thread)
   thread:set("thread_id", next_thread_id)
   next_thread_id = next_thread_id + 1
   table.insert(threads, thread)
end

local body = '{"to":"+254712345678","from":"sip:test@easymo"}'
local method, clients, slot, thread_count, path
local counter = 0
local fixed_request

-- Runs in each thread, after setup has set thread_id there.
function init(args)
   method = args[1]
   clients = args[2]
   slot = tonumber(args[3])
   thread_count = tonumber(args[4])
   -- Globals, so that done can read them with thread:get.
   expected = args[5]
   max_unexpected = tonumber(args[6])
   if method == "post" then
      path = "/calls/outbound"
   elseif method == "get" then
      path = "/calls/" .. args[7]
   else
      error("unknown method " .. tostring(method) .. ": expected post or get")
   end
   statuses = {}
   if clients ~= "distinct" then
      fixed_request = format_request(clients)
   end
end

function format_request(client_ip)
   local headers = { ["X-Forwarded-For"] = client_ip }
   if method == "post" then
      headers["Content-Type"] = "application/json"
      return wrk.format("POST", path, headers, body)
   end
   return wrk.format("GET", path, headers)
end

-- Returns a new IPv4 address for every call. The first octet is 1 to 126 (never 127, the loopback network that both
-- servers trust as a proxy), one per thread of each wrk run, and the other three count that thread's requests
-- (16.7 million). The first octets repeat after 126 / THREADS wrk runs, which only gives an address one request
-- more, far below the limits of 10 per minute and 100 per 15 minutes.
local function next_client_ip()
   local first = (slot * thread_count + thread_id) % 126 + 1
   local n = counter
   counter = counter + 1
   local fourth = n % 256
   n = math.floor(n / 256)
   local third = n % 256
   n = math.floor(n / 256)
   local second = n % 256
   return first .. "." .. second .. "." .. third .. "." .. fourth
end

function request()
   if fixed_request then
      return fixed_request
   end
   return format_request(next_client_ip())
end

function response(status, headers, response_body)
   statuses[status] = (statuses[status] or 0) + 1
end

local function status_matches(expected, status)
   if expected == "2xx" then
      return status >= 200 and status < 300
   end
   return status == tonumber(expected)
end

function done(summary, latency, requests)
   local expected = threads[1]:get("expected")
   local totals = {}
   for _, thread in ipairs(threads) do
      for status, count in pairs(thread:get("statuses")) do
         totals[status] = (totals[status] or 0) + count
      end
   end
   local expected_count, unexpected_count = 0, 0
   local parts = {}
   for status, count in pairs(totals) do
      table.insert(parts, status .. ":" .. count)
      if status_matches(expected, status) then
         expected_count = expected_count + count
      else
         unexpected_count = unexpected_count + count
      end
   end
   table.sort(parts)
   local errors = summary.errors
   local socket_errors = errors.connect + errors.read + errors.write + errors.timeout
   local limit = threads[1]:get("max_unexpected")
   local valid = unexpected_count <= limit and socket_errors == 0 and summary.requests > 0
   io.write(string.format(
      "RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p99_us=%d expected=%d unexpected=%d statuses=%s"
         .. " socket_errors=%d valid=%s\n",
      summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
      latency:percentile(50), latency:percentile(99), expected_count, unexpected_count,
      table.concat(parts, ","), socket_errors, valid and "yes" or "no"))
end
