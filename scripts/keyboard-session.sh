#!/usr/bin/env bash
# A note with no suggestions brought to complete gold in the real window,
# without the mouse: under Xvfb, xdotool presses the keys an analyst would
# (listed below, one step a line), then the script checks the annotation
# file and the ACLED export, prints the number of keys pressed, and leaves
# a screenshot in $SHOT (default: target/keyboard-session.png).
#   usage: scripts/keyboard-session.sh path/to/attest
set -euo pipefail
binary=$(realpath "${1:-target/debug/attest}")
root=$(cd "$(dirname "$0")/.." && pwd)
shot=${SHOT:-$root/target/keyboard-session.png}
work=$(mktemp -d)
display=":$((120 + RANDOM % 9))"
cleanup() {
  [[ -n "${app_pid:-}" ]] && kill "$app_pid" 2>/dev/null || true
  [[ -n "${xvfb_pid:-}" ]] && kill "$xvfb_pid" 2>/dev/null || true
  [[ -n "${KEEP:-}" ]] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
# shellcheck source=scripts/xvfb-window.sh
source "$root/scripts/xvfb-window.sh"

# The project: one coded event note, opened with no suggestion at all.
cat >"$work/zibane.txt" <<'NOTE'
On 16 May 2022, presumed IS Sahel militants killed three people including a Nigerien Red Cross employee in the village of Zibane (Tillaberi region). The group claimed responsibility for the attack and for an ambush near Tera.
NOTE
"$binary" new "$work/p" >/dev/null
"$binary" import "$work/p" "$work/zibane.txt" >/dev/null
sed -i 's/suggest_on_open: true/suggest_on_open: false/' "$work/p/project.ron"
grep -q "suggest_on_open: false" "$work/p/project.ron" || { echo "could not turn suggestions off"; exit 1; }

start_xvfb 1024x700x24
"$binary" --annotator ana open "$work/p" >"$work/app.log" 2>&1 &
app_pid=$!
wait_for_window
sleep 1.5
xdotool windowfocus --sync "$window" >/dev/null 2>&1 || true

# The session: "type WORDS" types them, anything else is one key (or chord).
steps=(
  # The event: find "killed", E, its type by typing.
  "key slash" "type killed" "key Return" "key e" "type civilians attack" "key Return"
  # Its roles: find the words, the role's key, Enter takes the role's usual label.
  "key slash" "type IS Sahel" "key Return" "key bracketright" "key g" "key Return"
  "key slash" "type three people" "key Return" "key t" "type civilians" "key Return"
  "key slash" "type Zibane" "key Return" "key l" "key Return"
  "key slash" "type 16 May 2022" "key Return" "key d" "key Return"
  "key slash" "type three" "key Return" "key f" "key Return"
  # The second event, the ambush.
  "key slash" "type ambush" "key Return" "key e" "type armed clash" "key Return"
  # The claim, who it holds responsible, and the two events it is about.
  "key slash" "type claimed resp" "key Return" "key c" "type claimed" "key Return"
  "key slash" "type The group" "key Return" "key r" "key Return"
  "key b" "type killed" "key Return"
  "key b" "type ambush" "key Return"
  # Finished and saved.
  "key ctrl+Return" "key ctrl+s"
)
keys=0
n=0
for step in "${steps[@]}"; do
  case "$step" in
    type\ *)
      words=${step#type }
      xdotool type --delay 80 "$words"
      keys=$((keys + ${#words}))
      ;;
    key\ *)
      xdotool key "${step#key }"
      keys=$((keys + 1))
      ;;
  esac
  sleep "${STEP_PAUSE:-0.35}"
  if [[ -n "${STEP_SHOTS:-}" ]]; then
    mkdir -p "$STEP_SHOTS"
    import -window root "$STEP_SHOTS/$(printf %02d "$n").png" 2>/dev/null || true
  fi
  n=$((n + 1))
done
sleep 1.5
import -window root "$shot" 2>/dev/null || true

file=$(ls "$work"/p/annotations/ana/*.ron | head -n1)
[[ -f "$file" ]] || { echo "nothing was saved"; cat "$work/app.log"; exit 1; }
"$binary" --annotator ana export "$work/p" --format acled-csv --out "$work/acled" >/dev/null
csv=$(cat "$work"/acled/*.csv)
python3 - "$csv" <<'PY'
import csv, io, sys
rows = list(csv.DictReader(io.StringIO(sys.argv[1])))
by_type = {r["event_type"]: r for r in rows}
expected = {
    "Violence against civilians": {"sub_event_type": "Attack", "actor1": "IS Sahel militants",
        "actor2": "Civilians", "location": "Zibane", "event_date": "2022-05-16", "fatalities": "3"},
    "Battles": {"sub_event_type": "Armed clash", "actor1": "The group"},
}
problems = []
for event_type, fields in expected.items():
    row = by_type.get(event_type)
    if row is None:
        problems.append(f"no {event_type} row in {rows}")
        continue
    for field, value in fields.items():
        if row[field] != value:
            problems.append(f"{event_type}: {field} is {row[field]!r}, not {value!r}")
if len(rows) != 2:
    problems.append(f"{len(rows)} rows, not 2")
if problems:
    sys.exit("\n".join(problems))
for row in rows:
    print("  " + ", ".join(f"{k}={row[k]}" for k in ("event_type", "sub_event_type", "actor1", "actor2", "location", "event_date", "fatalities")))
PY
grep -q "f:(" "$file" || { echo "the document was not marked finished"; exit 1; }
grep -q "ev:\[" "$file" || { echo "the claim is about no event"; exit 1; }
echo "keyboard session: a note with no suggestion brought to two gold events and a claim about both, with ${keys} keys and no mouse (${#steps[@]} steps); screenshot $shot"
