#!/usr/bin/env bash
# Renders an autodidact report (HTML) to a full-page PNG with headless Chromium, to look at it as a
# person would: tools/render_report.sh REPORT.html [OUT.png] [WIDTH]
set -euo pipefail
html=${1:?usage: tools/render_report.sh REPORT.html [OUT.png] [WIDTH]}
out=${2:-${html%.html}.png}
width=${3:-1200}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "no chromium found (Debian: apt-get install chromium)" >&2; exit 2; }
abs=$(readlink -f "$html")
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# Headless screenshots need a window height: REPORT_HEIGHT (default 9000 px) is tall enough for a full report;
# TrimPng cuts the blank space below the page (and, with REPORT_SLICE=PX, writes slices OUT-1.png ... to look at).
height=${REPORT_HEIGHT:-9000}
"$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$profile" --hide-scrollbars \
  --window-size="$width,$height" --screenshot="$out" "file://$abs" >/dev/null 2>&1
java "$(dirname "$0")/TrimPng.java" "$out" ${REPORT_SLICE:-}
echo "$out"
