"""Benchmark of the recruitment screening: a synthetic feed screened and clustered into networks.

    .venv/bin/python bench/bench_ads.py                 # 1,000,000 ads (the target)
    .venv/bin/python bench/bench_ads.py --n 100000      # a quicker run

Prints every figure: time to simulate (not counted), to read, screen and cluster the
feed (counted: target <= 10 minutes for a million ads on 2 cores), the adjusted Rand
index against the planted networks (target >= 0.95; benign ads count as singletons,
each decoy agency as one group), the precision and recall of every red flag against
the planted flags, how decoys (licensed agencies posting near-identical ads) fare,
rensa against datasketch on the same shingles, and peak memory. Timings taken while
other jobs run are noisy: the load average is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from palermo.recruitment import AgencyRegistry, FeedSpec, read_feed  # noqa: E402
from palermo.recruitment.bulk import networks_of, screen_frame, write_networks  # noqa: E402
from palermo.recruitment.catalogue import flag_catalogue  # noqa: E402
from palermo.simulate.ads import AdsSpec, AdsSummary, write_ads  # noqa: E402


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def compare_minhash(texts: list[str]) -> None:
    try:
        import datasketch
    except ImportError:
        print("MinHash comparison skipped: datasketch is not installed (rensa was chosen)")
        return
    from rensa import RMinHash

    from palermo.recruitment.templates import NetworkSpec, shingle_hashes

    spec = NetworkSpec(num_perm=128, bands=16)
    flat, offsets = shingle_hashes(texts, spec)
    t = time.perf_counter()
    RMinHash.digest_matrix_from_flat_token_hashes(flat, offsets, 128, 1)
    rensa_rate = len(texts) / (time.perf_counter() - t)
    sets = [
        [int(h).to_bytes(8, "little") for h in flat[int(a) : int(b)]]
        for a, b in zip(offsets[:-1], offsets[1:], strict=True)
    ]
    t = time.perf_counter()
    list(datasketch.MinHash.bulk(sets, num_perm=128))
    ds_rate = len(texts) / (time.perf_counter() - t)
    print(
        f"MinHash, 128 permutations, {len(texts):,} ads: rensa {rensa_rate:,.0f} ads/s, "
        f"datasketch {ds_rate:,.0f} ads/s ({rensa_rate / ds_rate:.0f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dir", type=Path, default=None, help="keep the feed and outputs here")
    args = parser.parse_args()
    from sklearn.metrics import adjusted_rand_score

    work = args.dir or Path(tempfile.mkdtemp(prefix="bench_ads_"))
    print(
        f"== recruitment benchmark: {args.n:,} synthetic ads, seed {args.seed}, {args.workers} "
        f"workers; {load()}"
    )
    t = time.perf_counter()
    spec = AdsSpec(n=args.n, seed=args.seed)
    meta = work / "feed" / "ads.json"
    if meta.is_file() and json.loads(meta.read_text())["spec"] == spec.to_dict():
        saved = json.loads(meta.read_text())
        saved.pop("spec")
        summary = AdsSummary(**saved, files=())
        print("simulate: the feed of an earlier run with the same spec is reused")
    else:
        summary = write_ads(spec, work / "feed")
    print(
        f"simulate (not counted): {time.perf_counter() - t:.1f} s; {summary.kinds}; "
        f"{summary.networks} networks, {summary.decoys} decoys"
    )

    start = time.perf_counter()
    cpu_start = cpu_seconds()
    frame = read_feed(work / "feed" / "ads.parquet")
    registry = AgencyRegistry.from_records(
        pl.read_csv(work / "feed" / "agencies.csv", infer_schema_length=0).to_dicts()
    )
    t_read = time.perf_counter() - start
    t = time.perf_counter()
    screened = screen_frame(frame, spec=FeedSpec(workers=args.workers), registry=registry)
    t_screen = time.perf_counter() - t
    t = time.perf_counter()
    nets = networks_of(screened, frame)
    t_net = time.perf_counter() - t
    t = time.perf_counter()
    write_networks(nets, work / "out", pictures=3)
    t_write = time.perf_counter() - t
    total = time.perf_counter() - start
    cpu = cpu_seconds() - cpu_start
    print(
        f"read {t_read:.1f} s; screen + MinHash {t_screen:.1f} s ({args.n / t_screen:,.0f} "
        f"ads/s); networks {t_net:.1f} s; write {t_write:.1f} s"
    )
    workers = max(args.workers, 1)
    print(f"steps of the screening, seconds summed over the {workers} worker process(es):")
    for step, seconds in screened.timings:
        print(f"  {step:38s} {seconds:8.1f} s (~{seconds / workers:.1f} s of wall time)")
    print("steps of the network search (one process):")
    for step, seconds in nets.timings:
        print(f"  {step:38s} {seconds:8.1f} s")
    print(
        f"TOTAL read + screen + cluster + write: {total:.1f} s = {total / 60:.2f} min (target "
        f"<= 10 min); {load()}"
    )
    print(
        f"CPU time of that work (this process and its workers): {cpu:.1f} s, i.e. "
        f"{cpu / 2 / 60:.2f} min of wall time if both cores were ours alone"
    )

    truth = pl.read_csv(work / "feed" / "truth.csv", infer_schema_length=0).fill_null("")
    assert truth["ad_id"].to_list() == list(screened.ad_ids)
    found = dict(nets.assignments())
    y_true = [g or f"solo:{a}" for a, g in zip(truth["ad_id"], truth["network_id"], strict=True)]
    y_pred = [found.get(a, f"solo:{a}") for a in truth["ad_id"]]
    kinds = truth["kind"].to_list()
    print(f"ARI, all ads: {adjusted_rand_score(y_true, y_pred):.4f} (target >= 0.95)")
    for kind in ("network", "decoy"):
        rows = [i for i, k in enumerate(kinds) if k == kind]
        print(
            f"ARI, {kind} ads only: "
            f"{adjusted_rand_score([y_true[i] for i in rows], [y_pred[i] for i in rows]):.4f}"
        )
    benign_tied = sum(
        1 for k, p in zip(kinds, y_pred, strict=True) if k == "benign" and not p.startswith("solo")
    )
    print(
        f"benign ads put in a network: {benign_tied:,} of {kinds.count('benign'):,}; networks "
        f"found {len(nets.networks):,} (planted {summary.networks + summary.decoys:,} incl. decoys)"
    )

    planted = [set(filter(None, p.split(";"))) for p in truth["planted_flags"]]
    detected = [set(c) for c in screened.codes()]
    print("flag                          planted  detected  precision  recall")
    for code in flag_catalogue().flags:
        tp = sum(1 for p, d in zip(planted, detected, strict=True) if code in p and code in d)
        n_p = sum(code in p for p in planted)
        n_d = sum(code in d for d in detected)
        prec = f"{tp / n_d:.4f}" if n_d else "-"
        rec = f"{tp / n_p:.4f}" if n_p else "-"
        print(f"{code:28s} {n_p:9,d} {n_d:9,d} {prec:>10s} {rec:>7s}")
    print(
        "(contract_language needs the worker's languages, which a feed does not give: not measured)"
    )

    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for k, r in zip(kinds, screened.risks, strict=True):
        by_kind[k][r] += 1
    for k in ("benign", "network", "decoy"):
        c = by_kind[k]
        n = sum(c.values()) or 1
        print(
            f"risk of {k} ads: "
            + ", ".join(f"{lvl} {c[lvl] / n:.1%}" for lvl in ("no_flags_found", "caution", "high"))
        )
    kind_of = dict(zip(truth["ad_id"].to_list(), kinds, strict=True))
    decoy_nets = [
        net
        for net in nets.networks
        if Counter(kind_of[a] for a in net.ad_ids).most_common(1)[0][0] == "decoy"
    ]
    high_share = [dict(net.risks).get("high", 0) / net.size for net in decoy_nets]
    print(
        f"decoy agencies found as networks: {len(decoy_nets):,} of {summary.decoys:,}; their "
        f"ads screened high: mean {sum(high_share) / max(len(high_share), 1):.1%}, networks "
        f"with a majority of high ads: {sum(s > 0.5 for s in high_share)}"
    )
    net_nets = [net for net in nets.networks if net not in decoy_nets]
    print(
        "planted-network networks with a majority of high ads: "
        f"{sum(dict(n.risks).get('high', 0) > n.size / 2 for n in net_nets):,} of {len(net_nets):,}"
    )
    print(f"peak memory (largest process): {peak_mb():,.0f} MB")
    compare_minhash(frame["text"].head(5000).to_list())


if __name__ == "__main__":
    main()
