#!/usr/bin/env bash
# A fuzzing campaign over every target in fuzz/: seeds each target's corpus
# from the repository's own files (fixtures, the demo project, the kept
# regressions), then runs each target for SECONDS with cargo-fuzz and
# libFuzzer, and prints one line per target: executions, corpus size and
# whether it found anything (the input is left in fuzz/artifacts/TARGET/).
#
#   bash scripts/fuzz.sh [SECONDS] [TARGET ...]     (default 120 s, all)
#
# cargo-fuzz needs unstable compiler flags: with no nightly toolchain the
# machine's stable one is used with RUSTC_BOOTSTRAP=1. Installs cargo-fuzz
# from crates.io if it is missing. The corpora (fuzz/corpus/) grow from
# run to run and are not committed; a crash's input goes, once fixed, to
# fuzz/regressions/, which tests/fuzz_replay.rs replays on every test run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-120}
shift || true
all=(dataset jsonl doccano label_studio brat conll prodigy article project_ron
  annotation_ron annotation_compact linked)
targets=("${@:-${all[@]}}")

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
toolchain=()
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  toolchain=(+nightly)
else
  export RUSTC_BOOTSTRAP=1
fi

# The readable formats in the registry's order: the first byte of a
# `dataset` or `linked` input picks one of them.
formats=(jsonl doccano label_studio brat conll prodigy acled_csv)

seed() { # TARGET FILE [PREFIX_BYTE]
  local dir=fuzz/corpus/$1
  mkdir -p "$dir"
  local name
  name=$(basename "$2")
  if [[ $# -eq 3 ]]; then
    { printf "\\x$(printf %02x "$3")"; cat "$2"; } >"$dir/$3-$name"
  else
    cp "$2" "$dir/$name"
  fi
}

files_for() { # FORMAT
  case $1 in
    jsonl) ls tests/fixtures/exports/*.jsonl fuzz/regressions/jsonl-* ;;
    doccano) ls tests/fixtures/formats/doccano-*.jsonl ;;
    label_studio) ls tests/fixtures/formats/label-studio-*.json ;;
    conll) ls tests/fixtures/formats/*.conll fuzz/regressions/conll-* ;;
    prodigy) ls tests/fixtures/formats/prodigy-*.jsonl fuzz/regressions/prodigy-* ;;
    acled_csv) ls tests/fixtures/acled/*.csv ;;
    brat) ;;
  esac
}

brat_pairs() { # OUT_DIR: each brat document as its .txt, a NUL, its .ann
  local out=$1 ann
  mkdir -p "$out"
  for ann in tests/fixtures/formats/brat/*.ann tests/fixtures/exports/brat-cases/*.ann; do
    { cat "${ann%.ann}.txt"; printf '\0'; cat "$ann"; } >"$out/$(basename "${ann%.ann}").pair"
  done
}

pairs=$(mktemp -d)
trap 'rm -rf "$pairs"' EXIT
brat_pairs "$pairs"

for target in "${targets[@]}"; do
  case $target in
    dataset | linked)
      for i in "${!formats[@]}"; do
        if [[ ${formats[$i]} == brat ]]; then
          for f in "$pairs"/*.pair; do seed "$target" "$f" "$i"; done
        else
          for f in $(files_for "${formats[$i]}"); do seed "$target" "$f" "$i"; done
        fi
      done
      ;;
    brat) for f in "$pairs"/*.pair; do seed brat "$f"; done ;;
    jsonl | doccano | label_studio | conll | prodigy)
      for f in $(files_for "$target"); do seed "$target" "$f"; done
      ;;
    article)
      for f in tests/fixtures/articles/*.txt tests/fixtures/sample/*.txt; do seed article "$f"; done
      ;;
    project_ron)
      seed project_ron projects/sahel-demo/project.ron
      ;;
    annotation_ron | annotation_compact)
      for f in tests/fixtures/annotations/*.ron tests/fixtures/format-1/annotations.ron; do
        seed "$target" "$f"
      done
      ;;
    *) echo "no such target: $target (targets: ${all[*]})" >&2; exit 2 ;;
  esac
done

cd fuzz
status=0
for target in "${targets[@]}"; do
  log=$(mktemp)
  if cargo "${toolchain[@]}" fuzz run "$target" -O -- \
    -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=4096 -timeout=30 >"$log" 2>&1; then
    found="nothing found"
  else
    found="FOUND: see fuzz/artifacts/$target/"
    status=1
  fi
  runs=$(grep -Eo 'stat::number_of_executed_units: [0-9]+' "$log" | grep -Eo '[0-9]+$' || true)
  [[ -n $runs ]] || runs=$(grep -Eo '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  corpus=$(find "corpus/$target" -type f | wc -l)
  echo "$target: ${runs:-?} executions in ${seconds} s, corpus $corpus, $found"
  [[ $status -eq 0 ]] || tail -30 "$log"
  rm -f "$log"
done
exit $status
