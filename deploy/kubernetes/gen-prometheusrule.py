#!/usr/bin/env python3
"""Writes deploy/kubernetes/base/prometheusrule.yaml: deploy/prometheus/alerts.yml wrapped in
a PrometheusRule, so the Prometheus Operator loads the same alerts the promtool tests cover.
scripts/check-deploy.sh --fix runs this; check-manifests.py fails while the two differ."""
import pathlib
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent


class Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


Dumper.add_representer(str, _str)

alerts = yaml.safe_load((ROOT / "deploy/prometheus/alerts.yml").read_text())
rule = {
    "apiVersion": "monitoring.coreos.com/v1",
    "kind": "PrometheusRule",
    "metadata": {"name": "newstag"},
    "spec": alerts,
}
header = ("# GENERATED from deploy/prometheus/alerts.yml by deploy/kubernetes/gen-prometheusrule.py\n"
          "# (scripts/check-deploy.sh --fix). Edit alerts.yml, not this file.\n")
out = ROOT / "deploy/kubernetes/base/prometheusrule.yaml"
out.write_text(header + yaml.dump(rule, Dumper=Dumper, sort_keys=False, width=100))
print(f"{out.relative_to(ROOT)}: {sum(len(g['rules']) for g in alerts['groups'])} rules")
