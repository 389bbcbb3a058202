#!/usr/bin/env bash
# Runs the Gatling load test of voice-bridge against a fresh instance on 127.0.0.1.
#
# Usage: tests/load/run-load-test.sh [smoke|standard] [-Dname=value ...]
#
#   smoke     63 seconds, up to 100 concurrent users (the default)
#   standard  21 minutes, up to 100 concurrent users
#
# Extra -D options go to the simulation, for example -DmaxP95Millis=300 (see tests/load/README.md).
# The script builds voice-bridge and starts it on two free loopback ports with tests/load/voice-bridge-load.yml.
# When its admin health check passes, it runs com.easymo.load.VoiceBridgeSimulation and then stops the service.
# It exits with the status of the Gatling run: 0 when every assertion holds, non-zero when one fails or the run
# breaks.
set -euo pipefail

usage() {
    echo "Usage: $0 [smoke|standard] [-Dname=value ...]" >&2
}

if [[ ${1:-} == -h || ${1:-} == --help ]]; then
    usage 2>&1
    exit 0
fi
profile=smoke
if [[ $# -gt 0 && $1 != -* ]]; then
    profile=$1
    shift
fi
case "$profile" in
    smoke | standard) ;;
    *)
        echo "Invalid profile '$profile': expected smoke or standard." >&2
        usage
        exit 2
        ;;
esac
for option in "$@"; do
    if [[ $option != -D* ]]; then
        echo "Invalid option '$option': expected -Dname=value." >&2
        usage
        exit 2
    fi
done

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo_root"

load_dir=tests/load
target_dir=$load_dir/target
service_output=$target_dir/voice-bridge-console.log
health_timeout_seconds=60
stop_timeout_seconds=20
max_start_attempts=3

service_pid=
stop_service() {
    if [[ -z $service_pid ]] || ! kill -0 "$service_pid" 2>/dev/null; then
        return 0
    fi
    echo "Stopping voice-bridge (PID $service_pid)"
    kill -TERM "$service_pid" 2>/dev/null || true
    for ((i = 0; i < stop_timeout_seconds * 4; i++)); do
        kill -0 "$service_pid" 2>/dev/null || break
        sleep 0.25
    done
    if kill -0 "$service_pid" 2>/dev/null; then
        echo "voice-bridge (PID $service_pid) did not stop within $stop_timeout_seconds s. Sending SIGKILL." >&2
        kill -KILL "$service_pid" 2>/dev/null || true
    fi
    wait "$service_pid" 2>/dev/null || true
    service_pid=
}
trap stop_service EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

started_at=$SECONDS

echo "Building voice-bridge"
# The formatting and style checks run in ./mvnw verify, so a load run skips them.
./mvnw -B -q -pl voice-bridge -am package -DskipTests -Dspotless.check.skip=true -Dcheckstyle.skip=true

mkdir -p "$target_dir"
# Logs of the previous run would mix with this run's lines.
rm -f "$target_dir/voice-bridge.log" "$target_dir/voice-bridge-requests.log" "$service_output"

# The ports are free when chosen but can be taken before the service binds them, so a start that fails on a port
# already in use is retried with new ports.
for ((attempt = 1; ; attempt++)); do
    ports=$(java "$load_dir/bin/RunnerSupport.java" free-ports 2)
    app_port=$(sed -n 1p <<<"$ports")
    admin_port=$(sed -n 2p <<<"$ports")
    echo "Starting voice-bridge on 127.0.0.1:$app_port (admin port $admin_port)"
    java "-Ddw.server.applicationConnectors[0].port=$app_port" \
        "-Ddw.server.adminConnectors[0].port=$admin_port" \
        -jar voice-bridge/target/voice-bridge.jar server "$load_dir/voice-bridge-load.yml" \
        >>"$service_output" 2>&1 &
    service_pid=$!
    if java "$load_dir/bin/RunnerSupport.java" wait-healthy "http://127.0.0.1:$admin_port/healthcheck" \
        "$health_timeout_seconds" "$service_pid"; then
        break
    fi
    stop_service
    if ((attempt < max_start_attempts)) &&
        grep -qs 'Address already in use' "$service_output" "$target_dir/voice-bridge.log"; then
        echo "A port was taken before voice-bridge could bind it. Retrying with new ports." >&2
        continue
    fi
    echo "voice-bridge did not start. Its output is in $service_output and $target_dir/voice-bridge.log:" >&2
    tail -n 20 "$service_output" "$target_dir/voice-bridge.log" >&2 2>/dev/null || true
    exit 1
done
echo "voice-bridge is healthy (PID $service_pid)"

# Gatling writes each run's report to a new directory under target/gatling. The marker identifies this run's.
run_marker=$target_dir/run-started
touch "$run_marker"
echo "Running the $profile profile"
gatling_status=0
./mvnw -B -f "$load_dir/pom.xml" test-compile gatling:test -Dspotless.check.skip=true -Dcheckstyle.skip=true \
    -Dgatling.simulationClass=com.easymo.load.VoiceBridgeSimulation \
    "-DbaseUrl=http://127.0.0.1:$app_port" \
    "-DadminUrl=http://127.0.0.1:$admin_port" \
    "-Dprofile=$profile" \
    "$@" || gatling_status=$?

stop_service

report=$(find "$target_dir/gatling" -mindepth 2 -maxdepth 2 -name index.html -newer "$run_marker" 2>/dev/null |
    sort | tail -n 1)
if [[ -n $report ]]; then
    echo "Report: $repo_root/$report"
else
    echo "Gatling wrote no report (see the Maven output above)" >&2
fi
echo "Service logs: $repo_root/$target_dir/voice-bridge.log and $repo_root/$target_dir/voice-bridge-requests.log"
echo "Finished in $((SECONDS - started_at)) s with exit status $gatling_status"
exit "$gatling_status"
