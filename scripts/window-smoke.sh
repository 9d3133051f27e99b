#!/usr/bin/env bash
# The real window under Xvfb: opens a copy of the demo project, waits until
# the article's suggestions are saved, presses `a` (accept) with xdotool and
# checks that the annotator's file changes within 3 seconds. Leaves a
# screenshot in $SHOT (default: target/window-smoke.png).
#   usage: scripts/window-smoke.sh path/to/attest
set -euo pipefail
binary=$(realpath "${1:-target/debug/attest}")
root=$(cd "$(dirname "$0")/.." && pwd)
shot=${SHOT:-$root/target/window-smoke.png}
work=$(mktemp -d)
display=":$((90 + RANDOM % 9))"
cleanup() {
  [[ -n "${app_pid:-}" ]] && kill "$app_pid" 2>/dev/null || true
  [[ -n "${xvfb_pid:-}" ]] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# shellcheck source=scripts/xvfb-window.sh
source "$root/scripts/xvfb-window.sh"

cp -r "$root/projects/sahel-demo" "$work/demo"
rm -f "$work/demo/.attest.lock"
rm -rf "$work/demo/annotations/smoke"
start_xvfb 1600x1000x24
cd "$work"
"$binary" --annotator smoke open "$work/demo" >"$work/app.log" 2>&1 &
app_pid=$!

wait_for_window

file=$(ls "$work"/demo/documents/*.txt | head -n1)
file="$work/demo/annotations/smoke/$(basename "${file%.txt}").ron"
for _ in $(seq 100); do [[ -f "$file" ]] && break; sleep 0.1; done
[[ -f "$file" ]] || { echo "the suggestions were never saved to $file"; cat "$work/app.log"; exit 1; }
before=$(sha256sum "$file")
grep -qE "s:A[,)]|Accepted" "$file" && { echo "nothing should be accepted yet"; exit 1; }

# Focus the window and press a real key. Xvfb without a window manager
# sometimes drops the first focus change, so up to three attempts are made;
# each must change the file within 3 seconds.
changed=""
for attempt in 1 2 3; do
  xdotool windowactivate --sync "$window" >/dev/null 2>&1 || xdotool windowfocus "$window" >/dev/null 2>&1 || true
  xdotool key --window "$window" a >/dev/null 2>&1
  for _ in $(seq 30); do
    sleep 0.1
    if [[ "$(sha256sum "$file")" != "$before" ]]; then changed=$attempt; break; fi
  done
  [[ -n "$changed" ]] && break
done
import -window root "$shot" 2>/dev/null || true
[[ -n "$changed" ]] || { echo "the annotation file did not change within 3 s of pressing a"; cat "$work/app.log"; exit 1; }
grep -qE "s:A[,)]|Accepted" "$file" || { echo "the file changed but holds no accepted item"; exit 1; }
echo "window smoke test: pressing a in the real window accepted a suggestion and saved it within 3 s (attempt $changed; $(basename "$file"))"
