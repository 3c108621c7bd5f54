#!/usr/bin/env bash
# Side-by-side load comparison of Parley, ejabberd and Prosody on this machine (issue 8), then regenerates the load
# section of docs/performance.md (between the "load:begin/end" markers; the rest of the file is left alone).
#
#   bench/compare.sh [--scenarios "chat logins idle offline presence"] [--runs 3] [--chat-users 200]
#                    [--idle-sessions 19000] [--step-seconds 10] [--warmup-seconds 10] [--build] [--no-install]
#                    [--servers "parley parley-binary parley-nomam parley-nomam-binary parley-pg parley-jdk ejabberd
#                    prosody"]
#                    [--keep-results]
#                    [--warmup-runs 8 | --no-warmup] [--resume-tls]
#
# Needs root (apt-get; the peers drop to their own users), Debian's ejabberd 23.01 and prosody 0.12, PostgreSQL 15
# (initdb/pg_ctl), gnuplot for the chart, python3 for the report. Every server is a process this script starts and
# stops itself (no systemd), with its own config, self-signed certificate and data directory under $BENCH_WORK
# (default /tmp/parley-bench8), listening on 127.0.0.1 only. Server pinned to CPU 0, generator to CPU 1.
# Servers: parley (H2, MAM on, BoringSSL: the defaults), parley-binary (the same server, the generator enabling
# Parley's binary stanza encoding, docs/binary-encoding.md), parley-nomam (modules.disabled: [mam]),
# parley-nomam-binary (the same, binary), parley-jdk
# (tls.provider: jdk, the JDK's TLS instead of BoringSSL), parley-pg (PostgreSQL,
# MAM on), ejabberd, prosody (both with MAM on too, archiving every chat message, as Parley does), relay (the raw
# ceiling: bytes in, the same bytes out to the paired socket; run with chat whenever parley or relay is listed).
# A server that does not start is reported (its log printed) and skipped; the others still run.
# --keep-results: add to the results of an earlier run (e.g. one scenario at a time) instead of starting afresh.
# Every server first gets N untimed warm-up runs of each scenario (--warmup-runs, default 8; chat 1, its ladder has a
# warm-up step of its own; idle: run 0 registers the accounts, then each timed run starts a fresh server process, to
# read its RSS at rest from a server that has done nothing else): the timed runs then measure a server in its steady
# state, not Parley's JIT compiling its hot paths on the shared core (ADR 008). The report also shows the first
# warm-up run, a freshly started server. --no-warmup (= --warmup-runs 0): time from a cold start.
# --resume-tls: the generator resumes TLS sessions from the servers' tickets (returning devices) instead of making a
# full handshake on every connection (logins after a restart, the default); use another BENCH_WORK for such a run.
set -uo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
work="${BENCH_WORK:-/tmp/parley-bench8}"
scenarios="chat logins idle offline presence"
servers="parley parley-binary parley-nomam parley-nomam-binary parley-pg parley-jdk ejabberd prosody"
runs=3
chat_users=200
idle_sessions=19000
logins_users=2000
offline_users=1000
presence_users=505
step_seconds=10
warmup_seconds=10
build=0
install=1
keep=0
warmup=8
resume_tls=0
# G1 is the default GC. Throughput scenarios get the fixed heap the README gives an operator with real load (-Xms =
# -Xmx = 1 GB): grown from 64 MB by G1's GC-time target, the heap stayed small and GC took 19 % of the offline drain
# (ADR 016); at 384 MB, chat's p99 with MAM was set by young pauses every 1.3 s (ADR 016 addendum). What survives a
# young pause is promoted at once (MaxTenuringThreshold=1, as the README advises), so long-lived state is not copied
# by every pause (ADR 021). chat reports each server's RSS beside it.
# Idle measures resident memory, so there Parley gets the heap its 19,000 sessions need: the live heap at 19,000
# sessions is about 170 MB (jcmd GC.class_histogram), and G1 grows a heap to whatever -Xmx allows.
parley_jvm="${PARLEY_JVM:--Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxTenuringThreshold=1}"
parley_idle_jvm="${PARLEY_IDLE_JVM:--Xms64m -Xmx224m -XX:+UseG1GC}"
domain=bench.test

while (($#)); do
    case "$1" in
        --scenarios) scenarios="$2"; shift 2 ;;
        --servers) servers="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --chat-users) chat_users="$2"; shift 2 ;;
        --idle-sessions) idle_sessions="$2"; shift 2 ;;
        --logins-users) logins_users="$2"; shift 2 ;;
        --offline-users) offline_users="$2"; shift 2 ;;
        --presence-users) presence_users="$2"; shift 2 ;;
        --step-seconds) step_seconds="$2"; shift 2 ;;
        --warmup-seconds) warmup_seconds="$2"; shift 2 ;;
        --build) build=1; shift ;;
        --no-install) install=0; shift ;;
        --keep-results) keep=1; shift ;;
        --warmup-runs) warmup="$2"; shift 2 ;;
        --no-warmup) warmup=0; shift ;;
        --resume-tls) resume_tls=1; shift ;;
        -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

[[ "$warmup" =~ ^[0-9]+$ ]] || { echo "--warmup-runs: expected a number of runs, got $warmup" >&2; exit 2; }

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# Which servers take part in which scenario (the Parley variants only where they change the answer).
declare -A PLAN=(
    [chat]="parley parley-binary parley-nomam parley-nomam-binary parley-pg ejabberd prosody"
    [logins]="parley parley-jdk ejabberd prosody"
    [idle]="parley parley-binary parley-jdk ejabberd prosody"
    [offline]="parley parley-pg ejabberd prosody"
    [presence]="parley ejabberd prosody"
)

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
ulimit -n "$(ulimit -Hn)"   # servers and generator inherit the hard limit (20,000 here)

if ((install)); then
    [[ $(id -u) -eq 0 ]] || { echo "run as root (apt-get)" >&2; exit 1; }
    log "installing ejabberd, prosody, gnuplot, postgresql (apt-get)"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ejabberd prosody gnuplot-nox lua-bitop \
        postgresql >/dev/null
fi

if ((build)); then
    log "building Parley and the generator (mvn package)"
    (cd "$root" && mvn -B -q package -DskipTests -pl dist,bench -am) || { echo "build failed" >&2; exit 1; }
else
    (cd "$root" && mvn -B -q -o -pl bench compile) || { echo "bench compile failed" >&2; exit 1; }
fi
[[ -x "$root/dist/target/parley/bin/parley" ]] || { echo "no dist/target/parley: run with --build" >&2; exit 1; }

if ((keep)) && [[ -d "$work/results" ]]; then
    log "keeping earlier results in $work/results"
else
    rm -rf "$work/results"
fi
mkdir -p "$work/results"
# Snapshots: a rebuild in the shared tree during the run must not change what is measured.
rm -rf "$work/dist" "$work/gen-classes"
cp -r "$root/dist/target/parley" "$work/dist"
cp -r "$root/bench/target/classes" "$work/gen-classes"
# The dist is built from the working tree: a file an experiment left in a target/ directory (a migration, say) would
# be measured as if it were Parley. Refuse a dist whose schema migrations are not exactly the sources'.
src_migrations="$(cd "$root/storage/src/main/resources" && find db/migration -name '*.sql' | sort)"
dist_migrations="$(unzip -Z1 "$work"/dist/lib/parley-storage-*.jar 'db/migration/*' | grep '\.sql$' | sort)"
if [[ "$src_migrations" != "$dist_migrations" ]]; then
    echo "the dist's schema migrations differ from storage/src/main/resources: rebuild with mvn clean install" >&2
    diff <(echo "$src_migrations") <(echo "$dist_migrations") >&2
    exit 1
fi
(cd "$root" && mvn -B -q -o -pl bench dependency:build-classpath -Dmdep.outputFile="$work/gen.cp" >/dev/null) \
    || { echo "cannot resolve the generator's classpath" >&2; exit 1; }
GEN_CP="$work/gen-classes:$(cat "$work/gen.cp")"

started_pids=()
PG_DIR="$work/pg"
pg_running=0
cleanup() {
    # ejabberd's beam is not our child: it is in SRV_PID only
    [[ -n "$SRV_PID" ]] && kill "$SRV_PID" 2>/dev/null
    for pid in "${started_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    ((pg_running)) && runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1
    return 0
}
trap cleanup EXIT

# ---- certificate (all servers use the same self-signed one) ----
# ECDSA P-256: the key type Parley generates and certbot requests by default. (An RSA-2048 key made each full
# handshake's signature the largest single cost of a login on every server, the JDK's most of all.)
if ! openssl x509 -in "$work/cert.pem" -noout -text 2>/dev/null | grep -q 'id-ecPublicKey'; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 -subj "/CN=$domain" \
        -addext "subjectAltName=DNS:$domain" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
    cat "$work/cert.pem" "$work/key.pem" > "$work/combined.pem"
fi

# Ports clear of the other work on this machine (15222/25222/35222 and 5222 are taken there).
declare -A PORT=([parley]=17322 [parley-binary]=17362 [parley-nomam]=17332 [parley-nomam-binary]=17372 [parley-pg]=17342 [parley-jdk]=17352 [ejabberd]=27322 [prosody]=37322 [relay]=43322)
PG_PORT=19432
EJ_NODE=parleybench8@localhost
SRV_PID=""

wait_port() {  # bounded: 90 s, and gives up early when the server process is gone
    local port="$1" pid="${2:-}"
    for _ in $(seq 1 450); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then echo "server process $pid exited" >&2; return 1; fi
        sleep 0.2
    done
    echo "port $port did not open" >&2; return 1
}

show_log() {  # the end of a server's logs, when it failed to start
    for f in "$@"; do
        [[ -f "$f" ]] || continue
        echo "----- $f (last 30 lines) -----" >&2
        tail -n 30 "$f" >&2
    done
}

start_postgres() {
    ((pg_running)) && return 0
    local bin=/usr/lib/postgresql/15/bin
    rm -rf "$PG_DIR"; mkdir -p "$PG_DIR"
    chown postgres:postgres "$PG_DIR"
    # initdb refuses root: as root, run it as the postgres user (as storage's PostgresCluster does)
    runuser -u postgres -- "$bin/initdb" -D "$PG_DIR/data" -U parley --auth=trust -E UTF8 --no-locale --no-sync \
        > "$PG_DIR/initdb.log" 2>&1 || { show_log "$PG_DIR/initdb.log"; return 1; }
    # on the server's core: parley-pg's database is part of the server under test, as ejabberd's Mnesia is part of it
    taskset -c 0 runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" \
        -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_DIR -c max_connections=100" \
        -w -t 60 start > "$PG_DIR/pg_ctl.log" 2>&1 || { show_log "$PG_DIR/pg_ctl.log" "$PG_DIR/server.log"; return 1; }
    pg_running=1
    runuser -u postgres -- "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U parley parley || return 1
}

stop_postgres() {
    ((pg_running)) || return 0
    runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    pg_running=0
}

# start_parley VARIANT: parley (H2, MAM on), parley-nomam, parley-pg. Extra JVM flags in PARLEY_EXTRA (profiling).
start_parley_variant() {
    local variant="$1" dir="$work/$1" storage="" disabled="[]" provider=auto
    # The peers run without a traffic shaper, so Parley's per-connection byte rate is lifted as for any load tool;
    # idle sends nothing worth shaping and keeps the default, so its memory per session counts the shaper's state.
    local limits=$'limits:\n  inbound-bytes-per-second: 0'; [[ "$current_scenario" == idle ]] && limits=""
    mkdir -p "$dir"
    case "$variant" in
        parley-nomam|parley-nomam-binary) disabled="[mam]" ;;
        parley-jdk) provider=jdk ;;
        parley-pg) start_postgres || return 1
                   storage=$'storage:\n  url: jdbc:postgresql://127.0.0.1:'"$PG_PORT"$'/parley\n  user: parley\n  password: ""\n  pool-size: 10' ;;
    esac
    cat > "$dir/parley.yml" <<YML
domain: $domain
data-directory: $dir/data
listeners:
  c2s: {address: 127.0.0.1, port: ${PORT[$variant]}}
  c2s-direct-tls: {address: 127.0.0.1, port: $((PORT[$variant] + 1))}
tls:
  certificate: $work/cert.pem
  private-key: $work/key.pem
  provider: $provider
$limits
auth:
  throttle: false
$storage
modules:
  disabled: $disabled
  register:
    throttle: false
  presence:
    max-subscription-requests-per-minute: 0
YML
    # JFR (default settings: ~1 % overhead) for the profile in docs/performance.md; not in idle, where RSS is measured
    local jfr=""
    if [[ "$current_scenario" == idle ]]; then
        # the GC log shows the live heap at C sessions: evidence for the heap size given to Parley
        mkdir -p "$work/results/idle"
        jfr="-Xlog:gc:file=$work/results/idle/$variant-gc-$(date +%s).log"
    else
        mkdir -p "$work/results/jfr"
        jfr="-XX:StartFlightRecording=filename=$work/results/jfr/$variant-$current_scenario.jfr,dumponexit=true"
    fi
    local jvm="$parley_jvm"; [[ "$current_scenario" == idle ]] && jvm="$parley_idle_jvm"
    PARLEY_JAVA_OPTS="$jvm $jfr ${PARLEY_EXTRA:-}" taskset -c 0 "$work/dist/bin/parley" --config "$dir/parley.yml" \
        > "$dir/out.log" 2>&1 &
    SRV_PID=$!; started_pids+=("$SRV_PID")
    wait_port "${PORT[$variant]}" "$SRV_PID" || { show_log "$dir/out.log"; return 1; }
    # the launcher execs java, so $! is the JVM itself
    SRV_PID="$(pgrep -P "$SRV_PID" java || echo "$SRV_PID")"
}
start_parley() { start_parley_variant parley; }
start_parley-binary() { start_parley_variant parley-binary; }
start_parley-nomam() { start_parley_variant parley-nomam; }
start_parley-nomam-binary() { start_parley_variant parley-nomam-binary; }
start_parley-pg() { start_parley_variant parley-pg; }
start_parley-jdk() { start_parley_variant parley-jdk; }

# ejabberdctl run as root switches to the ejabberd user with su, and PAM then resets the open-file limit to 1,024
# (ejabberd failed with emfile at 1,000 logins). setpriv keeps our limit; HOME holds the Erlang cookie.
ej_ctl() { HOME="$work/ejabberd" setpriv --reuid=ejabberd --regid=ejabberd --init-groups ejabberdctl "$@"; }

start_ejabberd() {
    local dir="$work/ejabberd"; mkdir -p "$dir/db" "$dir/logs"
    cat > "$dir/ejabberd.yml" <<YML
hosts: ["$domain"]
loglevel: warning
certfiles: ["$work/combined.pem"]
define_macro: {}
listen:
  - {port: ${PORT[ejabberd]}, ip: "127.0.0.1", module: ejabberd_c2s, starttls_required: true, max_stanza_size: 262144, backlog: 1024}
  - {port: $((PORT[ejabberd] + 1)), ip: "127.0.0.1", module: ejabberd_c2s, tls: true, max_stanza_size: 262144, backlog: 1024}
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
  mod_carboncopy: {}
  mod_client_state: {}
  mod_mam: {default: always, db_type: mnesia}
YML
    # our own ejabberdctl.cfg: Debian's would point EJABBERD_CONFIG_PATH back at /etc/ejabberd/ejabberd.yml
    printf 'ERLANG_NODE=%s\nERL_MAX_PORTS=65536\nERL_PROCESSES=250000\n' "$EJ_NODE" > "$dir/ejabberdctl.cfg"
    chown -R ejabberd:ejabberd "$dir"
    taskset -c 0 env HOME="$dir" setpriv --reuid=ejabberd --regid=ejabberd --init-groups ejabberdctl --ctl-config "$dir/ejabberdctl.cfg" --config "$dir/ejabberd.yml" --spool "$dir/db" \
        --logs "$dir/logs" --node "$EJ_NODE" foreground > "$dir/out.log" 2>&1 &
    local launcher=$!; started_pids+=("$launcher")
    wait_port "${PORT[ejabberd]}" "$launcher" || { show_log "$dir/out.log" "$dir/logs/ejabberd.log" "$dir/logs/error.log"; return 1; }
    SRV_PID="$(pgrep -f -- "-sname ${EJ_NODE}" | xargs -r ps -o pid=,comm= -p | awk '$2 ~ /beam/ {print $1; exit}')"
    [[ -n "$SRV_PID" ]] || { echo "ejabberd: no beam process found for $EJ_NODE" >&2; return 1; }
}

start_prosody() {
    local dir="$work/prosody"; mkdir -p "$dir/data"
    cp "$work/cert.pem" "$work/key.pem" "$dir/"
    local whitelist; whitelist="$(for i in $(seq 1 20); do printf '"127.0.0.%d", ' "$i"; done)"
    # run_as_root: this script is root and owns the process (mod_posix would otherwise refuse to start, 0.12's
    # "Prosody doesn't need to be run as root"); daemonize = false with -F keeps it in the foreground as our child.
    cat > "$dir/prosody.cfg.lua" <<LUA
pidfile = "$dir/prosody.pid"
data_path = "$dir/data"
run_as_root = true
daemonize = false
admin_socket = "$dir/prosody.sock"
log = { { levels = { min = "warn" }, to = "file", filename = "$dir/prosody.log" } }
interfaces = { "127.0.0.1" }
c2s_ports = { ${PORT[prosody]} }
c2s_direct_tls_ports = { $((PORT[prosody] + 1)) }
s2s_ports = { }
http_ports = { }
https_ports = { }
network_backend = "epoll"
network_settings = { tcp_backlog = 1024 }
c2s_require_encryption = true
authentication = "internal_hashed"
password_hash = "SHA-256"
allow_registration = true
min_seconds_between_registrations = 0
registration_throttle_max = 1000000
registration_whitelist = { $whitelist }
default_archive_policy = true
modules_enabled = { "roster", "saslauth", "tls", "disco", "ping", "register", "offline", "posix", "mam", "carbons",
                    "smacks", "csi_simple" }
modules_disabled = { "s2s" }
ssl = { certificate = "$dir/cert.pem", key = "$dir/key.pem" }
VirtualHost "$domain"
LUA
    chown -R prosody:prosody "$dir"
    taskset -c 0 prosody --config "$dir/prosody.cfg.lua" -F > "$dir/out.log" 2>&1 &
    SRV_PID=$!; started_pids+=("$SRV_PID")
    wait_port "${PORT[prosody]}" "$SRV_PID" || { show_log "$dir/out.log" "$dir/prosody.log"; return 1; }
    # prosody is a Lua script: the interpreter (lua5.4) is the process we started
}

start_relay() {
    taskset -c 0 "$JAVA" -Xmx256m -cp "$GEN_CP" im.parley.bench.load.RelayMain --port "${PORT[relay]}" > "$work/relay.log" 2>&1 &
    SRV_PID=$!; started_pids+=("$SRV_PID")
    wait_port "${PORT[relay]}" "$SRV_PID" || { show_log "$work/relay.log"; return 1; }
}

stop_server() {
    local name="$1"
    if [[ "$name" == ejabberd ]]; then
        ej_ctl --ctl-config "$work/ejabberd/ejabberdctl.cfg" --node "$EJ_NODE" stop >/dev/null 2>&1 || true
        # the beam is not our direct child: wait for it by PID, the one we found at start
        [[ -n "$SRV_PID" ]] && started_pids+=("$SRV_PID")
    fi
    for pid in "${started_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${started_pids[@]}"; do
        for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    started_pids=()
    SRV_PID=""
}

# Generator on CPU 1, C1 only: each login runs its Java code once, so C2 compiled the per-login paths only after
# some 5,000 logins and was still over half of the generator's core in the timed pass (ADR 008); C1 code is slower
# but done compiling within a few hundred logins, and the handshake's cost is BoringSSL's native code either way.
c1_only="-XX:TieredStopAtLevel=1"
# Netty's per-access checks off in the generator: under C1, each getByte on a direct buffer ran its reference-count
# check (a VarHandle) and bounds checks as calls, the largest Java cost of a login in JFR. Netty 4.2 gives up Unsafe by
# default on Java 25+, so direct buffers are read through ByteBuffer's scope checks: take it back. The bench module's
# tests keep all of them, and leak detection, on.
gen_netty="-Dio.netty.buffer.checkAccessible=false -Dio.netty.buffer.checkBounds=false -Dio.netty.leakDetection.level=disabled -Dio.netty.noUnsafe=false"
java_major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$(dirname "$(dirname "$JAVA")")/release")"
((java_major >= 23)) && gen_netty+=" --sun-misc-unsafe-memory-access=allow"  # JEP 471's warnings, not an error
gen() {  # GEN_JIT: the generator's JIT flags (C1 only while timing: ADR 008)
    timeout 1800 taskset -c 1 "$JAVA" ${GEN_JIT-$c1_only} $gen_netty -Xms512m -Xmx2g -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED \
        -cp "$GEN_CP" im.parley.bench.load.LoadMain "$@"
}

# Marks every run of a scenario for a server that could not start, so the report says so instead of a blank.
mark_not_started() {
    local server="$1" scenario="$2"
    mkdir -p "$work/results/$scenario"
    for run in $(seq 1 "$runs"); do
        printf 'RESULT %s status not-started\n  note: %s did not start (see the log printed by bench/compare.sh)\n' \
            "$scenario" "$server" > "$work/results/$scenario/$server.run$run.txt"
    done
}

# Runs first_run..0 are the untimed warm-ups (warmup1.txt is the first, a freshly started server), 1..runs are timed.
warmups_of() {  # idle's run 0 registers the accounts, always; chat warms up within each run as well
    case "$1" in idle) echo 1 ;; chat) echo $((warmup > 1 ? 1 : warmup)) ;; *) echo "$warmup" ;; esac
}
first_run_of() { echo $((1 - $(warmups_of "$1"))); }

run_scenario() {  # server scenario run (run <= 0: a warm-up, kept apart from the timed runs)
    local server="$1" scenario="$2" run="$3" out="$work/results/$2/$1.run$3.txt" args=()
    local first_run; first_run="$(first_run_of "$scenario")"
    [[ "$run" -le 0 ]] && out="$work/results/$2/$1.warmup$((run - first_run + 1)).txt"
    mkdir -p "$work/results/$scenario"
    local register=(); [[ "$run" -gt "$first_run" ]] && register=(--no-register)  # idle: run 0 provisions
    case "$scenario" in
        chat) args=(--users "$chat_users" --step-seconds "$step_seconds" --warmup-seconds "$warmup_seconds" --server-pid "${SRV_PID:-0}"
                    --rates 250,500,1000,2000,3000,4000,6000,8000,12000,16000,24000,32000,48000,64000,96000,128000 "${register[@]}") ;;
        idle) args=(--users "$idle_sessions" --server-pid "$SRV_PID" --login-concurrency 200 --settle-seconds 5
                    --rest-seconds 10 --sources 16 --checkpoint 2000 "${register[@]}") ;;
        logins) args=(--users "$logins_users" --login-concurrency 100 --sources 8 --server-pid "${SRV_PID:-0}" "${register[@]}") ;;
        offline) args=(--users "$offline_users" --messages 20 --user-prefix "off$run-" --server-pid "${SRV_PID:-0}")
                 # parley-pg's PostgreSQL shares the server's core: the drain reports its CPU as well
                 [[ "$server" == parley-pg ]] && args+=(--database-user postgres) ;;
        presence) local setup=(); [[ "$run" -gt "$first_run" ]] && setup=(--skip-setup --no-register)
                  args=(--users "$presence_users" --contacts 100 --user-prefix "pres-" --login-concurrency 200 "${setup[@]}") ;;
    esac
    log "$server / $scenario / run $run"
    local port="${PORT[$server]}" sc="$scenario"
    # the generator keeps its SCRAM SaltedPasswords between runs, as a client does, so no run times its PBKDF2
    if [[ "$server" == relay ]]; then sc=relay; else args+=(--scram-cache "$work/scram-$server.cache"); fi
    [[ "$resume_tls" == 1 && "$server" != relay ]] && args+=(--resume-tls)
    [[ "$server" == parley*-binary ]] && args+=(--binary)
    # warm-up runs time nothing: C2 there, whose SHA-256 intrinsic makes the PBKDF2 for new accounts ~4x faster (2 vs 8 ms).
    # chat times a steady state after its warm-up step, where C1 code capped the generator (the relay's ceiling).
    local jit="$c1_only"; [[ "$run" -le 0 || "$scenario" == chat ]] && jit=""
    GEN_JIT="$jit" gen --host 127.0.0.1 --port "$port" --domain "$domain" --scenario "$sc" "${args[@]}" > "$out" 2>&1 \
        || log "generator exit code $? ($out)"
    grep -E '^(RESULT|  note)' "$out" | sed 's/^/    /' >&2 || true
}

# A server's runs and warm-ups of a scenario from an earlier stage (--keep-results), whatever their number.
forget_runs() { rm -f "$work/results/$2/$1".run*.txt "$work/results/$2/$1".warmup*.txt; }

# A server's accounts and data, and the generator's SCRAM keys for them, gone before a scenario starts.
forget_accounts() {
    local server="$1"
    rm -rf "$work/$server/data" "$work/scram-$server.cache"
    [[ "$server" == ejabberd ]] && rm -rf "$work/ejabberd/db"
    [[ "$server" == prosody ]] && rm -rf "$work/prosody/data"
    return 0
}

# A disk that fills during a stage fails that server's writes and voids every run after it, the peers' too. Parley's
# chat ladder with MAM alone grows its H2 file by several GB (docs/storage.md), so a stage starts only with room for it.
min_free_gb="${BENCH_MIN_FREE_GB:-15}"
free_gb() { df --output=avail -BG "$work" | tail -n1 | tr -dc '0-9'; }

current_scenario=""
for scenario in $scenarios; do
    current_scenario="$scenario"
    for server in ${PLAN[$scenario]}; do
        [[ " $servers " == *" $server "* ]] || continue
        if (( $(free_gb) < min_free_gb )); then
            log "only $(free_gb) GB free under $work, less than $min_free_gb GB (BENCH_MIN_FREE_GB): stopping before" \
                "$server / $scenario, no report written"
            exit 1
        fi
        forget_runs "$server" "$scenario"
        if [[ "$scenario" == idle ]]; then
            # A fresh server process per run: RSS_0 must not include an earlier ramp. Run 0 (not reported) registers
            # the accounts, so that no timed run's RSS_0 is a server whose heap grew while registering C accounts.
            forget_accounts "$server"
            for run in $(seq 0 "$runs"); do
                if ! "start_$server"; then
                    log "$server did not start: skipped"; stop_server "$server"; mark_not_started "$server" idle; break
                fi
                sleep 5
                run_scenario "$server" idle "$run"
                stop_server "$server"
            done
        else
            forget_accounts "$server"  # offline/presence must not see an earlier scenario's accounts
            if ! "start_$server"; then
                log "$server did not start: skipped"; stop_server "$server"; mark_not_started "$server" "$scenario"; continue
            fi
            sleep 5
            for run in $(seq "$(first_run_of "$scenario")" "$runs"); do run_scenario "$server" "$scenario" "$run"; done
            stop_server "$server"
        fi
        forget_accounts "$server"  # its data is not read again, and a chat stage's is GBs; its log stays
        [[ "$server" == parley-pg ]] && stop_postgres
    done
    if [[ "$scenario" == chat && ( " $servers " == *" parley "* || " $servers " == *" relay "* ) ]]; then
        forget_runs relay chat
        if start_relay; then
            sleep 2
            for run in $(seq "$(first_run_of chat)" "$runs"); do run_scenario relay chat "$run"; done
        else
            log "relay did not start: skipped"
        fi
        stop_server relay
    fi
done
stop_postgres

# ---- machine, versions, report ----
{
    echo "nproc=$(nproc)"
    echo "cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1)"
    echo "memory=$(free -g | awk '/Mem:/ {print $2}') GiB"
    echo "kernel=$(uname -r)"
    echo "java=$("$JAVA" -version 2>&1 | head -n1)"
    echo "parley_jvm=$parley_jvm -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED"
    echo "parley_idle_jvm=$parley_idle_jvm -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED"
    echo "ejabberd=$(dpkg-query -W -f='${Version}' ejabberd 2>/dev/null)"
    echo "prosody=$(dpkg-query -W -f='${Version}' prosody 2>/dev/null)"
    echo "postgresql=$(/usr/lib/postgresql/15/bin/postgres --version 2>/dev/null)"
    echo "loadavg=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "runs=$runs"
    echo "step_seconds=$step_seconds"
    echo "warmup_seconds=$warmup_seconds"
    echo "warmup_runs=$warmup"
    echo "resume_tls=$resume_tls"
    echo "command=bench/compare.sh --runs $runs --chat-users $chat_users --idle-sessions $idle_sessions --step-seconds $step_seconds --warmup-seconds $warmup_seconds --warmup-runs $warmup$( ((resume_tls)) && echo " --resume-tls")"
} > "$work/results/machine.txt"
# where Parley spent its CPU in each scenario (JFR execution samples)
for rec in "$work"/results/jfr/*.jfr; do
    [[ -s "$rec" ]] || continue
    [[ "${rec%.jfr}.txt" -nt "$rec" ]] && continue   # summarised already (an earlier stage with --keep-results)
    JFR="$(dirname "$JAVA")/jfr" python3 "$root/bench/jfr_top.py" "$rec" 12 > "${rec%.jfr}.txt" 2>&1 || log "jfr summary of $rec failed"
done
python3 "$root/bench/report.py" "$work/results" "$root/docs/performance.md"
log "wrote $root/docs/performance.md (raw output under $work/results)"
