"""Pre-annotates a corpus on a Dask cluster with `attest suggest --jsonl - --out -`
and checks the result against one process over the whole corpus.

Each partition of a `dask.bag` (one JSONL file per partition) is piped
through its own `attest` process on a worker: the binary and the project's
`models/` are all a worker needs. The cluster's records must equal the
single process's, record for record, in the same order (partitions are
concatenated in their order; each keeps the order of its lines).

Prints one JSON object of figures (records/s for one process and for the
cluster, the peak resident memory of each worker's `attest` processes) and
exits non-zero when the outputs differ.

The project is made first, as a team would make it: the articles of
`--teach` are suggested by the rules, every suggestion accepted except the
wrong ones over an actor the rules miss ("Dozo hunters"), which is marked
instead; the result imported as finished gold, and `attest train` run. The
corpus is those articles and `--sample`, numbered so that every text
differs.

Usage: cluster_pipeline.py --attest BIN --teach DIR --sample FILE --work DIR
                           [--records N] [--partitions N] [--workers N]
"""

import argparse
import json
import os
import resource
import shlex
import subprocess
import sys
import time


def pipe_partition(lines, attest, project):
    """Runs one partition's lines through `attest`; its output lines and the
    peak resident memory (KiB) of the largest `attest` the worker ran."""
    data = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    done = subprocess.run(
        [attest, "suggest", "--jsonl", "-", "--out", "-", "--project", project],
        input=data.encode(),
        capture_output=True,
        check=False,
        # One core per worker: the worker's thread is its share of the machine.
        env={**os.environ, "ATTEST_ANNOTATOR": "cluster", "RAYON_NUM_THREADS": "1"},
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"attest exited with {done.returncode}: {done.stderr.decode(errors='replace')}"
        )
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = done.stdout.decode().splitlines()
    return [("record", line) for line in out] + [("peak", (os.getpid(), peak))]


MISSED_ACTOR = "Dozo hunters"


def run(attest, *args, stdin=None):
    done = subprocess.run(
        [attest, *args],
        input=stdin,
        capture_output=True,
        check=False,
        env={**os.environ, "ATTEST_ANNOTATOR": "cluster"},
    )
    if done.returncode != 0:
        sys.exit(
            f"attest {' '.join(args)} exited with {done.returncode}: "
            f"{done.stderr.decode(errors='replace')}"
        )
    return done.stdout.decode()


def taught_project(attest, articles, project):
    """A project trained on `articles` as an analyst would have finished them."""
    records = "".join(json.dumps({"text": text}) + "\n" for text in articles)
    suggested = run(attest, "suggest", "--jsonl", "-", "--out", "-", stdin=records.encode())
    gold = []
    for line in suggested.splitlines():
        record = json.loads(line)
        text = record["text"]
        # Offsets are code points: Python's str indices.
        actor = [
            (i, i + len(MISSED_ACTOR))
            for i in range(len(text))
            if text.startswith(MISSED_ACTOR, i)
        ]
        kept = []
        for m in record["mentions"]:
            if any(m["start"] < end and start < m["end"] for start, end in actor):
                continue
            m["status"] = "accepted"
            m.pop("suggester", None)
            m.pop("score", None)
            kept.append(m)
        for n, (start, end) in enumerate(actor):
            kept.append(
                {"id": f"actor{n}", "start": start, "end": end, "text": MISSED_ACTOR,
                 "label": "ARMED_GROUP", "status": "accepted"}
            )
        record["mentions"] = kept
        kept_ids = {m["id"] for m in kept}
        for item in record["events"] + record["claims"]:
            item["status"] = "accepted"
            item.pop("suggester", None)
            item.pop("score", None)
        for e in record["events"]:
            e["roles"] = {r: [i for i in ids if i in kept_ids] for r, ids in e["roles"].items()}
        for c in record["claims"]:
            c["responsible"] = [i for i in c["responsible"] if i in kept_ids]
            if (c.get("source") or {}).get("mention") not in kept_ids | {None}:
                c["source"]["mention"] = None
        record.pop("model_version", None)
        gold.append(json.dumps(record))
    gold_path = project + "-gold.jsonl"
    with open(gold_path, "w", encoding="utf-8") as f:
        f.write("\n".join(gold) + "\n")
    run(attest, "new", project)
    run(attest, "import", project, "--format", "jsonl", gold_path)
    print(run(attest, "train", project).strip().splitlines()[0])


def run_spark(lines, attest, project, args):
    """The corpus through `RDD.pipe` on a local Spark of `args.workers`
    cores, `args.partitions` slices: its records in order, and seconds."""
    from pyspark import SparkConf, SparkContext

    conf = (
        SparkConf()
        .setMaster(f"local[{args.workers}]")
        .setAppName("attest-pipeline")
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
    )
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    try:
        rdd = sc.parallelize(lines, numSlices=args.partitions)
        started = time.monotonic()
        out = rdd.pipe(
            shlex.join([attest, "suggest", "--jsonl", "-", "--out", "-", "--project", project]),
            env={"ATTEST_ANNOTATOR": "cluster", "RAYON_NUM_THREADS": "1"},
            checkCode=True,
        ).collect()
        return out, time.monotonic() - started
    finally:
        sc.stop()


def check_equal(engine, clustered, single):
    """Exits non-zero unless `clustered` equals `single`, record for record."""
    if len(clustered) != len(single):
        sys.exit(f"{engine} wrote {len(clustered)} records, one process {len(single)}")
    differing = [i for i, (a, b) in enumerate(zip(single, clustered)) if a != b]
    if differing:
        i = differing[0]
        sys.exit(
            f"{engine}: {len(differing)} record(s) differ; the first, line {i + 1}:\n"
            f"one process: {single[i][:300]}\n{engine}: {clustered[i][:300]}"
        )
    print(f"{engine}: {len(clustered)} records equal one process's, in order")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--attest", required=True)
    parser.add_argument("--teach", required=True)
    parser.add_argument("--sample", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--records", type=int, default=4000)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--spark",
        action="store_true",
        help="also run the partitions through Spark's RDD.pipe on local[WORKERS]",
    )
    args = parser.parse_args()
    attest = os.path.abspath(args.attest)
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)

    articles = []
    for name in sorted(os.listdir(args.teach)):
        with open(os.path.join(args.teach, name), encoding="utf-8") as f:
            articles.append(f.read())
    project = os.path.join(work, "team")
    taught_project(attest, articles, project)

    with open(args.sample, encoding="utf-8") as f:
        texts = articles + [f.read()]
    corpus = os.path.join(work, "corpus.jsonl")
    lines = [
        json.dumps({"text": f"{texts[i % len(texts)]}\nReport number {i}.", "meta": {"title": f"Report {i}"}})
        for i in range(args.records)
    ]
    with open(corpus, "w", encoding="utf-8") as f:
        f.writelines(line + "\n" for line in lines)
    records = len(lines)

    # The partitions: consecutive slices of the corpus, one file each.
    size = -(-records // args.partitions)
    parts = []
    for i in range(args.partitions):
        path = os.path.join(work, f"part-{i:04d}.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(line + "\n" for line in lines[i * size : (i + 1) * size])
        parts.append(path)

    # One process over the whole corpus.
    single_out = os.path.join(work, "single.jsonl")
    started = time.monotonic()
    subprocess.run(
        [attest, "suggest", "--jsonl", corpus, "--out", single_out, "--project", project],
        check=True,
        env={**os.environ, "ATTEST_ANNOTATOR": "cluster"},
        stderr=subprocess.DEVNULL,
    )
    single_seconds = time.monotonic() - started
    with open(single_out, encoding="utf-8") as f:
        single = f.read().splitlines()

    # The cluster: processes, not threads, one thread each.
    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    with LocalCluster(
        n_workers=args.workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
    ) as cluster, Client(cluster) as client:
        client.wait_for_workers(args.workers)
        bag = db.read_text(parts, blocksize=None)
        assert bag.npartitions == len(parts), bag.npartitions
        started = time.monotonic()
        results = bag.map_partitions(pipe_partition, attest, project).compute()
        cluster_seconds = time.monotonic() - started
        workers_used = len(client.scheduler_info()["workers"])

    clustered = [value for kind, value in results if kind == "record"]
    peaks = {}
    for kind, value in results:
        if kind == "peak":
            pid, peak = value
            peaks[pid] = max(peaks.get(pid, 0), peak)

    figures = {
        "records": records,
        "partitions": len(parts),
        "workers": workers_used,
        "single_process_seconds": round(single_seconds, 2),
        "single_process_records_per_second": round(records / single_seconds),
        "cluster_seconds": round(cluster_seconds, 2),
        "cluster_records_per_second": round(records / cluster_seconds),
        "peak_mib_per_worker": sorted(round(p / 1024, 1) for p in peaks.values()),
    }
    if args.spark:
        spark_records, spark_seconds = run_spark(lines, attest, project, args)
        figures["spark_seconds"] = round(spark_seconds, 2)
        figures["spark_records_per_second"] = round(records / spark_seconds)
    print(json.dumps(figures, indent=2))

    check_equal("Dask", clustered, single)
    if args.spark:
        check_equal("Spark", spark_records, single)
    learned = sum('"suggester":"learned:' in line for line in single)
    if learned == 0:
        sys.exit("no record holds a learned suggestion: the project's models were not used")
    versions = {json.loads(line)["model_version"] for line in single}
    if len(versions) != 1:
        sys.exit(f"records name {len(versions)} model versions: {sorted(versions)}")
    print(f"{learned} records hold learned suggestions; model version {versions.pop()}")


if __name__ == "__main__":
    main()
