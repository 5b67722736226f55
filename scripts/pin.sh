#!/usr/bin/env bash
# Re-pin constraints.txt after an engine upgrade, in a throwaway venv, and print what changed.
#   scripts/pin.sh                        everything at the newest versions pyproject.toml allows
#   scripts/pin.sh weasyprint==71.0 ...   only these move (and nothing else, unless pip says it must be named too)
# Then: make test-all, regenerate the references, commit constraints.txt with them (README "Upgrading the engine").
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"${PYTHON:-python3}" -m venv "$tmp/venv"
pip=("$tmp/venv/bin/python" -m pip --disable-pip-version-check)
keep=()
if [ $# -gt 0 ]; then  # keep the other pins: constraints.txt without the packages named on the command line
  "$tmp/venv/bin/python" - "$@" >"$tmp/keep.txt" <<'EOF'
import re, sys
norm = lambda name: re.sub(r"[-_.]+", "-", name).lower()
named = {norm(re.split(r"[<>=!~\[; ]", arg, maxsplit=1)[0]) for arg in sys.argv[1:]}
for line in open("constraints.txt", encoding="utf-8"):
    if "==" in line and not line.startswith("#") and norm(line.split("==")[0].strip()) in named:
        continue
    sys.stdout.write(line)
EOF
  keep=(-c "$tmp/keep.txt")
fi
echo "pin: resolving bantin[test] ${*:-(newest allowed)} in $tmp/venv"
# As scripts/setup.sh does: an old pip misses extras spelled `lxml[html_clean]`, so lxml_html_clean would go unpinned.
"${pip[@]}" install -q --upgrade pip
"${pip[@]}" install -q "${keep[@]}" -e ".[test]" "$@"
{
  cat <<'EOF'
# Exact versions of everything bantin installs (runtime, the [test] extra and all transitive dependencies).
# PDFs and EPUBs are byte-reproducible only with these versions: scripts/setup.sh installs with `-c constraints.txt`.
# Regenerate after an engine upgrade with scripts/pin.sh (e.g. `scripts/pin.sh weasyprint==71.0`);
# it is `pip freeze --exclude-editable` of a fresh venv with `pip install -e ".[test]"`.
EOF
  "${pip[@]}" freeze --exclude-editable
} >"$tmp/constraints.txt"
diff -u constraints.txt "$tmp/constraints.txt" && echo "pin: constraints.txt unchanged" || true
cp "$tmp/constraints.txt" constraints.txt
