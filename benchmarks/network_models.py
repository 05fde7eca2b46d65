"""Speed figures for the Labs II models: `.venv/bin/python benchmarks/network_models.py`.

Measures, on the current machine (median of several repeats):

- the guilt-by-association network (`creditlab.models.network_scoring`) at 10^5 people
  (the issue's target: under 10 s) and 10^6 people: building the network, scoring everyone
  with Lemma 8, dropping ties, and measuring fragmentation (connected components) and
  accuracy; and the vectorised union-find against breadth-first search in plain Python;
- the threshold sweeps (`creditlab.models.thresholds`): the lab's sigma sweep (41 values x
  1,000 random crowds of 100), the fine quantile sweep (1,001 values), the pressure sweep of
  the course version (41 pressures x 100 societies of 1,000), and the vectorised cascade
  against the person-by-person loop.

Prints a Markdown table and writes it to _build/benchmarks/network_models.md (ignored by git:
the figures belong to the machine that ran them). Pass --quick for one repeat.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from creditlab.models import network_scoring as ns  # noqa: E402
from creditlab.models import thresholds as th  # noqa: E402


def timed(fn, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def network_pipeline(n: int, seed: int = 1):
    params = ns.NetworkParams(n=n)
    net = ns.generate(params, seed=seed)
    n_low, n_high = ns.signal_counts(net)
    ns.posterior_high(net.signal, n_low, n_high)
    pruned = ns.drop_ties(net, 0.5, 0.5, seed=seed)
    frag = ns.fragmentation(pruned)
    acc = ns.accuracy(pruned, drop_high=0.5, drop_low=0.5)
    return net.n_ties, frag, acc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repeat instead of five")
    args = parser.parse_args()
    reps = 1 if args.quick else 5
    rows: list[tuple[str, float, str]] = []

    for n in (100_000, 1_000_000):
        t, (ties, frag, _) = timed(lambda n=n: network_pipeline(n), reps if n <= 100_000 else max(1, reps // 2))
        rows.append((f"network: build, score, drop ties, components, accuracy ({n:,} people, {ties:,} ties)", t,
                     "< 10 s" if n == 100_000 else ""))

    net = ns.generate(ns.NetworkParams(n=100_000), seed=3)
    t_vec, labels = timed(lambda: ns.connected_components(net.n, net.u, net.v), reps)
    t_bfs, want = timed(lambda: ns.components_by_search(net.n, net.u, net.v), 1)
    assert np.array_equal(labels, np.asarray(want))
    rows.append(("connected components, vectorised union-find (100,000 people)", t_vec, ""))
    rows.append((f"connected components, plain-Python BFS (same network; {t_bfs / t_vec:.0f}x slower)", t_bfs, ""))

    sigmas = np.round(np.arange(8, 18.001, 0.25), 2)
    t, _ = timed(lambda: th.sigma_sweep(sigmas, replicates=1000, seed=1978), reps)
    rows.append(("threshold sweep: 41 sigmas x 1,000 random crowds of 100 (lab)", t, "< 1 s"))
    fine = np.round(np.arange(8, 18.001, 0.01), 2)
    t, _ = timed(lambda: th.sigma_sweep(fine, discretisation="quantile"), reps)
    rows.append(("threshold sweep: 1,001 sigmas, quantile crowd of 100 (lab)", t, "< 1 s"))
    soc = th.Society()
    pressures = np.round(np.arange(0, 20.001, 0.5), 1)
    t, _ = timed(lambda: th.public_opposition(soc, pressures=pressures, replicates=100, seed=1991), reps)
    rows.append(("preference falsification: 41 pressures x 100 societies of 1,000 (lab)", t, "< 1 s"))

    crowds = th.normal_thresholds([12.0], replicates=1000, seed=5)[0]
    t_vec, sizes = timed(lambda: th.cascade_size(crowds), reps)
    t_loop, loop_sizes = timed(lambda: [th.cascade_loop(c) for c in crowds], 1)
    assert list(sizes) == loop_sizes
    rows.append(("cascades, vectorised: 1,000 crowds of 100", t_vec, ""))
    rows.append((f"cascades, person-by-person loop: same crowds ({t_loop / t_vec:.0f}x slower)", t_loop, ""))

    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        "# Labs II model benchmarks",
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d} on {machine} (load average {load:.1f}), "
        f"median of {reps} repeat(s), with `benchmarks/network_models.py`.",
        "",
        "| measure | seconds | target |",
        "| --- | ---: | --- |",
    ]
    lines += [f"| {label} | {sec:.3f} | {target} |" for label, sec, target in rows]
    text = "\n".join(lines) + "\n"
    out = ROOT / "_build" / "benchmarks" / "network_models.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
