"""The image-scoring benchmark script keeps working: its timers run on tiny set-ups (public
scores, and both kinds of private draws) and its results page renders, Mesa rows and all.
The measurements themselves are the script's job (``benchmarks/image_scoring.py``)."""

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from creditlab.models import image_scoring as isc

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_image_scoring", ROOT / "benchmarks" / "image_scoring.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("info, observers", [("public", 10.0), ("private", 10.0), ("private", 2.0)])
def test_timers_run_on_a_small_set_up(bench, info, observers):
    params = isc.ImageScoringGame(n=12, rounds=120, generations=1, information=info, observers=observers, mutation=0.001)
    assert isc._dense_sightings(params) == (info == "private" and observers == 10.0)
    for value in bench.time_vectorised(params, 6, repeats=1, extra=1) + bench.time_loop(params, 6) + bench.time_floor(params, 6, repeats=1):
        assert np.isfinite(value) and value >= 0


def test_results_page_renders_every_column(bench, tmp_path):
    row = {"workload": "public scores, populations of 12", "agents": 72, "populations": 6, "n": 12,
           "vectorised_s": 0.001, "vectorised_cpu_s": 0.001, "includes_setup": False, "loop_s": 0.01, "loop_cpu_s": 0.01,
           "steps_cpu_s": 0.0005, "draws_cpu_s": 0.0001, "mesa_s": 0.1, "mesa_cpu_s": 0.1, "mesa_setup_s": 0.01,
           "mesa_version": "3.3.1", "mesa_ratios": [90.0, 100.0, 110.0], "paired_ratios": [95.0, 100.0, 120.0]}
    big = {"workload": "public scores, populations of 100", "agents": 10**6, "populations": 10**4, "n": 100,
           "vectorised_s": 1.0, "vectorised_cpu_s": 1.0, "includes_setup": True}
    result = {"date": "2026-12-07", "machine": "test", "rows": [row, big]}
    json.dumps(result)  # what the script stores
    out = tmp_path / "results.md"
    bench.render(result, out)
    text = out.read_text()
    assert "| public scores, populations of 12 | 72 | 0.0010 | 0.010 | 0.100 | 10.0x | 100x | 100x (95-120x) | 100x (90-110x) | 0.0010 |" in text
    assert "| 1,000,000 | 1.0000 * | not run | not run |" in text
    assert "Mesa / (steps + draws)" in text and "| 167x |" in text
