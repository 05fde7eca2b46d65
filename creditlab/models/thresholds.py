r"""Silence and sudden change: threshold cascades and preference falsification.

References
----------
- Granovetter, M. (1978). Threshold models of collective behavior. *American Journal of
  Sociology* 83(6), 1420-1443. doi:10.1086/226707 (``granovetter1978threshold``).
- Kuran, T. (1991). Now out of never: the element of surprise in the East European
  revolution of 1989. *World Politics* 44(1), 7-48 (``kuran1991now``).

Granovetter's model: each of :math:`N` people has a *threshold* :math:`T_i`, the number of
others who must already be taking part before they join. Starting from nobody, the number
taking part follows the map :math:`r_{t+1} = F(r_t) = \#\{i : T_i \le r_t\}` (the empirical
CDF of the thresholds) until it stops at the least fixed point :math:`r^* = F(r^*)`.
Granovetter's two published results that the lab reproduces (both as reported by secondary
summaries of the paper, which agree with each other; the paper's own text was not consulted):

1. Thresholds :math:`0, 1, \dots, 99` (``N = 100``): everyone joins. Move the person with
   threshold 1 to threshold 2 and only the instigator (threshold 0) joins: 100 becomes 1.
2. Thresholds normally distributed with mean 25 in a crowd of 100: the equilibrium jumps
   from a handful of people to nearly everyone as the standard deviation rises past about
   12.

Kuran's argument, in the same form: people who privately oppose a regime say so in public
only when enough others already do, so public opposition can stay near zero while private
opposition is widespread (preference falsification), then grow explosively after a small
change. The "course version" in :class:`Society` adds one assumption of ours (not in Kuran
1991): surveillance and rewards for reporting raise every private opponent's threshold by
the same ``pressure``.

Tie rule used throughout: a person joins when the number already taking part is **at least**
their threshold (:math:`T_i \le r`), so a real-valued threshold acts as its ceiling, and a
threshold below zero acts as zero. All runs are vectorised over any leading axes (values of
sigma, seeds): the map is iterated on a table of the empirical CDF, one lookup per run and
round, at most ``N + 1`` rounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from .._validate import check_int, check_probability, check_real, check_real_array, check_seed

__all__ = [
    "cascade_size",
    "cascade_size_sorted",
    "cascade_path",
    "cascade_loop",
    "granovetter_uniform",
    "granovetter_perturbed",
    "normal_thresholds",
    "sigma_sweep",
    "mean_field_switch_on",
    "deterrence",
    "Society",
    "public_opposition",
    "survey_approval",
    "approval_map",
]


def _as_thresholds(thresholds) -> np.ndarray:
    arr = np.asarray(thresholds)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.number):
        raise TypeError(f"thresholds must be numbers (got an array of {arr.dtype})")
    arr = arr.astype(float)
    if arr.ndim == 0 or arr.shape[-1] == 0:
        raise ValueError("thresholds must hold at least one person's threshold (the last axis lists people)")
    if np.any(np.isnan(arr)):
        raise ValueError("thresholds must not contain NaN (use numpy.inf for someone who never joins)")
    return arr


def _cdf_table(thresholds: np.ndarray) -> tuple[np.ndarray, int]:
    """Rows of the empirical CDF: ``table[s, r] = #{i : T_si <= r}`` for ``r = 0..N``."""
    n = thresholds.shape[-1]
    flat = thresholds.reshape(-1, n)
    S = flat.shape[0]
    # T <= r for whole r  <=>  ceil(T) <= r; anything above N - 1 can never be met.
    level = np.clip(np.ceil(flat), 0, n).astype(np.int64)
    idx = (np.arange(S)[:, None] * (n + 1) + level).ravel()
    table = np.bincount(idx, minlength=S * (n + 1)).reshape(S, n + 1).cumsum(axis=1)
    return table, n


def cascade_size(thresholds):
    """The equilibrium number taking part, for every population in ``thresholds`` at once.

    ``thresholds`` has shape ``(..., N)``; the last axis lists the people of one population.
    Returns an integer array of shape ``(...)`` (a Python int for a single population).
    The map :math:`r \\mapsto F(r)` is iterated exactly from :math:`r = 0`.
    """
    arr = _as_thresholds(thresholds)
    table, n = _cdf_table(arr)
    rows = np.arange(table.shape[0])
    r = np.zeros(table.shape[0], dtype=np.int64)
    for _ in range(n + 1):  # F is monotone and bounded by N: at most N + 1 rounds
        nxt = table[rows, r]
        if np.array_equal(nxt, r):
            break
        r = nxt
    out = r.reshape(arr.shape[:-1])
    return int(out) if out.ndim == 0 else out


def cascade_size_sorted(thresholds):
    """The same equilibrium from the sorted thresholds, without iterating (a cross-check).

    The least fixed point is the smallest ``k`` whose ``(k+1)``-th smallest threshold
    exceeds ``k`` (or ``N`` if there is none).
    """
    arr = _as_thresholds(thresholds)
    n = arr.shape[-1]
    level = np.sort(np.clip(np.ceil(arr), 0, n), axis=-1)
    stops = level > np.arange(n)
    out = np.where(stops.any(axis=-1), stops.argmax(axis=-1), n)
    return int(out) if out.ndim == 0 else out


def cascade_path(thresholds) -> np.ndarray:
    """The number taking part after each round, for one population (for plots and teaching)."""
    arr = _as_thresholds(thresholds)
    if arr.ndim != 1:
        raise ValueError(f"cascade_path follows one population: thresholds must be a 1-d list (got shape {arr.shape})")
    table, n = _cdf_table(arr)
    path = [0]
    for _ in range(n + 1):
        nxt = int(table[0, path[-1]])
        if nxt == path[-1]:
            break
        path.append(nxt)
    return np.asarray(path)


def cascade_loop(thresholds) -> int:
    """One population, person by person, round by round: the plain-Python version.

    For teaching and for the benchmark only; :func:`cascade_size` gives the same answer
    for thousands of populations at once.
    """
    arr = _as_thresholds(thresholds)
    if arr.ndim != 1:
        raise ValueError(f"cascade_loop follows one population: thresholds must be a 1-d list (got shape {arr.shape})")
    joined = [False] * arr.size
    count = 0
    while True:
        new = [i for i, t in enumerate(arr.tolist()) if not joined[i] and t <= count]
        if not new:
            return count
        for i in new:
            joined[i] = True
        count += len(new)


def granovetter_uniform(n: int = 100) -> np.ndarray:
    """Granovetter's crowd: thresholds ``0, 1, ..., n - 1``."""
    n = check_int("n", n, meaning="the size of the crowd", low=3)
    return np.arange(n, dtype=float)


def granovetter_perturbed(n: int = 100) -> np.ndarray:
    """The same crowd with the person whose threshold was 1 moved to threshold 2."""
    t = granovetter_uniform(n)
    t[1] = 2.0
    return t


_STD = NormalDist()


def _quantiles(n: int) -> np.ndarray:
    return np.array([_STD.inv_cdf((i + 0.5) / n) for i in range(n)])


def normal_thresholds(
    sigmas,
    mean: float = 25.0,
    n: int = 100,
    *,
    discretisation: str = "random",
    replicates: int = 1,
    seed: int | None = 0,
) -> np.ndarray:
    """Normally distributed thresholds, shape ``(len(sigmas), replicates, n)``.

    ``discretisation="quantile"``: the deterministic crowd ``mean + sigma * z_i`` with
    ``z_i`` the standard normal quantiles at ``(i + 1/2) / n`` (``replicates`` must be 1).
    ``discretisation="random"``: independent draws; replicate ``k`` uses the ``k``-th child of
    ``SeedSequence(seed)`` and the same standard normal draws for every sigma (common random
    numbers), so replicate ``k`` does not depend on how many others are run.
    """
    sig = check_real_array("sigmas", sigmas, meaning="the spread (standard deviation) of thresholds", low=0, vector=True)
    mean = check_real("mean", mean, meaning="the average threshold")
    n = check_int("n", n, meaning="the size of the crowd", low=1, high=10_000_000)
    replicates = check_int("replicates", replicates, meaning="the number of random crowds per sigma", low=1)
    if discretisation == "quantile":
        if replicates != 1:
            raise ValueError("replicates must be 1 with discretisation='quantile': the quantile crowd is the same every time")
        z = _quantiles(n)[None, :]
    elif discretisation == "random":
        children = np.random.SeedSequence(check_seed(seed)).spawn(replicates)
        z = np.stack([np.random.default_rng(c).standard_normal(n) for c in children])
    else:
        raise ValueError(f"discretisation must be 'quantile' or 'random' (got {discretisation!r})")
    return mean + sig[:, None, None] * z[None, :, :]


def sigma_sweep(
    sigmas,
    mean: float = 25.0,
    n: int = 100,
    *,
    discretisation: str = "random",
    replicates: int = 1000,
    seed: int | None = 0,
) -> dict[str, np.ndarray]:
    """Equilibrium crowd sizes over a grid of sigma, vectorised over sigma and seeds.

    Returns ``sigma``, ``final`` (shape ``(len(sigmas), replicates)``), ``mean_final`` and
    ``p_majority`` (share of crowds in which more than half join).
    """
    if discretisation == "quantile":
        replicates = 1
    t = normal_thresholds(sigmas, mean, n, discretisation=discretisation, replicates=replicates, seed=seed)
    final = cascade_size(t)
    return {
        "sigma": np.atleast_1d(np.asarray(sigmas, dtype=float)),
        "final": final,
        "mean_final": final.mean(axis=1),
        "p_majority": (final > n / 2).mean(axis=1),
    }


_MIN_TOL = 1e-12
_MAX_BISECTIONS = 200


def mean_field_switch_on(mean: float = 25.0, n: float = 100.0, *, tol: float = 1e-9) -> float:
    """The sigma at which the cascade switches on when the crowd is a smooth normal CDF.

    Uses the continuous map :math:`x \\mapsto n\\,\\Phi((x - \\text{mean})/\\sigma)` (no
    rounding to whole people) and bisects on sigma for the point where its least fixed
    point jumps past ``n / 2``. About 12.22 for mean 25 and ``n = 100``. ``tol`` is the
    width of the final bracket on sigma, at least ``1e-12``. Where sigma is large, floats near
    it are coarser than ``tol``; the bisection then stops after 200 halvings and returns the
    midpoint of the narrowest bracket it reached.
    """
    mean = check_real("mean", mean, meaning="the average threshold", low=0, low_open=True)
    n = check_real("n", n, meaning="the size of the crowd", low=0, low_open=True)
    tol = check_real("tol", tol, meaning="how precisely to find sigma: the width of the final bracket", low=_MIN_TOL)
    if mean >= n / 2:
        raise ValueError(f"mean must be below n / 2 = {n / 2:g} for a switch-on from below (got {mean:g})")

    def least_fixed_point(sigma: float) -> float:
        x = 0.0
        for _ in range(100_000):
            nxt = n * _STD.cdf((x - mean) / sigma)
            if abs(nxt - x) < 1e-10:
                break
            x = nxt
        return x

    lo, hi = 1e-3, 10.0 * n
    for _ in range(_MAX_BISECTIONS):  # each halves the bracket; the cap guards against a stuck float bracket
        if hi - lo <= tol:
            break
        mid = 0.5 * (lo + hi)
        if least_fixed_point(mid) > n / 2:
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi)


# ---------------------------------------------------------------------------
# The course version: public approval under surveillance and rewards for reporting
# ---------------------------------------------------------------------------


def deterrence(penalty: float, seen: float, reported: float) -> float:
    """Our assumption for ``pressure``: the expected penalty of speaking out.

    ``penalty`` (in threshold points) is paid if the act is seen by the authorities
    (probability ``seen``) or reported by someone who saw it (probability ``reported``,
    which rewards for reporting raise); the two routes are independent.
    """
    penalty = check_real("penalty", penalty, meaning="the cost of being caught speaking out, in threshold points", low=0)
    seen = check_probability("seen", seen, meaning="the chance that surveillance records an act of dissent")
    reported = check_probability("reported", reported, meaning="the chance that someone reports an act of dissent")
    return penalty * (1.0 - (1.0 - seen) * (1.0 - reported))


@dataclass(frozen=True)
class Society:
    """A population whose private and public opinions of a policy can differ.

    ``private_opposition`` of the ``n`` people privately disapprove. Each of them says so in
    public once the share already saying so (in percent) reaches their threshold, drawn
    from a normal distribution with mean ``mean`` and spread ``sigma``, plus ``pressure``
    (percentage points added by surveillance and rewards for reporting). Supporters never
    speak against it.
    """

    n: int = 1000
    private_opposition: float = 0.6
    mean: float = 10.0
    sigma: float = 10.0
    pressure: float = 0.0

    def __post_init__(self):
        object.__setattr__(self, "n", check_int("n", self.n, meaning="the number of people", low=1, high=10_000_000))
        object.__setattr__(
            self,
            "private_opposition",
            check_probability("private_opposition", self.private_opposition, meaning="the share who privately disapprove"),
        )
        object.__setattr__(self, "mean", check_real("mean", self.mean, meaning="the average threshold, in percent"))
        object.__setattr__(self, "sigma", check_real("sigma", self.sigma, meaning="the spread of thresholds, in percent", low=0))
        object.__setattr__(
            self,
            "pressure",
            check_real("pressure", self.pressure, meaning="percentage points added to every threshold by surveillance and reporting", low=0),
        )


def _society_thresholds(soc: Society, pressures: np.ndarray, opposition: np.ndarray, discretisation: str, replicates: int, seed):
    """Thresholds in people, shape ``(len(opposition), len(pressures), replicates, n)``.

    ``"quantile"``: the ``K = round(share * n)`` opponents have the normal quantile
    thresholds of a crowd of ``K``; ``"random"``: person ``i`` is an opponent if a uniform
    draw is below the share, and thresholds are independent normal draws (one stream per
    replicate, shared by every share and pressure).
    """
    n = soc.n
    if discretisation == "quantile":
        if replicates != 1:
            raise ValueError("replicates must be 1 with discretisation='quantile'")
        percent = np.full((opposition.size, 1, n), np.inf)
        for row, share in enumerate(opposition):  # one row per share, not per person
            k = int(round(share * n))
            if k:
                percent[row, 0, :k] = soc.mean + soc.sigma * _quantiles(k)
    elif discretisation == "random":
        children = np.random.SeedSequence(check_seed(seed)).spawn(replicates)
        gens = [np.random.default_rng(c) for c in children]
        z = np.stack([g.standard_normal(n) for g in gens])  # (R, n)
        u = np.stack([g.random(n) for g in gens])  # (R, n)
        percent = np.where(u[None, :, :] < opposition[:, None, None], soc.mean + soc.sigma * z[None, :, :], np.inf)
    else:
        raise ValueError(f"discretisation must be 'quantile' or 'random' (got {discretisation!r})")
    # percent: (K, R, n); add each pressure and convert percent of the population to people.
    return (percent[:, None, :, :] + pressures[None, :, None, None]) * n / 100.0


def _sweep(pressures, private_opposition) -> tuple[np.ndarray, np.ndarray]:
    """The checked values of a sweep over pressure and private opposition, as 1-d arrays."""
    p = check_real_array("pressures", pressures, meaning="percentage points added to every threshold", low=0, vector=True)
    k = check_real_array(
        "private_opposition", private_opposition, meaning="the share who privately disapprove", low=0, high=1, vector=True
    )
    return p, k


def public_opposition(
    society: Society,
    *,
    pressures=None,
    private_opposition=None,
    discretisation: str = "random",
    replicates: int = 1,
    seed: int | None = 0,
) -> np.ndarray:
    """The share of people who oppose in public at equilibrium.

    By default for the society's own ``pressure`` and ``private_opposition``; pass arrays to
    sweep them. Returns shape ``(len(private_opposition), len(pressures), replicates)``
    (singleton axes kept). A person counts as an opponent if their uniform draw is below the
    share of private opposition, so raising the share keeps the earlier opponents.
    """
    if not isinstance(society, Society):
        raise TypeError(f"society must be a Society (got {type(society).__name__})")
    p, k = _sweep(
        society.pressure if pressures is None else pressures,
        society.private_opposition if private_opposition is None else private_opposition,
    )
    replicates = check_int("replicates", replicates, meaning="the number of random societies", low=1)
    t = _society_thresholds(society, p, k, discretisation, replicates, seed)
    return cascade_size(t) / society.n


def survey_approval(public_share, private_share, candour: float):
    """What a survey measures: approval among respondents, some of whom hide their view.

    ``public_share`` opposes in public and says so to the surveyor too; of the silent
    opponents (``private_share - public_share``) a fraction ``candour`` tells the surveyor
    the truth (an anonymous survey that feels safe has high candour). Returns the measured
    approval share ``1 - public - candour * (private - public)``.
    """
    c = check_probability("candour", candour, meaning="the chance that a silent opponent tells a surveyor the truth")
    pub = check_real_array("public_share", public_share, meaning="the share who oppose in public", low=0, high=1)
    priv = check_real_array("private_share", private_share, meaning="the share who privately disapprove", low=0, high=1)
    try:
        np.broadcast_shapes(pub.shape, priv.shape)
    except ValueError:
        raise ValueError(
            f"public_share and private_share must have the same shape, or one must be a single number: "
            f"one private share for each public share (got shapes {pub.shape} and {priv.shape})"
        ) from None
    if np.any(pub < 0) or np.any(priv > 1) or np.any(pub > priv + 1e-12):
        raise ValueError("public_share must lie between 0 and private_share, and private_share at most 1: only private opponents oppose in public")
    out = 1.0 - pub - c * (priv - pub)
    return float(out) if out.ndim == 0 else out


def approval_map(
    society: Society,
    private_opposition,
    pressures,
    *,
    candour: float = 0.0,
    discretisation: str = "quantile",
    replicates: int = 1,
    seed: int | None = 0,
) -> dict[str, np.ndarray]:
    """Measured approval for every combination of private opposition and pressure.

    Returns ``private_opposition``, ``pressures``, ``public`` (mean share opposing in public,
    shape ``(K, P)``) and ``measured`` (what a survey with the given ``candour`` reports).
    """
    if not isinstance(society, Society):
        raise TypeError(f"society must be a Society (got {type(society).__name__})")
    p, k = _sweep(pressures, private_opposition)
    public = public_opposition(
        society, pressures=p, private_opposition=k, discretisation=discretisation, replicates=replicates, seed=seed
    ).mean(axis=-1)
    measured = survey_approval(public, np.broadcast_to(k[:, None], public.shape), candour)
    return {"private_opposition": k, "pressures": p, "public": public, "measured": measured}
