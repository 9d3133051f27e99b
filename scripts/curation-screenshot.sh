#!/usr/bin/env bash
# The README's curation screenshot (assets/curation.png): three analysts'
# versions of one note imported as their files, the real window under Xvfb
# opened as the curator, F7, Start, then K (the last place) and 1 (ana's
# version), leaving "12 soldiers" in hand with each analyst's comment.
#   usage: scripts/curation-screenshot.sh path/to/attest [out.png]
set -euo pipefail
binary=$(realpath "${1:-target/debug/attest}")
root=$(cd "$(dirname "$0")/.." && pwd)
shot=${2:-$root/assets/curation.png}
work=$(mktemp -d)
display=":$((130 + RANDOM % 9))"
cleanup() {
  [[ -n "${app_pid:-}" ]] && kill "$app_pid" 2>/dev/null || true
  [[ -n "${xvfb_pid:-}" ]] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# shellcheck source=scripts/xvfb-window.sh
source "$root/scripts/xvfb-window.sh"

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
text = ("On 3 March 2024, suspected JNIM militants attacked an army post in Diallassagou "
        "(Bankass circle, Mopti region), killing 12 soldiers, the army said. Local sources in "
        "Bandiagara reported that the assailants also burned the weekly market. JNIM claimed "
        "the attack in a statement relayed by its media arm, Az-Zallaqa.")
def m(needle, label, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return {"start": start, "end": start + len(needle), "text": needle, "label": label}
common = [m("3 March 2024", "DATE"), m("JNIM", "ARMED_GROUP"), m("Diallassagou", "LOCATION"),
          m("Bankass", "LOCATION"), m("Mopti", "LOCATION"), m("the army", "STATE_FORCE"),
          m("JNIM", "ARMED_GROUP", 1)]
versions = {
    "ana": ([m("12 soldiers", "FATALITIES"), m("Bandiagara", "LOCATION"), m("Az-Zallaqa", "SOURCE")],
            "fatalities as ACLED codes them"),
    "ben": ([m("12 soldiers", "STATE_FORCE"), m("Local sources", "SOURCE"),
             m("Az-Zallaqa", "ORGANIZATION"), m("weekly market", "FACILITY")],
            "victims, not a count: the army's own men"),
    "chloe": ([m("12 soldiers", "FATALITIES"), m("Local sources", "SOURCE"),
               m("Bandiagara", "LOCATION"), m("Az-Zallaqa", "SOURCE")], None),
}
for name, (own, comment) in versions.items():
    mentions = sorted(common + own, key=lambda r: r["start"])
    for i, mention in enumerate(mentions):
        mention["id"] = f"m{i + 1}"
    record = {"text": text, "meta": {"title": "Mali: JNIM attack on Diallassagou army post"},
              "mentions": mentions}
    if comment:
        soldiers = next(x["id"] for x in mentions if x["text"] == "12 soldiers")
        record["notes"] = [{"item": soldiers, "type": "AnnotatorNotes", "text": comment}]
    with open(f"{work}/{name}.jsonl", "w") as f:
        f.write(json.dumps(record) + "\n")
PY
"$binary" new "$work/p" >/dev/null
for name in ana ben chloe; do
  "$binary" import "$work/p" "$work/$name.jsonl" --format jsonl --annotator "$name" >/dev/null
done
sed -i 's/suggest_on_open: true/suggest_on_open: false/' "$work/p/project.ron"

start_xvfb 1400x860x24
"$binary" --annotator lead open "$work/p" >"$work/app.log" 2>&1 &
app_pid=$!
wait_for_window
xdotool windowsize "$window" 1400 860
xdotool windowmove "$window" 0 0
sleep 2
xdotool windowfocus --sync "$window" >/dev/null 2>&1 || true
xdotool key F7
sleep 1
# "Start" in the Curate window, which opens below the article's first lines.
xdotool mousemove 328 486 click 1
sleep 1
for key in k 1; do
  xdotool key "$key"
  sleep 0.5
done
sleep 1
import -window root "$shot"
compgen -G "$work/p/annotations/gold/*.ron" >/dev/null || { echo "no gold file was written"; exit 1; }
echo "curation screenshot: $shot"
