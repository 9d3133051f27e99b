#!/usr/bin/env bash
# Exports test projects in every format, with and without a split, and
# loads each export with the tools that read it (scripts/check_exports.py):
# spaCy, Hugging Face `datasets` (an old 3.x and the current release),
# seqeval, the Label Studio SDK and its converter, and brat's rules for
# annotation.conf. Fails on any error.
#
# Everything goes into a throw-away folder (a Python venv included) that
# is deleted afterwards; only pip's own cache outlives the run. Needs
# python3 with venv and PyPI; builds the headless attest binary unless
# ATTEST_BIN names one.
#
# Usage: scripts/check-exports.sh
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

# The `datasets` releases checked: an early 3.x (Arrow types every field
# strictly) and the current one.
OLD_DATASETS="datasets==3.0.2"
NEW_DATASETS="datasets"

# The venv is about 1 GB in 30,000 files: on a memory file system where
# there is room (/dev/shm), writing and deleting it takes seconds instead
# of minutes on a busy disk.
base="${TMPDIR:-/tmp}"
if [[ -d /dev/shm && -w /dev/shm ]] &&
  (( $(df -Pk /dev/shm | awk 'NR == 2 { print $4 }') > 3 * 1024 * 1024 )); then
  base=/dev/shm
fi
work=$(mktemp -d "$base/attest-check-exports.XXXXXX")
trap 'rm -rf "$work"; echo "== done, throw-away folder deleted ($(( SECONDS - started ))s)"' EXIT

if [[ -z "${ATTEST_BIN:-}" ]]; then
  echo "== building the headless attest binary"
  cargo build --locked --quiet --no-default-features
  ATTEST_BIN="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/debug/attest"
fi
attest() { ATTEST_ANNOTATOR=checker "$ATTEST_BIN" "$@"; }

echo "== Python tools in a throw-away venv"
python3 -m venv "$work/venv"
py="$work/venv/bin/python"
# No byte-compiling of every installed module: Python compiles what it
# imports, a fraction of it.
pip() { PIP_NO_COMPILE=1 "$py" -m pip --disable-pip-version-check --quiet "$@"; }
pip install spacy seqeval label-studio-sdk "$NEW_DATASETS" &
pip_job=$!

echo "== test projects"
# The shipped demo project with every suggestion of the shipped
# suggesters accepted.
cp -r projects/sahel-demo "$work/demo"
rm -rf "$work/demo/annotations"
attest suggest "$work/demo" >/dev/null 2>&1
attest decide "$work/demo" --accept >/dev/null
# English and French articles with emoji and decomposed accents.
attest new "$work/multilingual" >/dev/null
attest import "$work/multilingual" tests/fixtures/exports/*.txt >/dev/null
attest suggest "$work/multilingual" >/dev/null 2>&1
attest decide "$work/multilingual" --accept >/dev/null
# Hand annotations of the same articles, in the jsonl shape earlier versions
# wrote: claims whose source is a mention, the reporter or nobody, nesting.
attest import "$work/multilingual" tests/fixtures/exports/annotated-old-shape.jsonl \
  --format jsonl >/dev/null

# Cases exports once got wrong: a mentions-only project whose documents'
# metadata differ (doccano's sequence-labelling shape; uneven `meta` keys
# across the parts of a split), and brat documents with two events sharing
# a trigger and an empty gold document.
attest new "$work/mentions" >/dev/null
attest import "$work/mentions" tests/fixtures/exports/mentions-uneven-meta.jsonl --format jsonl >/dev/null
attest new "$work/brat-cases" >/dev/null
attest import "$work/brat-cases" tests/fixtures/exports/brat-cases --format brat >/dev/null

echo "== exports"
mkdir -p "$work/exports"
formats=$(attest export --help | sed -n 's/.*Dataset format: //p' | tr -d ',')
[[ -n "$formats" ]] || { echo "no formats in attest export --help" >&2; exit 1; }
exports=0
for project in demo multilingual mentions brat-cases; do
  for format in $formats; do
    attest export "$work/$project" --format "$format" --out "$work/exports/$project-$format-all" 2>/dev/null >/dev/null
    attest export "$work/$project" --format "$format" --out "$work/exports/$project-$format-split" \
      --split 50,25,25 --seed 1 2>/dev/null >/dev/null
    exports=$((exports + 2))
  done
  attest export "$work/$project" --format doccano --without-overlaps \
    --out "$work/exports/$project-doccano-without-overlaps" 2>/dev/null >/dev/null
  exports=$((exports + 1))
done
# A split with an empty part (dev): no file for it, and the others load.
attest export "$work/mentions" --format jsonl --out "$work/exports/mentions-jsonl-empty-dev" \
  --split 50,0,50 --seed 1 2>/dev/null >/dev/null
exports=$((exports + 1))
echo "$exports exports of $(echo "$formats" | wc -w) formats"

# brat in, brat out: the same files, empty ones included, with as many lines
# of each kind (events sharing a trigger stay apart).
for ann in tests/fixtures/exports/brat-cases/*.ann; do
  out="$work/exports/brat-cases-brat-all/all/$(basename "$ann")"
  [[ -f "$out" ]] || { echo "brat export lost $(basename "$ann")" >&2; exit 1; }
  for kind in T E R '[AM]' N '#' '[*]'; do
    if [[ $(grep -c "^$kind" "$ann") != $(grep -c "^$kind" "$out") ]]; then
      echo "brat export of $(basename "$ann") has other $kind lines:" >&2
      cat "$out" >&2
      exit 1
    fi
  done
done

wait "$pip_job"
echo "== checks ($(( SECONDS - started ))s so far)"
status=0
"$py" scripts/check_exports.py "$work/exports" || status=1
echo "== $OLD_DATASETS"
pip install "$OLD_DATASETS"
"$py" scripts/check_exports.py "$work/exports" --only datasets || status=1
if (( status != 0 )); then
  echo "== some exports do not load ($(( SECONDS - started ))s)" >&2
  exit 1
fi
echo "== every export loads ($(( SECONDS - started ))s)"
