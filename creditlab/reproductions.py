"""Long simulation runs behind the image-scoring lab, stored with their provenance.

Some published results need many seeds and thousands of generations, more than a book page
can run in a few seconds. This script runs them once and writes
``data/image_scoring_runs.csv`` (checked by ``data/image_scoring_runs.schema.yml``); the lab
loads the file, shows the stored numbers beside the published ones, runs a small live
reproduction, and re-runs the first generations of one stored seed to check that the file
matches what the code produces today.

Usage (about 3 minutes on one core in December 2026, Fig. 3 in both readings; ``--quick`` for a
smoke run that writes nothing)::

    python -m creditlab.reproductions [--quick]

Each record gives the master seed, the number of seeds (child ``i`` of
``numpy.random.SeedSequence(master_seed)`` is seed ``i``), the generations and the burn-in,
the creditlab version and a hash of ``creditlab/models/image_scoring.py``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from . import __version__
from .models import image_scoring as isc
from .paths import data_dir

__all__ = ["FIG3", "FIG1", "QSWEEP", "CHECK_GENERATIONS", "model_hash", "check_counts", "main"]

#: Nowak & Sigmund (1998), Fig. 3: share of cooperative strategies (k <= 0) with private
#: information (10 observers per act on average), m = 10 n, mutation 0.001.
FIG3 = {"published": {20: 0.90, 50: 0.47, 100: 0.18}, "seeds": 120, "generations": 2500, "burn_in": 500, "master_seed": 1998}
#: Fig. 1: n = 100, m = 125, b = 1, c = 0.1, no mutation; how runs end.
FIG1 = {"seeds": 1000, "generations": 500, "master_seed": 166}
#: A sweep over q with public scores: n = 100, m = 10 n, no mutation.
QSWEEP = {"q": [0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0], "seeds": 100, "generations": 300, "master_seed": 2006}
#: The lab re-runs this many generations of seed 0 and compares strategy counts with the file.
CHECK_GENERATIONS = 30

FIELDS = [
    "id", "experiment", "quantity", "n", "rounds", "q", "observers", "mutation", "published",
    "mean", "sd", "se", "share_a", "share_b", "share_c", "seeds", "master_seed", "generations", "burn_in",
    "check_counts", "creditlab_version", "model_sha256", "code_commit", "generated", "sources", "note",
]


def model_hash() -> str:
    """The first 16 hex digits of the SHA-256 of ``creditlab/models/image_scoring.py``."""
    return hashlib.sha256(Path(isc.__file__).read_bytes()).hexdigest()[:16]


def code_commit() -> str:
    """The git commit of the working tree (with ``+changes`` if the model file differs from it)."""
    try:
        root = Path(isc.__file__).resolve().parents[2]
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", "creditlab/models/image_scoring.py"], cwd=root).returncode != 0
        return head + ("+changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


# Taken once, when the module (and with it the model) is imported: the code that runs.
_PROVENANCE = {"model_sha256": model_hash(), "code_commit": code_commit()}


def check_counts(history: isc.ImageScoringHistory, replicate: int = 0, generation: int = CHECK_GENERATIONS) -> str:
    """The strategy counts of one replicate after ``generation`` generations, as ``"a;b;..."``."""
    return ";".join(str(int(c)) for c in history.counts[replicate, generation])


def fig3_params(n: int, generations: int, recipient_observes: bool = False) -> isc.ImageScoringGame:
    """Fig. 3's set-up at population size ``n``. The paper says each act is seen by about 10
    randomly chosen players; by default only bystanders record it (``recipient_observes=False``),
    the lab's reading. The records IS-FIG3R-N## store the other reading, in which the
    recipient also records every act it receives."""
    return isc.ImageScoringGame(
        n=n, rounds=10 * n, generations=generations, mutation=0.001, information="private",
        observers=10, recipient_observes=recipient_observes,
    )


def fig1_params(generations: int) -> isc.ImageScoringGame:
    """Fig. 1's set-up: n = 100, m = 125, b = 1, c = 0.1, offset 0.1, no mutation."""
    return isc.ImageScoringGame(n=100, rounds=125, generations=generations)


def qsweep_params(generations: int) -> isc.ImageScoringGame:
    return isc.ImageScoringGame(n=100, rounds=1000, generations=generations)


def _common(seeds, master_seed, generations, burn_in=""):
    return {
        "seeds": seeds, "master_seed": master_seed, "generations": generations, "burn_in": burn_in,
        "creditlab_version": __version__, **_PROVENANCE,
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
    }


def run_fig3(quick: bool) -> list[dict]:
    cfg = FIG3
    seeds = 4 if quick else cfg["seeds"]
    gens = 60 if quick else cfg["generations"]
    burn = 10 if quick else cfg["burn_in"]
    rows = []
    readings = [(False, "fig3", "IS-FIG3-N", "Private tallies: only the bystanders who see an act record it."),
                (True, "fig3-recipient", "IS-FIG3R-N", "Private tallies, and the recipient also records every act it receives.")]
    for (observes, experiment, prefix, reading), (n, published) in itertools.product(readings, cfg["published"].items()):
        t0 = time.perf_counter()
        hist = isc.simulate_game(fig3_params(n, gens, observes), replicates=seeds, seed=cfg["master_seed"])
        per_seed = hist.cooperative_share[:, burn + 1 :].mean(axis=1)
        rows.append({
            "id": f"{prefix}{n}", "experiment": experiment,
            "quantity": "share of players with a cooperative strategy (k <= 0), time average after the burn-in, mean over seeds",
            "n": n, "rounds": 10 * n, "q": "", "observers": 10, "mutation": 0.001,
            "published": published,
            "mean": round(float(per_seed.mean()), 4), "sd": round(float(per_seed.std(ddof=1)), 4),
            "se": round(float(per_seed.std(ddof=1) / np.sqrt(seeds)), 4),
            "share_a": round(float((per_seed > 0.5).mean()), 4), "share_b": "", "share_c": "",
            "check_counts": check_counts(hist), **_common(seeds, cfg["master_seed"], gens, burn),
            "sources": "nowak1998image", "note": f"share_a: share of seeds whose time average exceeds 0.5. {reading}",
        })
        print(f"{experiment} n={n}: {per_seed.mean():.3f} (sd {per_seed.std(ddof=1):.3f}, published {published}) in {time.perf_counter() - t0:.0f} s", flush=True)
    return rows


def run_fig1(quick: bool) -> list[dict]:
    cfg = FIG1
    seeds = 20 if quick else cfg["seeds"]
    gens = 50 if quick else cfg["generations"]
    t0 = time.perf_counter()
    hist = isc.simulate_game(fig1_params(gens), replicates=seeds, seed=cfg["master_seed"])
    labels = hist.final_state()
    shares = {lab: float((labels == lab).mean()) for lab in ("k=0 fixed", "k<=0 only", "defectors only", "mixed")}
    print(f"fig1: {shares} in {time.perf_counter() - t0:.0f} s", flush=True)
    return [{
        "id": "IS-FIG1", "experiment": "fig1",
        "quantity": "how runs end: share_a = k = 0 fixed, share_b = only other cooperative strategies (k <= 0) left, share_c = only defective strategies (k >= 1) left; mean = final share of k <= 0",
        "n": 100, "rounds": 125, "q": 1, "observers": "", "mutation": 0, "published": "",
        "mean": round(float(hist.cooperative_share[:, -1].mean()), 4), "sd": round(float(hist.cooperative_share[:, -1].std(ddof=1)), 4),
        "se": "", "share_a": round(shares["k=0 fixed"], 4), "share_b": round(shares["k<=0 only"], 4),
        "share_c": round(shares["defectors only"], 4), "check_counts": check_counts(hist),
        **_common(seeds, cfg["master_seed"], gens), "sources": "nowak1998image",
        "note": f"Paper: one run in which k = 0 took over after 166 generations. Runs still mixed at the end: {shares['mixed']:.4f}.",
    }]


def run_qsweep(quick: bool) -> list[dict]:
    cfg = QSWEEP
    seeds = 3 if quick else cfg["seeds"]
    gens = 40 if quick else cfg["generations"]
    t0 = time.perf_counter()
    qs = cfg["q"]
    hist = isc.simulate_game(qsweep_params(gens), replicates=seeds, q=qs, seed=cfg["master_seed"])
    tail = hist.cooperation[:, gens // 2 :].mean(axis=1).reshape(len(qs), seeds)
    rows = []
    for i, q in enumerate(qs):
        rows.append({
            "id": f"IS-Q{int(round(q * 100)):03d}", "experiment": "qsweep",
            "quantity": "share of encounters in which the donor helped, second half of the run, mean over seeds",
            "n": 100, "rounds": 1000, "q": q, "observers": "", "mutation": 0, "published": "",
            "mean": round(float(tail[i].mean()), 4), "sd": round(float(tail[i].std(ddof=1)), 4),
            "se": round(float(tail[i].std(ddof=1) / np.sqrt(seeds)), 4), "share_a": "", "share_b": "", "share_c": "",
            "check_counts": check_counts(hist, replicate=i * seeds) if i == 0 else "",
            **_common(seeds, cfg["master_seed"], gens), "sources": "nowak1998image;nowak2006five",
            "note": "Public scores; a donor who does not know the score reads 0. Seeds are numbered across the whole sweep (q index times seeds plus replicate).",
        })
    print(f"qsweep: {np.round(tail.mean(axis=1), 3)} in {time.perf_counter() - t0:.0f} s", flush=True)
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short smoke run; writes nothing")
    parser.add_argument("--only", choices=["fig1", "fig3", "qsweep"], action="append")
    args = parser.parse_args(argv)
    steps = args.only or ["fig1", "qsweep", "fig3"]
    target = data_dir() / "image_scoring_runs.csv"
    old = {}
    if target.is_file() and args.only:
        with target.open(newline="", encoding="utf-8") as f:
            old = {row["id"]: row for row in csv.DictReader(f)}
    rows = []
    for step in steps:
        rows += {"fig1": run_fig1, "fig3": run_fig3, "qsweep": run_qsweep}[step](args.quick)
    if args.quick:
        return 0
    merged = {**old, **{r["id"]: r for r in rows}}
    order = sorted(merged, key=lambda k: (not k.startswith("IS-FIG1"), not k.startswith("IS-Q"), k))
    with target.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for key in order:
            writer.writerow({k: merged[key].get(k, "") for k in FIELDS})
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
