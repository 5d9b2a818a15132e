#!/usr/bin/env bash
# Screenshots the HTML silo report with headless Chromium, so its glossary, trend chart and heat map
# legend can be looked at. Usage: scripts/screenshot-report.sh [report.html] [out.png]
# Without a report, generates one with `weaver demo` (300 people) in a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
html="${1:-}"
out="${2:-report-screenshot.png}"
if [ -z "$html" ]; then
  dir="$(mktemp -d)"
  node bin/weaver.cjs demo --out "$dir" --people 300 >/dev/null
  html="$dir/report.html"
fi
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
[ -n "$browser" ] || { echo "no chromium on PATH (Debian: apt-get install chromium)" >&2; exit 1; }
profile="$(mktemp -d)"
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$profile" --screenshot="$(realpath -m "$out")" \
  --window-size=1280,"${HEIGHT:-4000}" "file://$(realpath "$html")" 2>/dev/null
rm -rf "$profile"
echo "Wrote $out (from $html)"
