#!/usr/bin/env bash
# Side-by-side load comparison of Parley, ejabberd and Prosody on this machine (issue 8), then regenerates the load
# sections of docs/performance.md (between the "load:begin/end" markers; the rest of the file is left alone).
#
#   bench/compare.sh [--scenarios "chat idle offline presence"] [--runs 3] [--chat-users 200] [--idle-sessions 19000]
#                    [--step-seconds 5] [--no-build] [--no-install] [--servers "parley ejabberd prosody"]
#
# Needs root (apt-get, and the peers drop to their own users), Debian's ejabberd 23.01 and prosody 0.12 (installed
# here with apt), gnuplot for the chart, python3 for the report. Every server is a process this script starts and
# stops itself (no systemd), with its own config, self-signed certificate and data directory under $BENCH_WORK
# (default /tmp/parley-bench), listening on 127.0.0.1 only. Server pinned to CPU 0, generator to CPU 1.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
work="${BENCH_WORK:-/tmp/parley-bench}"
scenarios="chat idle offline presence"
servers="parley ejabberd prosody"
runs=3
chat_users=200
idle_sessions=19000
offline_users=1000
presence_users=1010
step_seconds=5
build=1
install=1
parley_heap="${PARLEY_HEAP:--Xms256m -Xmx1g}"
domain=bench.test

while (($#)); do
    case "$1" in
        --scenarios) scenarios="$2"; shift 2 ;;
        --servers) servers="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --chat-users) chat_users="$2"; shift 2 ;;
        --idle-sessions) idle_sessions="$2"; shift 2 ;;
        --offline-users) offline_users="$2"; shift 2 ;;
        --presence-users) presence_users="$2"; shift 2 ;;
        --step-seconds) step_seconds="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        --no-install) install=0; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# Newest JDK >= 21 (the generator and Parley need it; Maven's java may be 17).
java_bin() {
    local best="" best_major=0 major
    for release in /usr/lib/jvm/*/release; do
        major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")"
        if [[ -n "$major" ]] && ((major >= 21 && major > best_major)); then best="$(dirname "$release")"; best_major=$major; fi
    done
    [[ -n "$best" ]] || { echo "no JDK >= 21 under /usr/lib/jvm" >&2; exit 1; }
    echo "$best/bin/java"
}
JAVA="$(java_bin)"

if ((install)); then
    [[ $(id -u) -eq 0 ]] || { echo "run as root (apt-get)" >&2; exit 1; }
    log "installing ejabberd, prosody, gnuplot (apt-get)"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ejabberd prosody gnuplot-nox lua-bitop >/dev/null
fi

if ((build)); then
    log "building Parley and the generator (mvn package)"
    (cd "$root" && mvn -B -q package -DskipTests -pl dist,bench -am)
fi
(cd "$root" && mvn -B -q -o -pl bench dependency:build-classpath -Dmdep.outputFile="$work.cp" >/dev/null 2>&1) \
    || { mkdir -p "$(dirname "$work")"; (cd "$root" && mvn -B -q -o -pl bench dependency:build-classpath -Dmdep.outputFile="$work.cp"); }
GEN_CP="$root/bench/target/classes:$(cat "$work.cp")"

rm -rf "$work"; mkdir -p "$work/results"
started_pids=()
cleanup() {
    for pid in "${started_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# ---- certificate (all servers use the same self-signed one) ----
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$domain" -addext "subjectAltName=DNS:$domain" \
    -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
cat "$work/cert.pem" "$work/key.pem" > "$work/combined.pem"

declare -A PORT=([parley]=15222 [ejabberd]=25222 [prosody]=35222 [relay]=45299)
SRV_PID=""

wait_port() {  # bounded: 60 s
    for _ in $(seq 1 300); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.2
    done
    echo "port $1 did not open" >&2; return 1
}

start_parley() {
    local dir="$work/parley"; mkdir -p "$dir"
    if [[ ! -f "$dir/parley.yml" ]]; then
        cat > "$dir/parley.yml" <<YML
domain: $domain
data-directory: $dir/data
listeners:
  c2s: {address: 127.0.0.1, port: ${PORT[parley]}}
  c2s-direct-tls: {address: 127.0.0.1, port: $((PORT[parley] + 1))}
tls:
  certificate: $work/cert.pem
  private-key: $work/key.pem
auth:
  throttle: false
modules:
  register:
    throttle: false
YML
    fi
    PARLEY_JAVA_OPTS="$parley_heap" taskset -c 0 "$root/dist/target/parley/bin/parley" --config "$dir/parley.yml" \
        > "$dir/out.log" 2>&1 &
    SRV_PID=$!; started_pids+=("$SRV_PID")
    wait_port "${PORT[parley]}"
}

start_ejabberd() {
    local dir="$work/ejabberd"; mkdir -p "$dir/db" "$dir/logs"
    cat > "$dir/ejabberd.yml" <<YML
hosts: ["$domain"]
loglevel: warning
certfiles: ["$work/combined.pem"]
define_macro: {}
listen:
  - {port: ${PORT[ejabberd]}, ip: "127.0.0.1", module: ejabberd_c2s, starttls_required: true, max_stanza_size: 262144}
  - {port: $((PORT[ejabberd] + 1)), ip: "127.0.0.1", module: ejabberd_c2s, tls: true, max_stanza_size: 262144}
auth_method: internal
auth_password_format: scram
auth_scram_hash: sha256
registration_timeout: infinity
acl:
  local: {user_regexp: ""}
access_rules:
  local: {allow: local}
  register: {allow: all}
shaper_rules:
  max_user_offline_messages: 100000
  max_user_sessions: 10
modules:
  mod_disco: {}
  mod_ping: {}
  mod_roster: {}
  mod_offline: {access_max_user_messages: max_user_offline_messages}
  mod_register: {ip_access: all, access: register}
  mod_stream_mgmt: {}
YML
    # our own ejabberdctl.cfg: Debian's would point EJABBERD_CONFIG_PATH back at /etc/ejabberd/ejabberd.yml
    echo 'ERLANG_NODE=bench@localhost' > "$dir/ejabberdctl.cfg"
    chown -R ejabberd:ejabberd "$dir"
    taskset -c 0 ejabberdctl --ctl-config "$dir/ejabberdctl.cfg" --config "$dir/ejabberd.yml" --spool "$dir/db" --logs "$dir/logs" \
        --node "bench@localhost" foreground > "$dir/out.log" 2>&1 &
    started_pids+=("$!")
    wait_port "${PORT[ejabberd]}"
    SRV_PID="$(pgrep -f -- "-sname bench@localhost" | head -n1 || true)"
    [[ -n "$SRV_PID" ]] || SRV_PID="$(pgrep -f -- "bench@localhost" | xargs -r ps -o pid=,comm= -p | awk '$2 ~ /beam/ {print $1; exit}')"
}

start_prosody() {
    local dir="$work/prosody"; mkdir -p "$dir/data"
    cp "$work/cert.pem" "$work/key.pem" "$dir/"
    local whitelist; whitelist="$(for i in $(seq 1 20); do printf '"127.0.0.%d", ' "$i"; done)"
    cat > "$dir/prosody.cfg.lua" <<LUA
pidfile = "$dir/prosody.pid"
data_path = "$dir/data"
daemonize = false
log = { warn = "$dir/prosody.log" }
interfaces = { "127.0.0.1" }
c2s_ports = { ${PORT[prosody]} }
c2s_direct_tls_ports = { $((PORT[prosody] + 1)) }
s2s_ports = { }
http_ports = { }
https_ports = { }
network_backend = "epoll"
c2s_require_encryption = true
authentication = "internal_hashed"
allow_registration = true
min_seconds_between_registrations = 0
registration_throttle_max = 1000000
registration_whitelist = { $whitelist }
modules_enabled = { "roster", "saslauth", "tls", "disco", "ping", "register", "offline", "posix" }
ssl = { certificate = "$dir/cert.pem", key = "$dir/key.pem" }
VirtualHost "$domain"
LUA
    chown -R prosody:prosody "$dir"
    taskset -c 0 prosody --config "$dir/prosody.cfg.lua" -F > "$dir/out.log" 2>&1 &
    started_pids+=("$!")
    wait_port "${PORT[prosody]}"
    SRV_PID="$(cat "$dir/prosody.pid" 2>/dev/null || true)"
}

start_relay() {
    taskset -c 0 "$JAVA" -Xmx256m -cp "$GEN_CP" im.parley.bench.load.RelayMain --port "${PORT[relay]}" > "$work/relay.log" 2>&1 &
    SRV_PID=$!; started_pids+=("$SRV_PID")
    wait_port "${PORT[relay]}"
}

stop_server() {
    local name="$1"
    case "$name" in
        ejabberd) ejabberdctl --ctl-config "$work/ejabberd/ejabberdctl.cfg" --node "bench@localhost" stop >/dev/null 2>&1 || true ;;
    esac
    for pid in "${started_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${started_pids[@]}"; do
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    started_pids=()
    if [[ "$name" == ejabberd ]]; then epmd -kill >/dev/null 2>&1 || true; fi
}

gen() {  # generator on CPU 1
    taskset -c 1 "$JAVA" -Xmx2g -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED \
        -Dlogback.configurationFile=/dev/null -cp "$GEN_CP" im.parley.bench.load.LoadMain "$@"
}

run_scenario() {  # server scenario run
    local server="$1" scenario="$2" run="$3" out="$work/results/$2/$1.run$3.txt" args=()
    mkdir -p "$work/results/$scenario"
    local register=(); [[ "$run" -gt 1 ]] && register=(--no-register)
    case "$scenario" in
        chat) args=(--users "$chat_users" --step-seconds "$step_seconds" "${register[@]}") ;;
        idle) args=(--users "$idle_sessions" --server-pid "$SRV_PID" --login-concurrency 200 --settle-seconds 5
                    --rest-seconds 10 --sources 16 "${register[@]}") ;;
        offline) args=(--users "$offline_users" --messages 20 --user-prefix "off$run-") ;;
        presence) args=(--users "$presence_users" --contacts 100 --user-prefix "pres$run-" --login-concurrency 200) ;;
    esac
    log "$server / $scenario / run $run"
    local port="${PORT[$server]}"; local sc="$scenario"
    [[ "$server" == relay ]] && sc=relay
    gen --host 127.0.0.1 --port "$port" --domain "$domain" --scenario "$sc" "${args[@]}" > "$out" 2>&1 || true
    grep -E '^(RESULT|  note)' "$out" | sed 's/^/    /' >&2 || true
}

for scenario in $scenarios; do
    for server in $servers; do
        if [[ "$scenario" == idle ]]; then
            # a fresh server process per run: RSS_0 must not include an earlier ramp
            for run in $(seq 1 "$runs"); do
                "start_$server"; sleep 5
                run_scenario "$server" idle "$run"
                stop_server "$server"
            done
        else
            "start_$server"; sleep 5
            for run in $(seq 1 "$runs"); do run_scenario "$server" "$scenario" "$run"; done
            stop_server "$server"
        fi
    done
    if [[ "$scenario" == chat ]]; then
        start_relay; sleep 2
        for run in $(seq 1 "$runs"); do run_scenario relay chat "$run"; done
        stop_server relay
    fi
done

# ---- machine, versions, report ----
{
    echo "nproc=$(nproc)"
    echo "cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1)"
    echo "memory=$(free -g | awk '/Mem:/ {print $2}') GiB"
    echo "kernel=$(uname -r)"
    echo "java=$("$JAVA" -version 2>&1 | head -n1)"
    echo "parley_jvm=$parley_heap -XX:+ExitOnOutOfMemoryError (default GC: G1)"
    echo "ejabberd=$(dpkg-query -W -f='${Version}' ejabberd 2>/dev/null)"
    echo "prosody=$(dpkg-query -W -f='${Version}' prosody 2>/dev/null)"
    echo "runs=$runs"
    echo "command=bench/compare.sh --scenarios \"$scenarios\" --runs $runs --chat-users $chat_users --idle-sessions $idle_sessions --step-seconds $step_seconds"
} > "$work/results/machine.txt"
python3 "$root/bench/report.py" "$work/results" "$root/docs/performance.md"
log "wrote $root/docs/performance.md (raw output under $work/results)"
