#!/usr/bin/env python3
"""Runs the build stage of the Dockerfile without a Docker engine, to keep it honest.

No Docker engine runs in CI, so `docker build` cannot be. This executes the build stage's
COPY and RUN instructions in order, in a scratch directory that holds only what the build
context (.dockerignore) lets through, with the build-stage SHELL. It catches a source file
the image build needs but .dockerignore or a COPY leaves out, and a broken dependency-layer
step (deploy/build.sh deps-only).

Differences from a real build, all for speed on CI's two cores: the debug profile instead of
--release, and target/ is the repository's own (dependencies already compiled by CI's build
are reused). deps-only removes the newstag crate's own artefacts from target/debug, so the
caller rebuilds newstag afterwards. The base image's toolchain is the machine's.

Usage: docker-build-sim.py SCRATCH_DIR   (prints the built binary's --version)
"""
import fnmatch
import os
import pathlib
import re
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def instructions(dockerfile):
    text = re.sub(r"\\\n", " ", dockerfile.read_text())
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            yield word.upper(), rest.strip()


def context_filter():
    """The .dockerignore patterns, applied as Docker does (last match wins, ! re-includes)."""
    rules = []
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            neg = line.startswith("!")
            rules.append((neg, line.lstrip("!").rstrip("/")))

    def included(rel):
        keep = True
        for neg, pat in rules:
            parts = rel.split("/")
            # A pattern matches the path or any of its parent directories.
            if any(fnmatch.fnmatch("/".join(parts[: i + 1]), pat) for i in range(len(parts))):
                keep = neg
        return keep

    return included


def main(scratch):
    scratch = pathlib.Path(scratch)
    ctx, work = scratch / "context", scratch / "src"
    included = context_filter()
    for path in ROOT.rglob("*"):
        rel = path.relative_to(ROOT).as_posix()
        if path.is_file() and not rel.startswith((".git/", "target/", ".cache/")) and included(rel):
            (ctx / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, ctx / rel)
    work.mkdir(parents=True)
    (work / "target").symlink_to(ROOT / "target")
    out = scratch / "out"

    stage, shell, ran = None, ["/bin/sh", "-c"], []
    for word, rest in instructions(ROOT / "Dockerfile"):
        if word == "FROM":
            stage = rest.split()[-1] if " AS " in rest.upper() else rest
            continue
        if stage != "build":
            # Later stages: what they copy from the build context must be in it.
            if word == "COPY" and "--from=" not in rest:
                for src in rest.split()[:-1]:
                    if not (ctx / src).exists():
                        sys.exit(f"stage {stage}: COPY {src}: not in the build context")
            continue
        if word == "SHELL":
            shell = __import__("json").loads(rest)
        elif word == "COPY":
            *srcs, dst = rest.split()
            if any(s.startswith("--") for s in srcs):
                sys.exit(f"unsupported COPY flags in the build stage: {rest}")
            for src in srcs:
                s = ctx / src
                if not s.exists():
                    sys.exit(f"COPY {src}: not in the build context (.dockerignore or missing)")
                d = work / dst
                if s.is_dir():
                    shutil.copytree(s, d if not dst.endswith("/") else d / s.name, dirs_exist_ok=True)
                else:
                    target = d / s.name if dst.endswith("/") or (d.is_dir() and dst not in (".",)) else d
                    if dst in (".", "./"):
                        target = work / s.name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(s, target)
        elif word == "RUN":
            cmd = rest.replace("--release", "").replace("target/release/", "target/debug/").replace("/out/", f"{out}/")
            print(f"[docker-build-sim] RUN {cmd}", flush=True)
            subprocess.run(shell + [cmd], cwd=work, check=True)
            ran.append(cmd)
        elif word in ("WORKDIR", "ARG", "ENV", "LABEL"):
            continue
        else:
            sys.exit(f"unsupported instruction in the build stage: {word}")
    binary = out / "newstag"
    if not binary.exists():
        sys.exit("the build stage did not produce /out/newstag (the runtime stage copies it)")
    version = subprocess.run([binary, "--version"], check=True, capture_output=True, text=True).stdout.strip()
    print(f"[docker-build-sim] build stage OK: {len(ran)} RUN steps, /out/newstag --version: {version}")


if __name__ == "__main__":
    main(sys.argv[1])
