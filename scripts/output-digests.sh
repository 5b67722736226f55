#!/usr/bin/env bash
# SHA-256 of every output bantin makes of examples/ over a matrix of options, one line per file.
# Run it before and after a change that must not change outputs, and diff the two listings:
#   scripts/output-digests.sh /tmp/before > before.txt; (change); scripts/output-digests.sh /tmp/after > after.txt
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/output-digests.sh OUTPUT_DIR}
bantin=${BANTIN:-.venv/bin/bantin}
rm -rf "$out"; mkdir -p "$out"
examples=(examples/*.txt examples/*.html examples/*.md examples/*.json)
export SOURCE_DATE_EPOCH=1700000000
for size in small normal large x-large xx-large; do
  "$bantin" build "${examples[@]}" -o "$out/build" -s "$size" -f pdf -f epub -f html >/dev/null 2>&1 || true
done
"$bantin" build "${examples[@]}" -o "$out/a5" -p A5 >/dev/null 2>&1 || true
"$bantin" build "${examples[@]}" -o "$out/print" --booklet --marks --duplex >/dev/null 2>&1 || true
"$bantin" build "${examples[@]}" -o "$out/gray" --grayscale -f pdf >/dev/null 2>&1 || true
"$bantin" build "${examples[@]}" -o "$out/x4" --marks --pdf-variant pdf/x-4 -f pdf >/dev/null 2>&1 || true
"$bantin" build "${examples[@]}" -o "$out/en" --lang en -s large >/dev/null 2>&1 || true
"$bantin" collect "${examples[@]}" -t "Bản tin tháng 4/2024" -o "$out/vol/v.pdf" -o "$out/vol/v.epub" >/dev/null 2>&1 || true
"$bantin" collect "${examples[@]}" -t "Tập" --duplex --no-archival -s x-large -o "$out/vol/d.pdf" -o "$out/vol/d.epub" >/dev/null 2>&1 || true
"$bantin" archive examples -o "$out/arch" -j 2 -s normal -s large >/dev/null 2>&1 || true
(cd "$out" && find . -type f ! -name '.bantin-cache.json' -print0 | sort -z | xargs -0 sha256sum)
