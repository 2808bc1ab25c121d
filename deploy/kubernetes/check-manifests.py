#!/usr/bin/env python3
"""Checks a rendered newstag kustomization (kubectl kustomize output) beyond what
kubernetes-validate and checkov see.

  * custom resources (ServiceMonitor, PrometheusRule, ScaledObject, TriggerAuthentication) against the
    strict schemas in deploy/kubernetes/schemas/ (kubernetes-validate has none for them);
  * the pod template's newstag.io/config-sha256 annotation matches the ConfigMap it mounts;
  * the settings that must agree across objects do: the drain deadline is below the
    termination grace period, KEDA's Kafka trigger watches the group and topic the config
    names and scales the workload that exists, probes hit /healthz and /readyz, the
    PrometheusRule holds deploy/prometheus/alerts.yml;
  * exactly-once mode runs in a StatefulSet: the transactional.id carries the host name, and
    only stable pod names let a replacement pod fence a crashed one's open transaction.

Usage: check-manifests.py RENDERED.yaml   (exit 1 and a message per problem)
Runs in the tools venv (PyYAML, jsonschema and referencing come with kubernetes-validate).
"""
import hashlib
import pathlib
import sys
import tomllib

import jsonschema
import referencing
import yaml

SCHEMAS = pathlib.Path(__file__).resolve().parent / "schemas"
CRD_SCHEMAS = {
    ("monitoring.coreos.com/v1", "ServiceMonitor"): "servicemonitor.schema.yaml",
    ("monitoring.coreos.com/v1", "PrometheusRule"): "prometheusrule.schema.yaml",
    ("keda.sh/v1alpha1", "ScaledObject"): "scaledobject.schema.yaml",
    ("keda.sh/v1alpha1", "TriggerAuthentication"): "triggerauthentication.schema.yaml",
}
BUILTIN_GROUPS = ("v1", "apps/", "policy/", "networking.k8s.io/", "autoscaling/", "rbac.authorization.k8s.io/", "batch/")
CONFIG_KEY = "newstag.toml"
CHECKSUM = "newstag.io/config-sha256"

problems = []


def problem(obj, msg):
    problems.append(f"{obj['kind']}/{obj['metadata']['name']}: {msg}")


def registry():
    resources = []
    for path in SCHEMAS.glob("*.schema.yaml"):
        contents = yaml.safe_load(path.read_text())
        resources.append((path.name, referencing.jsonschema.DRAFT202012.create_resource(contents)))
    return referencing.Registry().with_resources(resources)


def main(rendered):
    docs = [d for d in yaml.safe_load_all(pathlib.Path(rendered).read_text()) if d]
    reg = registry()
    by_kind = {}
    for obj in docs:
        by_kind.setdefault(obj["kind"], []).append(obj)
        key = (obj["apiVersion"], obj["kind"])
        if key in CRD_SCHEMAS:
            schema = reg.contents(CRD_SCHEMAS[key])
            validator = jsonschema.Draft202012Validator(schema, registry=reg)
            for err in sorted(validator.iter_errors(obj), key=lambda e: list(e.path)):
                where = ".".join(str(p) for p in err.absolute_path) or "(root)"
                problem(obj, f"schema {CRD_SCHEMAS[key]}: {where}: {err.message}")
        elif not obj["apiVersion"].startswith(BUILTIN_GROUPS):
            problem(obj, f"no schema for custom resource {key}: add one to {SCHEMAS}")

    configmaps = {c["metadata"]["name"]: c for c in by_kind.get("ConfigMap", [])}
    configs = {}
    workloads = by_kind.get("Deployment", []) + by_kind.get("StatefulSet", [])
    for dep in workloads:
        tmpl = dep["spec"]["template"]
        pod = tmpl["spec"]
        cms = [v["configMap"]["name"] for v in pod.get("volumes", []) if "configMap" in v]
        if len(cms) != 1 or cms[0] not in configmaps:
            problem(dep, f"expected one ConfigMap volume from the kustomization, found {cms}")
            continue
        text = configmaps[cms[0]]["data"].get(CONFIG_KEY)
        if text is None:
            problem(dep, f"ConfigMap {cms[0]} has no {CONFIG_KEY}")
            continue
        want = hashlib.sha256(text.encode()).hexdigest()
        have = tmpl["metadata"].get("annotations", {}).get(CHECKSUM)
        if have != want:
            problem(dep, f"pod annotation {CHECKSUM} is {have}, the ConfigMap's {CONFIG_KEY} hashes to {want} "
                         f"(run scripts/check-deploy.sh --fix)")
        cfg = tomllib.loads(text)
        configs[(dep["kind"], dep["metadata"]["name"])] = cfg
        if cfg.get("delivery") == "exactly-once" and dep["kind"] != "StatefulSet":
            problem(dep, "delivery = \"exactly-once\" needs a StatefulSet: the transactional.id carries the "
                         "host name, and a Deployment's new pod names cannot fence a crashed pod's transaction")
        drain_ms = cfg.get("shutdown", {}).get("drain_timeout_ms", 5000)
        grace = pod.get("terminationGracePeriodSeconds", 30)
        # The daemon's own hard deadline: drain + HARD_DEADLINE_GRACE (src/daemon/mod.rs, 4 s).
        if grace * 1000 <= drain_ms + 4000:
            problem(dep, f"terminationGracePeriodSeconds {grace}s is not above drain_timeout_ms {drain_ms}ms + 4s")
        liveness_ms = cfg.get("http", {}).get("liveness_timeout_ms", 30000)
        port = int(cfg.get("http", {}).get("listen", "0.0.0.0:9464").rsplit(":", 1)[1])
        for c in pod["containers"]:
            ports = {p.get("name"): p["containerPort"] for p in c.get("ports", [])}
            if ports.get("metrics") != port:
                problem(dep, f"container port 'metrics' {ports.get('metrics')} differs from http.listen port {port}")
            lp = c.get("livenessProbe", {})
            if lp.get("periodSeconds", 10) * lp.get("failureThreshold", 3) * 1000 <= liveness_ms:
                problem(dep, f"livenessProbe period x failureThreshold is not above http.liveness_timeout_ms {liveness_ms}")
            for probe, path in (("startupProbe", "/healthz"), ("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
                got = c.get(probe, {}).get("httpGet", {}).get("path")
                if got != path:
                    problem(dep, f"{probe} path is {got}, expected {path}")

    for so in by_kind.get("ScaledObject", []):
        spec = so["spec"]
        ref = spec["scaleTargetRef"]
        target = (ref.get("kind", "Deployment"), ref["name"])
        cfg = configs.get(target)
        if cfg is None:
            problem(so, f"scale target {'/'.join(target)} is not a workload of this kustomization")
            continue
        if spec.get("minReplicaCount", 0) > spec.get("maxReplicaCount", 100):
            problem(so, "minReplicaCount above maxReplicaCount")
        kafka = cfg["kafka"]
        for trig in spec["triggers"]:
            if trig["type"] != "kafka":
                continue
            md = trig["metadata"]
            for field, want in (("consumerGroup", kafka.get("group_id", "newstag")),
                                ("topic", kafka["input_topic"]),
                                ("bootstrapServers", kafka["brokers"])):
                if md.get(field) != want:
                    problem(so, f"kafka trigger {field} {md.get(field)!r} differs from the config's {want!r}")
            if md.get("allowIdleConsumers", "false") != "false":
                problem(so, "allowIdleConsumers must be false: pods beyond the partition count sit idle")

    alerts_file = SCHEMAS.parent.parent / "prometheus" / "alerts.yml"
    alerts = yaml.safe_load(alerts_file.read_text())
    for pr in by_kind.get("PrometheusRule", []):
        if pr["spec"] != alerts:
            problem(pr, f"spec differs from {alerts_file.name} (run scripts/check-deploy.sh --fix)")

    for p in problems:
        print(f"FAIL {rendered}: {p}")
    if not problems:
        print(f"OK {rendered}: {len(docs)} objects; custom resources match their strict schemas; "
              f"config checksum annotations, drain deadline, probes, KEDA trigger and alert rules agree")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
