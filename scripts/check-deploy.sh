#!/usr/bin/env bash
# Static checks of everything in deploy/ and the Dockerfile, with the real tools:
#   systemd     systemd-analyze verify (no output allowed) and security --offline (<= 2.0)
#   container   hadolint (no findings), checkov, and the build stage run without Docker
#   kubernetes  kubectl kustomize renders base and overlays; kubernetes-validate --strict on
#               every built-in object; custom resources against deploy/kubernetes/schemas;
#               config checksum annotation and cross-object settings; checkov (no failures)
#   prometheus  promtool check rules / test rules (every alert has a test) / check config
#   grafana     the dashboard is valid JSON and queries only metrics newstag exports
# Any problem fails the script, with the tool's own message.
#
# Usage: scripts/check-deploy.sh                  run every check
#        scripts/check-deploy.sh --fix   regenerate what is derived: newstag.io/config-sha256
#                                        annotations, base/prometheusrule.yaml from alerts.yml
# Needs the tools from scripts/install-tools.sh; uses $NEWSTAG_BIN, else builds newstag with
# deploy/build.sh (incremental).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV_BIN=$ROOT/.cache/venv/bin
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

fail() { printf '\n[check-deploy] FAIL: %s\n' "$*" >&2; exit 1; }
step() { printf '\n[check-deploy] == %s\n' "$*"; }
need() { command -v "$1" >/dev/null 2>&1 || [ -x "$1" ] || fail "$1 not found: run scripts/install-tools.sh"; }

KUSTOMIZATIONS=(deploy/kubernetes/base deploy/kubernetes/overlays/*)

if [ "${1:-}" = "--fix" ] || [ "${1:-}" = "--fix-checksums" ]; then
  python3 deploy/kubernetes/gen-prometheusrule.py 2>/dev/null || "$VENV_BIN/python" deploy/kubernetes/gen-prometheusrule.py
  for dir in "${KUSTOMIZATIONS[@]}"; do
    [ -f "$dir/newstag.toml" ] || continue
    sum=$(sha256sum "$dir/newstag.toml" | cut -d' ' -f1)
    grep -l 'newstag.io/config-sha256:' "$dir"/*.yaml | while read -r f; do
      sed -i -E "s|(newstag.io/config-sha256: )\"?[0-9a-f]+\"?|\1\"$sum\"|" "$f"
      echo "$f: newstag.io/config-sha256 = $sum"
    done
  done
  exit 0
fi
[ "$#" -eq 0 ] || fail "usage: $0 [--fix]"

# kubectl: the machine's if its kustomize is v4+, else the venv's (scripts/install-tools.sh).
KUBECTL=kubectl
kmajor() { "$1" version --client 2>/dev/null | sed -nE 's/^Kustomize Version: v([0-9]+).*/\1/p'; }
km=$(if command -v kubectl >/dev/null 2>&1; then kmajor kubectl; fi)
if [ -z "$km" ] || [ "$km" -lt 4 ]; then KUBECTL=$VENV_BIN/kubectl; fi
for t in systemd-analyze "$KUBECTL" promtool "$VENV_BIN/hadolint" "$VENV_BIN/kubernetes-validate" "$VENV_BIN/checkov"; do
  need "$t"
done
# checkov: no calls home (the machine has no network beyond package registries).
export BC_SKIP_MAPPING=TRUE CHECKOV_SKIP_DOWNLOAD=TRUE
CHECKOV=("$VENV_BIN/checkov" --quiet --compact --skip-download --output cli)

# --- systemd -----------------------------------------------------------------------------
step "systemd: systemd-analyze verify + security"
BIN=${NEWSTAG_BIN:-}
# Default: build (incremental, quick after cargo test) so validate runs the current code.
[ -n "$BIN" ] || BIN=$(deploy/build.sh | tail -n1)
[ -x "$BIN" ] || fail "no newstag binary at $BIN"
mkdir -p "$WORK/systemd"
# The unit names /usr/local/bin/newstag; point it at the built binary so verify can check it.
sed "s#/usr/local/bin/newstag#$BIN#g" deploy/systemd/newstag.service > "$WORK/systemd/newstag.service"
if ! systemd-analyze verify "$WORK/systemd/newstag.service" >"$WORK/verify.out" 2>&1; then
  cat "$WORK/verify.out" >&2; fail "systemd-analyze verify"
fi
if [ -s "$WORK/verify.out" ]; then
  cat "$WORK/verify.out" >&2; fail "systemd-analyze verify printed warnings"
fi
echo "systemd-analyze verify: clean"
# --threshold is on the 0-100 scale: 20 = exposure 2.0.
if ! systemd-analyze security --offline=true --threshold=20 --no-pager "$WORK/systemd/newstag.service" >"$WORK/security.out" 2>&1; then
  cat "$WORK/security.out" >&2; fail "systemd-analyze security: exposure above 2.0"
fi
grep -E '✗' "$WORK/security.out" || true
grep -E 'Overall exposure level' "$WORK/security.out"
score=$(sed -nE 's/.*Overall exposure level for [^:]+: ([0-9.]+).*/\1/p' "$WORK/security.out")
awk -v s="$score" 'BEGIN { exit !(s != "" && s <= 2.0) }' || fail "systemd-analyze security score '$score' above 2.0"

# The unit's deadlines against the shipped config's defaults.
# The daemon exits 1 at drain_timeout_ms + HARD_DEADLINE_GRACE (src/daemon/mod.rs: 4 s for
# the producer flush, commit and consumer close after the drain); systemd and Kubernetes must
# not kill it before that (deploy/kubernetes/check-manifests.py checks each rendered overlay).
"$VENV_BIN/python" - deploy/systemd/newstag.service config/newstag.toml <<'PY' || fail "systemd unit deadlines"
import re, sys, tomllib
GRACE_MS = 4000  # HARD_DEADLINE_GRACE in src/daemon/mod.rs
unit = open(sys.argv[1]).read()
cfg = tomllib.load(open(sys.argv[2], "rb"))
def sec(key):
    m = re.search(rf"^{key}=(\d+)s?$", unit, re.M)
    assert m, f"{key}= missing from the unit"
    return int(m.group(1))
drain = cfg.get("shutdown", {}).get("drain_timeout_ms", 5000)
live = cfg.get("http", {}).get("liveness_timeout_ms", 30000)
total = drain + GRACE_MS
assert sec("TimeoutStopSec") * 1000 > total, f"TimeoutStopSec not above drain_timeout_ms {drain} + {GRACE_MS} ms"
assert sec("WatchdogSec") * 1000 > live, f"WatchdogSec not above http.liveness_timeout_ms {live}"
print(f"TimeoutStopSec {sec('TimeoutStopSec')}s > drain {drain}ms + {GRACE_MS}ms; WatchdogSec {sec('WatchdogSec')}s > liveness timeout {live}ms")
PY

# --- shipped configuration files -------------------------------------------------------
step "newstag validate on every shipped config"
for cfg in config/newstag.toml deploy/kubernetes/base/newstag.toml deploy/kubernetes/overlays/*/newstag.toml; do
  # Secret files named in the config do not exist here: point them at placeholders.
  copy=$WORK/validate/$(echo "$cfg" | tr / _)
  mkdir -p "$WORK/validate"
  "$VENV_BIN/python" - "$cfg" "$copy" "$WORK/validate" <<'PY'
import sys, tomllib
src, dst, tmp = sys.argv[1:4]
text = open(src).read()
for i, path in enumerate(tomllib.loads(text).get("kafka", {}).get("secret_files", {}).values()):
    fake = f"{tmp}/secret-{i}"
    open(fake, "w").write("placeholder\n")
    text = text.replace(f'"{path}"', f'"{fake}"')
open(dst, "w").write(text)
PY
  "$BIN" validate --config "$copy" > "$WORK/validate.out" 2>&1 || { cat "$WORK/validate.out" >&2; fail "newstag validate $cfg"; }
  echo "newstag validate $cfg: OK"
done

# --- container image ---------------------------------------------------------------------
step "Dockerfile: hadolint + checkov"
"$VENV_BIN/hadolint" --failure-threshold style Dockerfile || fail "hadolint Dockerfile"
out=$("$VENV_BIN/hadolint" --no-fail Dockerfile)
[ -z "$out" ] || { echo "$out" >&2; fail "hadolint findings"; }
echo "hadolint: no findings"
# The image must build the way CI does: through deploy/build.sh, whose steps CI runs.
grep -qE '^RUN deploy/build.sh deps$' Dockerfile || fail "Dockerfile does not install build deps with deploy/build.sh deps"
grep -qE '^RUN deploy/build.sh --release' Dockerfile || fail "Dockerfile does not build with deploy/build.sh --release"
bash -n deploy/build.sh || fail "deploy/build.sh syntax"
"${CHECKOV[@]}" --framework dockerfile -f Dockerfile | tee "$WORK/checkov-docker.out"
grep -qE 'Failed checks: 0,' "$WORK/checkov-docker.out" || fail "checkov Dockerfile"
# No Docker engine here: run the build stage's COPY/RUN steps against the filtered context.
"$VENV_BIN/python" deploy/docker-build-sim.py "$WORK/docker-sim" || fail "Dockerfile build stage (simulated)"
deploy/build.sh >/dev/null 2>&1 || fail "rebuilding newstag after the simulated image build"

# --- Kubernetes --------------------------------------------------------------------------
step "Kubernetes: kustomize render, kubernetes-validate --strict, custom resources, checkov"
kver=$(kmajor "$KUBECTL")
[ -n "$kver" ] && [ "$kver" -ge 4 ] || fail "$KUBECTL's embedded kustomize is older than v4 (need 'patches' and 'labels'): $("$KUBECTL" version --client 2>&1 | tr '\n' ' ')"
echo "$KUBECTL: kustomize v$kver"
K8S_VERSIONS=(1.30 1.34)
for dir in "${KUSTOMIZATIONS[@]}"; do
  name=$(echo "$dir" | tr / _)
  rendered=$WORK/$name.yaml
  "$KUBECTL" kustomize "$dir" > "$rendered" 2>"$WORK/kustomize.err" || { cat "$WORK/kustomize.err" >&2; fail "kubectl kustomize $dir"; }
  [ ! -s "$WORK/kustomize.err" ] || { cat "$WORK/kustomize.err" >&2; fail "kubectl kustomize $dir printed warnings"; }
  echo "rendered $dir: $(grep -c '^kind:' "$rendered") objects"
  # One file per object, so every object is reported; custom resources are checked below.
  "$VENV_BIN/python" - "$rendered" "$WORK/$name.d" <<'PY'
import pathlib, sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
out = pathlib.Path(sys.argv[2]); out.mkdir()
for i, d in enumerate(docs):
    group = d["apiVersion"].split("/")[0] if "/" in d["apiVersion"] else ""
    sub = "crd" if "." in group and not group.endswith(".k8s.io") else "builtin"
    (out / sub).mkdir(exist_ok=True)
    (out / sub / f"{i:02d}-{d['kind']}-{d['metadata']['name']}.yaml").write_text(yaml.safe_dump(d))
PY
  for v in "${K8S_VERSIONS[@]}"; do
    "$VENV_BIN/kubernetes-validate" --strict -k "$v" "$WORK/$name.d"/builtin/*.yaml > "$WORK/kv.out" 2>&1 \
      || { cat "$WORK/kv.out" >&2; fail "kubernetes-validate --strict -k $v ($dir)"; }
    if grep -vE '^INFO ' "$WORK/kv.out" >&2; then fail "kubernetes-validate printed warnings ($dir)"; fi
    echo "kubernetes-validate --strict -k $v: $(grep -c '^INFO' "$WORK/kv.out") objects passed"
  done
  "$VENV_BIN/python" deploy/kubernetes/check-manifests.py "$rendered" || fail "custom resources / cross-checks ($dir)"
done
# checkov on what is applied: the rendered overlays (the base alone has no namespace).
for overlay in deploy/kubernetes/overlays/*/; do
  overlay_rendered=$WORK/$(echo "${overlay%/}" | tr / _).yaml
  "${CHECKOV[@]}" --framework kubernetes -f "$overlay_rendered" | tee "$WORK/checkov-k8s.out"
  grep -qE 'Failed checks: 0,' "$WORK/checkov-k8s.out" || fail "checkov Kubernetes manifests ($overlay)"
done

# --- Prometheus --------------------------------------------------------------------------
step "Prometheus: promtool check rules / test rules / check config"
promtool check rules deploy/prometheus/alerts.yml || fail "promtool check rules"
(cd deploy/prometheus && promtool test rules alerts.test.yml) || fail "promtool test rules"
promtool check config deploy/prometheus/prometheus.yml || fail "promtool check config"
"$VENV_BIN/python" - <<'PY' || fail "alert/dashboard consistency"
import json, re, sys, yaml
metrics = set(re.findall(r'"(newstag_[a-z_]+)"', open("src/metrics.rs").read()))
hist = {m for m in metrics if m.endswith("_seconds")}
known = metrics | {f"{h}_{s}" for h in hist for s in ("bucket", "sum", "count")}
bad = 0
alerts = yaml.safe_load(open("deploy/prometheus/alerts.yml"))
names = [r["alert"] for g in alerts["groups"] for r in g["rules"] if "alert" in r]
tests = yaml.safe_load(open("deploy/prometheus/alerts.test.yml"))
fired = {c["alertname"] for t in tests["tests"] for c in t.get("alert_rule_test", []) if c.get("exp_alerts")}
quiet = {c["alertname"] for t in tests["tests"] for c in t.get("alert_rule_test", []) if not c.get("exp_alerts")}
for n in names:
    if n not in fired:
        print(f"alert {n} has no promtool test where it fires"); bad = 1
    if n not in quiet:
        print(f"alert {n} has no promtool test where it stays quiet"); bad = 1
exprs = [r["expr"] for g in alerts["groups"] for r in g["rules"]]
dash = json.load(open("deploy/grafana/newstag.json"))
def panels(ps):
    for p in ps:
        yield p
        yield from panels(p.get("panels", []))
exprs += [t["expr"] for p in panels(dash["panels"]) for t in p.get("targets", [])]
for e in exprs:
    for m in re.findall(r"\bnewstag_[a-z_]+", e):
        if m not in known:
            print(f"unknown metric {m} in: {e}"); bad = 1
print(f"{len(names)} alerts, each fires and stays quiet in a test; {len(exprs)} queries use only metrics from src/metrics.rs")
sys.exit(bad)
PY

# --- Grafana -----------------------------------------------------------------------------
step "Grafana: dashboard JSON"
DASH_RULES=$WORK/dashboard-queries.yml "$VENV_BIN/python" - <<'PY' || fail "grafana dashboard"
import json
d = json.load(open("deploy/grafana/newstag.json"))
assert d.get("title") and d.get("uid"), "dashboard needs a title and uid"
def panels(ps):
    for p in ps:
        yield p
        yield from panels(p.get("panels", []))
ids = [p["id"] for p in panels(d["panels"])]
assert len(ids) == len(set(ids)), "duplicate panel ids"
for p in panels(d["panels"]):
    if p["type"] != "row":
        assert p.get("targets"), f"panel {p['title']} has no query"
# Every query as a recording rule, so promtool parses its PromQL (Grafana variables
# replaced by sample values).
rules = {"groups": [{"name": "dashboard", "rules": []}]}
for p in panels(d["panels"]):
    for t in p.get("targets", []):
        e = t["expr"].replace("$__rate_interval", "5m").replace("$job", "newstag").replace("$instance", ".*")
        rules["groups"][0]["rules"].append({"record": f"dashboard:panel{p['id']}:{t['refId']}", "expr": e})
import yaml, os
yaml.safe_dump(rules, open(os.environ["DASH_RULES"], "w"))
print(f"dashboard {d['uid']}: {len(ids)} panels")
PY
promtool check rules "$WORK/dashboard-queries.yml" >/dev/null || { promtool check rules "$WORK/dashboard-queries.yml"; fail "dashboard PromQL"; }
echo "promtool: every dashboard query parses"

printf '\n[check-deploy] all deploy checks passed\n'
