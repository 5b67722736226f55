#!/usr/bin/env bash
# Set up everything bantin needs on a Debian machine; safe to run again (does only what is missing).
#   scripts/setup.sh          runtime: Pango, HarfBuzz subsetter, .venv with bantin
#   scripts/setup.sh test     also the validators: Java (EPUBCheck), poppler, Chromium + DAISY Ace
#   scripts/setup.sh cluster  runtime plus Dask distributed, for `bantin archive --cluster` (client and workers)
set -euo pipefail
cd "$(dirname "$0")/.."
want=${1:-run}

need_debs=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils python3-venv liblouis-data python3-louis espeak-ng ffmpeg)
if [ "$want" = test ]; then
  need_debs+=(default-jre-headless chromium nodejs npm)
fi

missing=()
for pkg in "${need_debs[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# Node and npm may come from outside Debian (e.g. NodeSource); accept any working ones.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
if command -v java >/dev/null; then missing=("${missing[@]/default-jre-headless}"); fi
read -r -a missing <<< "${missing[*]}"
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$python" -m venv .venv
fi
extras=""; [ "$want" = test ] && extras="[test]"; [ "$want" = cluster ] && extras="[cluster]"
stamp=".venv/.bantin-installed$extras"
# constraints.txt pins every package exactly (outputs depend on the engine's versions): reinstall when it changes.
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ] || [ ! -x .venv/bin/bantin ]; then
  echo "setup: installing bantin$extras into .venv (pinned by constraints.txt)"
  log=.venv/pip-install.log
  if ! { .venv/bin/python -m pip install --disable-pip-version-check --upgrade pip &&
         .venv/bin/python -m pip install --disable-pip-version-check -c constraints.txt -e ".$extras"; } >"$log" 2>&1; then
    tail -30 "$log"; echo "setup: pip install failed (full log: $log)" >&2; exit 1
  fi
  touch "$stamp"
fi
# Bytecode for bantin itself (an editable install compiles none, and PYTHONDONTWRITEBYTECODE keeps Python from
# writing it): without it every command compiles ~70 modules first, +0.13 s. Only changed files are compiled.
.venv/bin/python -m compileall -q -j 0 toolkit >/dev/null

# liblouis for the braille editions: Debian's `louis` module (pure Python over liblouis.so) linked into the venv.
site=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
if [ -d /usr/lib/python3/dist-packages/louis ] && [ ! -e "$site/louis" ]; then
  ln -s /usr/lib/python3/dist-packages/louis "$site/louis"
fi

# DAISY Ace, pinned like the Python packages; reinstalled when the installed version is another one.
# npm names the command after the package: ace-cli.
ace_version=1.4.6
ace_json=.tools/ace/node_modules/@daisy/ace-cli/package.json
if [ "$want" = test ]; then
  ace_have=""
  [ -f "$ace_json" ] && ace_have=$(.venv/bin/python -c 'import json, sys; print(json.load(open(sys.argv[1]))["version"])' "$ace_json" 2>/dev/null || true)
  if [ "$ace_have" != "$ace_version" ] || [ ! -x .tools/ace/node_modules/.bin/ace-cli ]; then
    echo "setup: installing DAISY Ace (@daisy/ace-cli@$ace_version) into .tools/ace${ace_have:+ (had $ace_have)}"
    mkdir -p .tools/ace
    (cd .tools/ace && PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 \
       npm install --no-audit --no-fund --silent --save-exact "@daisy/ace-cli@$ace_version" >/dev/null)
  fi
fi

# axe-core, the accessibility engine the reading room's browser tests inject (tests/reading_room), pinned.
axe_version=4.14.1
if [ "$want" = test ] && [ ! -f ".tools/axe/node_modules/axe-core/axe.min.js" -o ! -f ".tools/axe/.v$axe_version" ]; then
  echo "setup: installing axe-core@$axe_version into .tools/axe"
  rm -rf .tools/axe && mkdir -p .tools/axe
  (cd .tools/axe && npm install --no-audit --no-fund --silent --save-exact "axe-core@$axe_version" >/dev/null)
  touch ".tools/axe/.v$axe_version"
fi
