#!/usr/bin/env bash
# An archive pre-annotated on a cluster (scripts/cluster_pipeline.py): a
# project taught by finished documents, its models used by `attest suggest
# --jsonl - --out -` on each partition of a dask.bag, on a local Dask
# cluster of two worker processes, and on each partition of a Spark RDD
# (`RDD.pipe`, local[2]); each engine's records must equal one process's
# over the whole corpus. Prints the figures (records/s, peak memory per
# Dask worker).
#
# Everything goes into a throw-away folder (a Python venv included) that
# is deleted afterwards. Needs python3 with venv, a Java runtime (Spark),
# and PyPI (installs the first two on Debian); builds the headless attest
# binary unless ATTEST_BIN names one.
#
# Usage: scripts/check-cluster.sh [RECORDS]
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
# Spark binds to the loopback interface only.
export SPARK_LOCAL_IP=127.0.0.1
records="${1:-4000}"

work=$(mktemp -d "${TMPDIR:-/tmp}/attest-check-cluster.XXXXXX")
trap 'rm -rf "$work"; echo "== done, throw-away folder deleted ($(( SECONDS - started ))s)"' EXIT

if [[ -z "${ATTEST_BIN:-}" ]]; then
  echo "== building the headless attest binary"
  cargo build --locked --quiet --no-default-features
  ATTEST_BIN="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/debug/attest"
fi

bash scripts/install-deps.sh --cluster

echo "== Dask and Spark in a throw-away venv"
python3 -m venv "$work/venv"
PIP_NO_COMPILE=1 "$work/venv/bin/python" -m pip --disable-pip-version-check --quiet \
  install "dask[distributed]" pyspark
"$work/venv/bin/python" -c 'import dask, distributed, pyspark; print("dask", dask.__version__, "distributed", distributed.__version__, "pyspark", pyspark.__version__)'

echo "== $records records: one process, then Dask and Spark with two workers"
"$work/venv/bin/python" scripts/cluster_pipeline.py \
  --attest "$ATTEST_BIN" \
  --teach tests/fixtures/learn \
  --sample tests/fixtures/sample/mali-jnim-attacks.txt \
  --work "$work/run" \
  --records "$records" --partitions 8 --workers 2 --spark
