#!/usr/bin/env bash
# Measures voice-bridge with the shared layer, voice-bridge without it (bare) and the Express peer side by side
# with wrk, on loopback, and prints the medians of their throughput and p99 latency ratios.
# See benchmarks/compare/README.md for what it measures and how to read the output.
#
# Parameters (environment variables):
#   RUNS=5            measured runs; the server order reverses in every second run
#   DURATION=10s      length of each measured wrk run (wrk -d: a number with s, m or h)
#   WARMUP=30s        length of the warm-up wrk run per server and scenario, before the measured runs
#   THREADS=2         wrk threads (-t)
#   CONNECTIONS=32    wrk connections (-c), kept open across requests
#   JAVA_OPTS="-Xms1g -Xmx1g"  options of both Java servers
#   SERVER_CPUS=      CPU list for the servers (taskset -c), empty for no pinning
#   WRK_CPUS=         CPU list for wrk (taskset -c), empty for no pinning
#   SKIP_BUILD=0      1 reuses the built jars and node_modules instead of running ./mvnw and npm ci
#   KEEP_LOGS=0       1 keeps the servers' logs in OUT_DIR; by default they are deleted after counting their lines
#   OUT_DIR=benchmarks/target/compare/<UTC time>  where results.tsv, the wrk outputs and summary.txt go
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
COMPARE_DIR=$ROOT/benchmarks/compare
PEER_DIR=$ROOT/benchmarks/node-peer

RUNS=${RUNS:-5}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-30s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g}
SERVER_CPUS=${SERVER_CPUS:-}
WRK_CPUS=${WRK_CPUS:-}
SKIP_BUILD=${SKIP_BUILD:-0}
KEEP_LOGS=${KEEP_LOGS:-0}
OUT_DIR=${OUT_DIR:-$ROOT/benchmarks/target/compare/$(date -u +%Y%m%dT%H%M%SZ)}

# The clients of the rejection scenarios: one address each, never produced by requests.lua's distinct clients.
REJECTED_POST_CLIENT=198.51.100.1
REJECTED_GET_CLIENT=198.51.100.2

fail() {
    echo "run.sh: $*" >&2
    exit 1
}

log() {
    echo "[$(date -u +%H:%M:%S)] $*" >&2
}

# Prints the seconds of a wrk duration such as 10s, 2m or 1h.
duration_seconds() {
    local value=$1
    case $value in
        *h) echo $((${value%h} * 3600)) ;;
        *m) echo $((${value%m} * 60)) ;;
        *s) echo "${value%s}" ;;
        *) echo "$value" ;;
    esac
}

check_parameters() {
    [[ $RUNS =~ ^[1-9][0-9]*$ ]] || fail "RUNS must be a positive integer, was '$RUNS'."
    [[ $DURATION =~ ^[1-9][0-9]*[smh]?$ ]] || fail "DURATION must be a wrk duration such as 10s or 1m, was '$DURATION'."
    [[ $WARMUP =~ ^[1-9][0-9]*[smh]?$ ]] || fail "WARMUP must be a wrk duration such as 10s or 1m, was '$WARMUP'."
    [[ $THREADS =~ ^[1-9][0-9]*$ ]] || fail "THREADS must be a positive integer, was '$THREADS'."
    [[ $CONNECTIONS =~ ^[1-9][0-9]*$ ]] || fail "CONNECTIONS must be a positive integer, was '$CONNECTIONS'."
    ((CONNECTIONS >= THREADS)) || fail "CONNECTIONS ($CONNECTIONS) must be at least THREADS ($THREADS)."
}

# Installs wrk from the Debian package when it is missing.
ensure_wrk() {
    if command -v wrk > /dev/null; then
        return
    fi
    log "wrk is missing: installing the Debian package wrk"
    local sudo=""
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo > /dev/null || fail "wrk is missing and installing it needs root: run 'apt-get install -y wrk' as root."
        sudo=sudo
    fi
    $sudo apt-get install -y wrk || { $sudo apt-get update && $sudo apt-get install -y wrk; } \
        || fail "Installing wrk failed: install the Debian package wrk by hand."
}

ensure_node() {
    command -v node > /dev/null || fail "node is missing: install Node.js 20 or later."
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    ((major >= 20)) || fail "Node.js 20 or later is required, found $(node --version)."
}

build() {
    if [[ $SKIP_BUILD == 1 ]]; then
        log "SKIP_BUILD=1: using the existing jars and node_modules"
    else
        log "Building voice-bridge.jar and benchmarks.jar"
        (cd "$ROOT" && ./mvnw -B -q -pl voice-bridge,benchmarks -am package -DskipTests)
        log "Installing the peer's dependencies (npm ci)"
        (cd "$PEER_DIR" && npm ci --no-audit --no-fund --loglevel=error) >&2
    fi
    [[ -f $ROOT/voice-bridge/target/voice-bridge.jar ]] || fail "voice-bridge/target/voice-bridge.jar is missing: run without SKIP_BUILD."
    [[ -f $ROOT/benchmarks/target/benchmarks.jar ]] || fail "benchmarks/target/benchmarks.jar is missing: run without SKIP_BUILD."
    [[ -d $PEER_DIR/node_modules ]] || fail "benchmarks/node-peer/node_modules is missing: run without SKIP_BUILD."
}

# Prints N distinct free TCP ports on 127.0.0.1. Another process can take one before a server binds it; the server
# then fails to start and run.sh stops with its log.
free_ports() {
    node -e '
        const net = require("node:net");
        const count = Number(process.argv[1]);
        const servers = [];
        for (let i = 0; i < count; i++) {
            const server = net.createServer();
            server.listen(0, "127.0.0.1", () => {
                servers.push(server);
                if (servers.length === count) {
                    console.log(servers.map((s) => s.address().port).join(" "));
                    servers.forEach((s) => s.close());
                }
            });
        }' "$1"
}

# Runs a command on SERVER_CPUS or WRK_CPUS when they are set.
pinned() {
    local cpus=$1
    shift
    if [[ -n $cpus ]]; then
        exec taskset -c "$cpus" "$@"
    fi
    exec "$@"
}

declare -A PID APP_PORT ADMIN_PORT HEALTH_URL
SERVERS=(voice-bridge bare node-peer)
WRK_PID=""

# Stops wrk and the servers by their PIDs. Dropwizard waits up to 30 seconds (Jetty's default stopTimeout) for
# requests in flight, so a server gets 40 seconds after SIGTERM. One still running then gets a thread dump in
# OUT_DIR/logs, if it is a JVM, and SIGKILL.
stop_all() {
    local status=$?
    if [[ -n $WRK_PID ]] && kill -0 "$WRK_PID" 2> /dev/null; then
        kill "$WRK_PID" 2> /dev/null || true
    fi

    local name stopping=()
    for name in "${SERVERS[@]}"; do
        if [[ -n ${PID[$name]:-} ]] && kill -0 "${PID[$name]}" 2> /dev/null; then
            kill "${PID[$name]}" 2> /dev/null || true
            stopping+=("$name")
        fi
    done

    local waited=0
    for name in "${stopping[@]}"; do
        while kill -0 "${PID[$name]}" 2> /dev/null && ((waited < 400)); do
            sleep 0.1
            waited=$((waited + 1))
        done
        if kill -0 "${PID[$name]}" 2> /dev/null; then
            log "$name (PID ${PID[$name]}) did not stop within 40 seconds of SIGTERM: sending SIGKILL"
            if [[ $name != node-peer ]] && command -v jcmd > /dev/null; then
                jcmd "${PID[$name]}" Thread.print > "$OUT_DIR/logs/$name-threads.txt" 2>&1 || true
                log "Thread dump of $name: $OUT_DIR/logs/$name-threads.txt"
            fi
            kill -KILL "${PID[$name]}" 2> /dev/null || true
        fi
    done

    if ((${#stopping[@]} > 0)); then
        local pids=()
        for name in "${stopping[@]}"; do
            pids+=("${PID[$name]}")
        done
        log "Stopped the servers (PIDs ${pids[*]})"
    fi
    exit "$status"
}

start_server() {
    local name=$1
    shift
    (
        export COMPARE_APP_PORT=${APP_PORT[$name]} COMPARE_ADMIN_PORT=${ADMIN_PORT[$name]:-} COMPARE_LOG_DIR=$OUT_DIR/logs
        export PORT=${APP_PORT[$name]} HOST=127.0.0.1 LOG_FILE=$OUT_DIR/logs/node-peer.log
        cd "$ROOT"
        pinned "$SERVER_CPUS" "$@"
    ) > "$OUT_DIR/logs/$name.out" 2>&1 &
    PID[$name]=$!
    log "Started $name (PID ${PID[$name]}) on 127.0.0.1:${APP_PORT[$name]}"
}

wait_until_ready() {
    local name=$1 tries=0
    until curl -sf -o /dev/null --max-time 2 "${HEALTH_URL[$name]}"; do
        if ! kill -0 "${PID[$name]}" 2> /dev/null; then
            tail -n 30 "$OUT_DIR/logs/$name.out" >&2 || true
            fail "$name exited during startup; its output is above and in $OUT_DIR/logs/$name.out."
        fi
        tries=$((tries + 1))
        ((tries < 240)) || fail "$name did not answer ${HEALTH_URL[$name]} within 60 seconds."
        sleep 0.25
    done
}

# Places one call through curl and prints its callId, for the GET scenarios. Each attempt comes from its own client
# in 198.18.0.0/16, chosen by the wrk run's slot, so these calls never reach a rate limit. It tries three times and
# reports each failure.
place_call() {
    local name=$1 slot=$2 attempt response status
    for attempt in 1 2 3; do
        status=0
        response=$(curl -s --max-time 5 -w '\n%{http_code}' -X POST "http://127.0.0.1:${APP_PORT[$name]}/calls/outbound" \
            -H 'Content-Type: application/json' -H "X-Forwarded-For: 198.18.$((slot % 256)).$attempt" \
            -d '{"to":"+254712345678","from":"sip:test@easymo"}') || status=$?
        if [[ $status -eq 0 && ${response##*$'\n'} == 202 ]]; then
            node -e 'console.log(JSON.parse(process.argv[1]).callId)' "${response%$'\n'*}"
            return
        fi
        log "Placing a call on $name for the GET scenario failed (attempt $attempt, curl exit code $status," \
            "HTTP status ${response##*$'\n'}): ${response%$'\n'*}"
        sleep 1
    done
    fail "Placing a call on $name for the GET scenario failed three times."
}

# Prints the wrk script arguments of a scenario. The GET scenarios read call_id, a call placed just before, because
# the servers keep only the latest 10000 calls.
scenario_arguments() {
    local scenario=$1 slot=$2 seconds=$3 call_id=$4
    case $scenario in
        post-admitted) echo "post distinct $slot $THREADS 2xx 0" ;;
        get-admitted) echo "get distinct $slot $THREADS 2xx 0 $call_id" ;;
        # A limit refills once per window, so a run may see up to one more budget per window it spans.
        post-rejected) echo "post $REJECTED_POST_CLIENT $slot $THREADS 429 $((10 * (seconds / 60 + 1)))" ;;
        get-rejected) echo "get $REJECTED_GET_CLIENT $slot $THREADS 429 $((100 * (seconds / 900 + 1))) $call_id" ;;
    esac
}

servers_of() {
    case $1 in
        post-admitted | get-admitted) echo "voice-bridge bare node-peer" ;;
        post-rejected | get-rejected) echo "voice-bridge node-peer" ;;
    esac
}

SCENARIOS=(post-admitted get-admitted post-rejected get-rejected)
SLOT=0

# Runs wrk once and appends its result line to results.tsv.
measure() {
    local phase=$1 run=$2 order=$3 name=$4 scenario=$5 duration=$6
    local seconds output arguments call_id=""
    seconds=$(duration_seconds "$duration")
    SLOT=$((SLOT + 1))
    if [[ $scenario == get-* ]]; then
        call_id=$(place_call "$name" "$SLOT")
    fi
    arguments=$(scenario_arguments "$scenario" "$SLOT" "$seconds" "$call_id")
    output=$OUT_DIR/wrk/$phase-$run-$scenario-$name.txt
    # shellcheck disable=SC2086 # the arguments are words by design
    (pinned "$WRK_CPUS" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --timeout 10s --latency \
        -s "$COMPARE_DIR/requests.lua" "http://127.0.0.1:${APP_PORT[$name]}" -- $arguments) > "$output" 2>&1 &
    WRK_PID=$!
    wait "$WRK_PID" || fail "wrk failed on $name ($scenario); its output is in $output."
    WRK_PID=""
    local result
    result=$(grep '^RESULT ' "$output") || fail "wrk printed no RESULT line on $name ($scenario); see $output."
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$phase" "$run" "$order" "$name" "$scenario" "${result#RESULT }" \
        >> "$OUT_DIR/results.tsv"
    log "$phase $run $scenario $name: ${result#RESULT }"
}

machine_line() {
    local cpu java_version
    cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
    java_version=$(java -version 2>&1 | head -n 2 | tail -n 1)
    echo "machine: CPU ${cpu:-unknown}, $(nproc) cores, $(awk '{print int($2 / 1048576 + 0.5)}' /proc/meminfo | head -n 1) GiB RAM," \
        "$java_version, Node.js $(node --version), $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)," \
        "Linux $(uname -r), load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
}

# Counts the log lines each server wrote, so a reader can see whether one dropped lines under load.
count_log_lines() {
    local logs=$OUT_DIR/logs
    {
        echo "log lines written (besides these, each server logged its startup, and curl sent a few requests):"
        echo "  voice-bridge application log: $(grep -c 'Placed outbound call' "$logs/voice-bridge.log" || true) 'Placed outbound call' lines"
        echo "  voice-bridge request log: $(wc -l < "$logs/voice-bridge-requests.log") lines"
        echo "  node-peer log: $(grep -c 'Placed outbound call' "$logs/node-peer.log" || true) 'Placed outbound call' lines, $(grep -c '"msg":"request completed"' "$logs/node-peer.log" || true) 'request completed' lines"
        echo "  bare log (WARN and above): $(wc -l < "$logs/bare.log") lines"
    } > "$OUT_DIR/log-lines.txt"
}

main() {
    check_parameters
    ensure_wrk
    ensure_node
    build

    mkdir -p "$OUT_DIR/logs" "$OUT_DIR/wrk"
    printf 'phase\trun\torder\tserver\tscenario\tresult\n' > "$OUT_DIR/results.tsv"
    machine_line > "$OUT_DIR/machine.txt"
    echo "settings: RUNS=$RUNS DURATION=$DURATION WARMUP=$WARMUP THREADS=$THREADS CONNECTIONS=$CONNECTIONS" \
        "JAVA_OPTS='$JAVA_OPTS' SERVER_CPUS='$SERVER_CPUS' WRK_CPUS='$WRK_CPUS'" >> "$OUT_DIR/machine.txt"

    local ports
    read -r -a ports <<< "$(free_ports 5)"
    APP_PORT[voice-bridge]=${ports[0]}
    ADMIN_PORT[voice-bridge]=${ports[1]}
    APP_PORT[bare]=${ports[2]}
    ADMIN_PORT[bare]=${ports[3]}
    APP_PORT[node-peer]=${ports[4]}
    HEALTH_URL[voice-bridge]=http://127.0.0.1:${ports[1]}/healthcheck
    HEALTH_URL[bare]=http://127.0.0.1:${ports[3]}/healthcheck
    HEALTH_URL[node-peer]=http://127.0.0.1:${ports[4]}/healthz

    trap stop_all EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    # shellcheck disable=SC2086 # JAVA_OPTS holds several options
    start_server voice-bridge java $JAVA_OPTS -jar voice-bridge/target/voice-bridge.jar \
        server benchmarks/compare/config/voice-bridge.yml
    # shellcheck disable=SC2086
    start_server bare java $JAVA_OPTS -cp benchmarks/target/benchmarks.jar \
        com.easymo.benchmarks.BareVoiceBridgeApplication server benchmarks/compare/config/bare.yml
    start_server node-peer node "$PEER_DIR/server.js"
    local name
    for name in "${SERVERS[@]}"; do
        wait_until_ready "$name"
    done
    log "All servers are ready; results go to $OUT_DIR"

    local scenario
    for name in "${SERVERS[@]}"; do
        for scenario in "${SCENARIOS[@]}"; do
            if [[ " $(servers_of "$scenario") " == *" $name "* ]]; then
                measure warmup 0 - "$name" "$scenario" "$WARMUP"
            fi
        done
    done

    local run order servers
    for ((run = 1; run <= RUNS; run++)); do
        for scenario in "${SCENARIOS[@]}"; do
            read -r -a servers <<< "$(servers_of "$scenario")"
            if ((run % 2 == 0)); then
                mapfile -t servers < <(printf '%s\n' "${servers[@]}" | tac)
            fi
            order=$(IFS=,; echo "${servers[*]}")
            for name in "${servers[@]}"; do
                measure run "$run" "$order" "$name" "$scenario" "$DURATION"
            done
        done
    done

    # The servers flush their logs when they stop, so count the lines afterwards.
    trap - EXIT
    stop_all_servers_now
    count_log_lines
    node "$COMPARE_DIR/summarize.js" "$OUT_DIR/machine.txt" "$OUT_DIR/results.tsv" "$OUT_DIR/log-lines.txt" \
        | tee "$OUT_DIR/summary.txt"
    if [[ $KEEP_LOGS != 1 ]]; then
        rm -f "$OUT_DIR"/logs/*.log
    fi
    echo "Results, wrk outputs and this summary are in $OUT_DIR"
}

# Stops the servers outside the EXIT trap, so main can go on afterwards.
stop_all_servers_now() {
    (stop_all) || true
    local name
    for name in "${SERVERS[@]}"; do
        PID[$name]=""
    done
}

main "$@"
