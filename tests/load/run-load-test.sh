#!/usr/bin/env bash
# Runs a Gatling load test of voice-bridge against a fresh instance on 127.0.0.1.
#
# Usage: tests/load/run-load-test.sh [smoke|standard|rotation] [-Dname=value ...]
#
#   smoke     63 seconds, up to 100 concurrent users (the default)
#   standard  21 minutes, up to 100 concurrent users
#   rotation  60 seconds of authenticated traffic while the API key is rotated
#
# Extra -D options go to the simulation, for example -DmaxP95Millis=300 (see tests/load/README.md).
# The script builds voice-bridge and starts it on two free loopback ports, with tests/load/voice-bridge-load.yml for
# smoke and standard and tests/load/voice-bridge-rotation.yml for rotation. When its admin health check passes, it
# runs com.easymo.load.VoiceBridgeSimulation or com.easymo.load.KeyRotationSimulation and then stops the service.
# For rotation it first makes two API keys and a key file that lists the first, in a temporary directory that it
# deletes at exit. At the end it fails the run if either key appears in the service's or Gatling's output.
# It exits with the status of the Gatling run: 0 when every assertion holds, non-zero when one fails, the run
# breaks or a key was written to a log.
set -euo pipefail

usage() {
    echo "Usage: $0 [smoke|standard|rotation] [-Dname=value ...]" >&2
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
    smoke | standard)
        simulation=VoiceBridgeSimulation
        config_name=voice-bridge-load
        service_name=voice-bridge
        ;;
    rotation)
        simulation=KeyRotationSimulation
        config_name=voice-bridge-rotation
        service_name=voice-bridge-rotation
        ;;
    *)
        echo "Invalid profile '$profile': expected smoke, standard or rotation." >&2
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
# These names must match the log paths in the profile's YAML file.
service_log=$target_dir/$service_name.log
request_log=$target_dir/$service_name-requests.log
service_output=$target_dir/$service_name-console.log
gatling_output=$target_dir/$service_name-gatling-console.log
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

key_dir=
clean_up() {
    stop_service
    if [[ -n $key_dir ]]; then
        rm -rf -- "$key_dir"
    fi
}
trap clean_up EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

started_at=$SECONDS

echo "Building voice-bridge"
# The formatting and style checks run in ./mvnw verify, so a load run skips them.
./mvnw -B -q -pl voice-bridge -am package -DskipTests -Dspotless.check.skip=true -Dcheckstyle.skip=true

mkdir -p "$target_dir"
# Logs of the previous run would mix with this run's lines.
rm -f "$service_log" "$request_log" "$service_output" "$gatling_output"

service_options=()
simulation_options=("-Dprofile=$profile")
if [[ $profile == rotation ]]; then
    # Both keys stay in shell variables and reach the simulation as system properties, and the key file gets only their
    # digests. Nothing prints them, but other local users can read them in the process list while the run lasts. They
    # open nothing but this run's service.
    key_dir=$(mktemp -d "${TMPDIR:-/tmp}/easymo-api-keys.XXXXXX")
    key_file=$key_dir/api-keys.yml
    old_key_id=load-test-old
    new_key_id=load-test-new
    key_owner=load-test
    keys=$(java "$load_dir/bin/RunnerSupport.java" new-api-keys 2)
    old_key=${keys%%$'\n'*}
    new_key=${keys#*$'\n'}
    unset keys
    if [[ -z $old_key || -z $new_key || $old_key == "$new_key" || $new_key == *$'\n'* ]]; then
        echo "RunnerSupport.java new-api-keys did not return two keys." >&2
        exit 1
    fi
    old_key_digest=$(printf '%s' "$old_key" | sha256sum | cut -d ' ' -f 1)
    printf 'keys:\n  - id: %s\n    owner: %s\n    sha256: %s\n' "$old_key_id" "$key_owner" "$old_key_digest" \
        >"$key_file"
    service_options=("-Ddw.apiKeys.file=$key_file")
    simulation_options=(
        "-DapiKeyFile=$key_file"
        "-DoldApiKey=$old_key"
        "-DnewApiKey=$new_key"
        "-DoldApiKeyId=$old_key_id"
        "-DnewApiKeyId=$new_key_id"
        "-DapiKeyOwner=$key_owner"
    )
fi

# The ports are free when chosen but can be taken before the service binds them, so a start that fails on a port
# already in use is retried with new ports.
for ((attempt = 1; ; attempt++)); do
    ports=$(java "$load_dir/bin/RunnerSupport.java" free-ports 2)
    app_port=$(sed -n 1p <<<"$ports")
    admin_port=$(sed -n 2p <<<"$ports")
    echo "Starting voice-bridge on 127.0.0.1:$app_port (admin port $admin_port)"
    java "-Ddw.server.applicationConnectors[0].port=$app_port" \
        "-Ddw.server.adminConnectors[0].port=$admin_port" \
        ${service_options[@]+"${service_options[@]}"} \
        -jar voice-bridge/target/voice-bridge.jar server "$load_dir/$config_name.yml" \
        >>"$service_output" 2>&1 &
    service_pid=$!
    if java "$load_dir/bin/RunnerSupport.java" wait-healthy "http://127.0.0.1:$admin_port/healthcheck" \
        "$health_timeout_seconds" "$service_pid"; then
        break
    fi
    stop_service
    if ((attempt < max_start_attempts)) &&
        grep -qs 'Address already in use' "$service_output" "$service_log"; then
        echo "A port was taken before voice-bridge could bind it. Retrying with new ports." >&2
        continue
    fi
    echo "voice-bridge did not start. Its output is in $service_output and $service_log:" >&2
    tail -n 20 "$service_output" "$service_log" >&2 2>/dev/null || true
    exit 1
done
echo "voice-bridge is healthy (PID $service_pid)"

# Gatling writes each run's report to a new directory under target/gatling. The marker identifies this run's.
run_marker=$target_dir/run-started
touch "$run_marker"
echo "Running the $profile profile"
gatling_status=0
# The console output is also kept in a file, so the key check below covers it.
./mvnw -B -f "$load_dir/pom.xml" test-compile gatling:test -Dspotless.check.skip=true -Dcheckstyle.skip=true \
    "-Dgatling.simulationClass=com.easymo.load.$simulation" \
    "-DbaseUrl=http://127.0.0.1:$app_port" \
    "-DadminUrl=http://127.0.0.1:$admin_port" \
    "${simulation_options[@]}" \
    "$@" 2>&1 | tee "$gatling_output" || gatling_status=$?

stop_service

report=$(find "$target_dir/gatling" -mindepth 2 -maxdepth 2 -name index.html -newer "$run_marker" 2>/dev/null |
    sort | tail -n 1)
if [[ -n $report ]]; then
    echo "Report: $repo_root/$report"
else
    echo "Gatling wrote no report (see the Maven output above)" >&2
fi
echo "Service logs: $repo_root/$service_log and $repo_root/$request_log"

if [[ $profile == rotation ]]; then
    # The run's report directory contains simulation.log, which records every request, and the HTML report.
    checked=("$service_output" "$service_log" "$request_log" "$gatling_output")
    if [[ -n $report ]]; then
        checked+=("$(dirname "$report")")
    fi
    # The keys reach grep through a pipe, not its arguments, and only the names of the files that contain one are
    # printed.
    leaks=$(grep -rlaF -f <(printf '%s\n' "$old_key" "$new_key") -- "${checked[@]}" 2>/dev/null || true)
    if [[ -n $leaks ]]; then
        echo "An API key of this run appears in these files, so a key was logged:" >&2
        echo "$leaks" >&2
        gatling_status=1
    else
        echo "Neither API key appears in the service's logs or Gatling's output and report"
    fi
fi

echo "Finished in $((SECONDS - started_at)) s with exit status $gatling_status"
exit "$gatling_status"
