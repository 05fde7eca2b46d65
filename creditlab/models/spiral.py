r"""The negative spiral: a score that moves with repayment, a threshold, and fees below it.

References
----------
- Lydia T. Liu, Sarah Dean, Esther Rolf, Max Simchowitz and Moritz Hardt, *Delayed impact
  of fair machine learning*, ICML 2018, PMLR vol. 80 (``liu2018delayed`` in the
  bibliography). Published parameters, checked in the paper's text as quoted and in the
  authors' code (``FICO-figures`` notebook): a score rises by :math:`c_+ = 75` after a
  repaid loan and falls by :math:`c_- = 150` after a default; the lender gains
  :math:`u_+ = 1` per repaid loan and loses 4 (or 10) per default.
- Ohlberg, quoted in Kobie (2019) (``kobie2019complicated``): a low rating brings extra
  paperwork or fees, with "a huge potential for negative spiral".

Liu et al.'s one-step model
---------------------------
A borrower with score :math:`x` repays with probability :math:`\rho(x)`. If the loan is
made, the expected score change is

.. math:: \Delta(x) = c_+\,\rho(x) - c_-\,(1 - \rho(x)) = 225\,\rho(x) - 150,

which is zero at :math:`\rho = c_-/(c_+ + c_-) = 2/3` (:func:`breakeven_probability`). The
lender's expected gain :math:`u_+\rho - u_-(1-\rho)` is positive when
:math:`\rho > u_-/(u_+ + u_-)`: 4/5 when a default costs four repaid loans, 10/11 when it
costs ten (:func:`lender_breakeven`; our arithmetic from their parameters).

The spiral (our iteration of the one-step model, for the lab)
-------------------------------------------------------------
Liu et al. look at one step with the TransRisk score data, which we do not have. Here the
step is repeated, with an illustrative logistic repayment curve
:math:`\rho(x) = 1/(1 + e^{-(x - m)/s})` (``midpoint`` :math:`m`, ``scale`` :math:`s`),
scores kept in ``[score_min, score_max]`` (300 to 850). Every period each person takes one
credit: at or above the lender's ``threshold`` on normal terms; below the ``fee_band``
(by default the threshold) with fees or paperwork that cut the repayment probability by
``fee_penalty`` (Ohlberg's worry). The score then moves by :math:`+c_+` or :math:`-c_-`
(clipped to the range). Optionally a **credit-repair rule** (``repair_after`` = :math:`k`):
after :math:`k` repayments in a row below the threshold, the score is restored to
``repair_to`` (by default the threshold), a stylised version of repair after the conduct
is corrected (NDRC Order No. 58, 2023); the order's actual terms are not modelled.

What is computed exactly
------------------------
- :func:`recovery_probability`: the chance of reaching the threshold before falling to
  the bottom of the range; the **basin** of the trap is where it is below one half.
- :func:`mean_recovery_time`: expected periods until the score reaches the threshold.
- :func:`distribution_after` and :func:`recovery_survival`: the exact distribution of
  scores after ``t`` periods and the chance of not yet having recovered.

All three come from a first-step analysis over "excursions" (a run of repayments ending
in a default, a recovery or a repair), so the linear systems have one unknown per score
below the threshold. :func:`simulate` runs many people at once (vectorised, in blocks
with their own seeded streams) and the tests check it against these exact results.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from .._validate import check_instance, check_int, check_probability, check_real, check_real_array, check_seed

__all__ = [
    "GAIN",
    "LOSS",
    "BLOCK",
    "SpiralModel",
    "SpiralRun",
    "expected_change",
    "breakeven_probability",
    "lender_breakeven",
    "score_for_probability",
    "lender_threshold",
    "outcome_curve",
    "recovery_probability",
    "mean_recovery_time",
    "basin",
    "distribution_after",
    "recovery_survival",
    "simulate",
    "with_repair",
]

GAIN = 75
LOSS = 150
BLOCK = 1 << 15


def breakeven_probability(gain: float = GAIN, loss: float = LOSS) -> float:
    """The repayment probability at which the expected score change is zero: ``loss / (gain + loss)``.

    With Liu et al.'s ``gain = 75`` and ``loss = 150`` this is exactly 2/3.
    """
    g = check_real("gain", gain, meaning="the score rise after a repaid loan", low=0, low_open=True)
    l = check_real("loss", loss, meaning="the score fall after a default", low=0, low_open=True)
    return l / (g + l)


def expected_change(p, gain: float = GAIN, loss: float = LOSS) -> np.ndarray:
    """Liu et al.'s expected score change of a borrower who repays with probability ``p``:
    ``gain * p - loss * (1 - p)``."""
    g = check_real("gain", gain, meaning="the score rise after a repaid loan", low=0, low_open=True)
    l = check_real("loss", loss, meaning="the score fall after a default", low=0, low_open=True)
    p = check_real_array("p", p, meaning="the repayment probability")
    if np.any((p < 0) | (p > 1)):
        raise ValueError("p (the repayment probability) is a probability, so it must lie between 0 and 1")
    return g * p - l * (1.0 - p)


def lender_breakeven(utility_ratio: float = 4.0) -> float:
    """The repayment probability above which a loan pays for the lender, when one default
    costs as much as ``utility_ratio`` repaid loans bring in: ``r / (1 + r)``.

    Liu et al. use ratios 4 and 10 (their utilities ``u+ = 1``, ``u- = -4`` or ``-10``),
    giving 0.8 and 10/11.
    """
    r = check_real(
        "utility_ratio", utility_ratio, meaning="the lender's loss on a default, in repaid loans", low=0, low_open=True
    )
    return r / (1.0 + r)


@dataclass(frozen=True)
class SpiralModel:
    """Parameters of the spiral (see the module docstring).

    Attributes
    ----------
    midpoint, scale : the repayment curve, ``1 / (1 + exp(-(x - midpoint) / scale))``.
    gain, loss : score change after a repaid loan and after a default (Liu et al.: 75, 150).
    threshold : the lowest score at which the lender lends on normal terms.
    fee_band : fees apply below this score (default: the threshold).
    fee_penalty : how much fees and paperwork cut the repayment probability below the band.
    repair_after : repayments in a row below the threshold that trigger credit repair
        (``None``: no repair rule).
    repair_to : the score after repair (default: the threshold); it needs ``repair_after``,
        and is ``None`` when there is no repair rule.
    score_min, score_max : the score range (default 300 to 850).
    """

    midpoint: float = 450.0
    scale: float = 100.0
    gain: int = GAIN
    loss: int = LOSS
    threshold: int = 589
    fee_band: int | None = None
    fee_penalty: float = 0.0
    repair_after: int | None = None
    repair_to: int | None = None
    score_min: int = 300
    score_max: int = 850

    def __post_init__(self):
        s = object.__setattr__
        lo = check_int("score_min", self.score_min, meaning="the lowest possible score")
        hi = check_int("score_max", self.score_max, meaning="the highest possible score")
        if not lo < hi:
            raise ValueError(f"score_min must be below score_max (got score_min={lo}, score_max={hi})")
        s(self, "score_min", lo)
        s(self, "score_max", hi)
        s(self, "midpoint", check_real("midpoint", self.midpoint, meaning="the score at which repayment is a coin toss"))
        s(self, "scale", check_real("scale", self.scale, meaning="points per unit of log-odds of repaying", low=0, low_open=True))
        span = hi - lo
        s(self, "gain", check_int("gain", self.gain, meaning="the score rise after a repaid loan", low=1, high=span))
        s(self, "loss", check_int("loss", self.loss, meaning="the score fall after a default", low=1, high=span))
        s(self, "threshold", check_int(
            "threshold", self.threshold, meaning=f"the lender's cut-off, a score above {lo} and at most {hi}", low=lo + 1, high=hi
        ))
        band = self.threshold if self.fee_band is None else self.fee_band
        s(self, "fee_band", check_int("fee_band", band, meaning=f"the score below which fees apply, between {lo} and {hi}", low=lo, high=hi))
        s(self, "fee_penalty", check_probability(
            "fee_penalty", self.fee_penalty, meaning="the cut in the chance of repaying caused by fees and paperwork"
        ))
        if self.repair_after is None:
            if self.repair_to is not None:
                raise ValueError(
                    f"repair_to (the score after credit repair) needs repair_after (got repair_to={self.repair_to!r} "
                    "without it): set repair_after, the repayments in a row that trigger repair, or leave repair_to "
                    "out (with_repair(model, None) removes a repair rule)"
                )
            return
        s(self, "repair_after", check_int(
            "repair_after", self.repair_after, meaning="repayments in a row that trigger credit repair", low=1, high=1000
        ))
        to = self.threshold if self.repair_to is None else self.repair_to
        s(self, "repair_to", check_int("repair_to", to, meaning=f"the score after credit repair, between {lo} and {hi}", low=lo, high=hi))

    # -- the curve --------------------------------------------------------------------------

    @property
    def scores(self) -> np.ndarray:
        """Every possible score, ``score_min`` to ``score_max``."""
        return np.arange(self.score_min, self.score_max + 1)

    def repayment_curve(self, x) -> np.ndarray:
        """The repayment probability on normal terms, ``rho(x)`` (no fees)."""
        x = np.asarray(x, dtype=float)
        return 1.0 / (1.0 + np.exp(-(x - self.midpoint) / self.scale))

    def repay_probability(self, x) -> np.ndarray:
        """The repayment probability at score ``x``, after fees below the band."""
        x = np.asarray(x, dtype=float)
        p = self.repayment_curve(x) - self.fee_penalty * (x < self.fee_band)
        return np.clip(p, 0.0, 1.0)

    def drift(self, x) -> np.ndarray:
        """Expected score change in one period at score ``x`` (Liu et al.'s Delta, with fees)."""
        return expected_change(self.repay_probability(x), self.gain, self.loss)

    @property
    def _k(self) -> int:
        return 1 if self.repair_after is None else self.repair_after


_HINT = "for example sp.SpiralModel(fee_penalty=0.1)"


def _model(model) -> SpiralModel:
    """``model``, or the default model if it is ``None``; anything else is an error."""
    if model is None:
        return SpiralModel()
    return check_instance("model", model, SpiralModel, hint=_HINT)


def score_for_probability(p: float, model: SpiralModel | None = None) -> float:
    """The score at which the repayment curve (without fees) equals ``p``."""
    model = _model(model)
    p = check_probability("p", p, meaning="a repayment probability")
    if p in (0.0, 1.0):
        raise ValueError("p must lie strictly between 0 and 1: the curve reaches 0 and 1 only at infinity")
    return model.midpoint + model.scale * math.log(p / (1.0 - p))


def lender_threshold(model: SpiralModel | None = None, utility_ratio: float = 4.0) -> int:
    """The lowest whole score at which a loan on normal terms pays for the lender."""
    return int(math.ceil(score_for_probability(lender_breakeven(utility_ratio), model) - 1e-9))


def outcome_curve(model: SpiralModel, population, *, weights=None) -> dict[str, np.ndarray]:
    """Liu et al.'s outcome curve for an (illustrative) population: for each threshold, the
    share lent to (``beta``) and the mean score change of the whole population
    (``delta_mu``: the borrowers' expected changes, zero for those not lent to).

    ``population`` holds scores (with optional ``weights``); the curve is computed exactly
    over the distinct scores, from the highest down. Fees are ignored (one step, normal terms).
    """
    model = check_instance("model", model, SpiralModel, hint=_HINT)
    x = np.asarray(population, dtype=float)
    if x.ndim != 1 or x.size == 0:
        raise ValueError("population must be a non-empty list of scores")
    if np.any((x < model.score_min) | (x > model.score_max)):
        raise ValueError(f"population scores must lie between score_min={model.score_min} and score_max={model.score_max}")
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
    if w.shape != x.shape or np.any(w < 0) or w.sum() <= 0:
        raise ValueError("weights must be non-negative, one per score, and not all zero")
    order = np.argsort(-x, kind="stable")
    x, w = x[order], w[order] / w.sum()
    change = expected_change(model.repayment_curve(x), model.gain, model.loss)
    beta = np.concatenate([[0.0], np.cumsum(w)])
    delta_mu = np.concatenate([[0.0], np.cumsum(w * change)])
    thresholds = np.concatenate([[np.inf], x])
    return {"threshold": thresholds, "beta": beta, "delta_mu": delta_mu}


# ---------------------------------------------------------------------------
# Exact results: first-step analysis over excursions
# ---------------------------------------------------------------------------


def _excursions(model: SpiralModel):
    """For every score x below the threshold (streak 0): where the run that starts there
    ends. Returns (M, c, s): M[i, j] = probability that the run ends by landing on score
    ``score_min + j`` with streak 0 (after a default, or a repair that stays below the
    threshold); c[i] = expected length of the run; s[i] = probability that it ends in
    recovery (a score at or above the threshold)."""
    lo, tau = model.score_min, model.threshold
    xs = np.arange(lo, tau)
    n = xs.size
    M = np.zeros((n, n))
    c = np.zeros(n)
    s = np.zeros(n)
    alive = np.ones(n)
    rows = np.arange(n)
    z = xs.astype(np.int64)
    for i in range(model.score_max - lo + model._k + 2):
        active = alive > 0
        if not active.any():
            break
        p = model.repay_probability(z)
        default = alive * (1.0 - p)
        land = np.maximum(z - model.loss, lo)
        np.add.at(M, (rows[active], (land - lo)[active]), default[active])
        c += default * (i + 1)
        alive = alive * p
        z = np.minimum(z + model.gain, model.score_max)
        up = alive > 0
        recovered = up & (z >= tau)
        s[recovered] += alive[recovered]
        c[recovered] += alive[recovered] * (i + 1)
        alive[recovered] = 0.0
        if model.repair_after is not None and i + 1 == model.repair_after:
            rep = alive > 0
            z_rep = np.maximum(z, model.repair_to)
            good = rep & (z_rep >= tau)
            s[good] += alive[good]
            c[good] += alive[good] * (i + 1)
            stay = rep & ~good
            np.add.at(M, (rows[stay], (z_rep - lo)[stay]), alive[stay])
            c[stay] += alive[stay] * (i + 1)
            alive[rep] = 0.0
    return xs, M, c, s


def _components(adjacent: list[np.ndarray]) -> list[list[int]]:
    """Strongly connected components of a directed graph (Tarjan's algorithm, iterative),
    in reverse topological order: a component comes after every component it points to."""
    n = len(adjacent)
    index = np.full(n, -1)
    low = np.zeros(n, dtype=np.int64)
    on_stack = np.zeros(n, dtype=bool)
    stack: list[int] = []
    out: list[list[int]] = []
    counter = 0
    for root in range(n):
        if index[root] >= 0:
            continue
        work = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack[v] = True
            succ = adjacent[v]
            if i < len(succ):
                work.append((v, i + 1))
                w = int(succ[i])
                if index[w] < 0:
                    work.append((w, 0))
                elif on_stack[w]:
                    low[v] = min(low[v], index[w])
                continue
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack[w] = False
                    comp.append(w)
                    if w == v:
                        break
                out.append(comp)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    return out


def _solve_sparse(M: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Solve ``(I - M) x = b`` block by block, following the strongly connected components
    of M's graph (each score reaches only a few others, so the blocks are small). This
    avoids one large dense solve, which multi-threaded BLAS makes slow on a busy machine.
    Blocks with no way out (a singular block) get ``inf``."""
    n = M.shape[0]
    adjacent = [np.flatnonzero(M[i]) for i in range(n)]
    x = np.zeros(n)
    for comp in _components(adjacent):
        idx = np.array(sorted(comp))
        if np.any(M[idx][:, ~np.isfinite(x)] > 0):
            x[idx] = np.inf  # it can land where there is no way out
            continue
        rhs = b[idx] + M[idx] @ x  # x holds the solved components; this block is still 0
        A = np.eye(idx.size) - M[np.ix_(idx, idx)]
        if idx.size == 1:
            x[idx] = rhs / A[0, 0] if A[0, 0] > 1e-15 else np.inf
        else:
            try:
                x[idx] = np.linalg.solve(A, rhs)
            except np.linalg.LinAlgError:
                x[idx] = np.inf
    return x


def mean_recovery_time(model: SpiralModel | None = None) -> dict[str, np.ndarray]:
    """Expected periods until the score first reaches the threshold, from every score below
    it (streak 0). Returns ``{"score": ..., "periods": ...}``; ``inf`` where recovery is
    impossible (for instance when fees make repaying impossible)."""
    model = _model(model)
    xs, M, c, s = _excursions(model)
    # The expected time is finite only where recovery is certain: find the scores from
    # which recovery is impossible, then every score that can land on one of them.
    adj = M > 0
    reach = s > 0
    for _ in range(xs.size):
        new = reach | (adj & reach[None, :]).any(axis=1)
        if np.array_equal(new, reach):
            break
        reach = new
    doomed = ~reach
    for _ in range(xs.size):
        new = doomed | (adj & doomed[None, :]).any(axis=1)
        if np.array_equal(new, doomed):
            break
        doomed = new
    t = np.full(xs.size, np.inf)
    if (~doomed).any():
        idx = np.flatnonzero(~doomed)
        t[idx] = _solve_sparse(M[np.ix_(idx, idx)], c[idx])
    return {"score": xs, "periods": t}


def recovery_probability(model: SpiralModel | None = None) -> dict[str, np.ndarray]:
    """The chance, from each score below the threshold, of reaching the threshold before the
    score falls to ``score_min`` (0 at ``score_min`` itself). Returns ``{"score", "probability"}``."""
    model = _model(model)
    xs, M, c, s = _excursions(model)
    M = M.copy()
    M[:, 0] = 0.0  # landing on the bottom of the range ends the attempt
    h = _solve_sparse(M, s)
    h[~np.isfinite(h)] = 0.0
    h[0] = 0.0
    return {"score": xs, "probability": np.clip(h, 0.0, 1.0)}


def basin(model: SpiralModel | None = None) -> int:
    """The top of the trap's basin: the lowest score from which reaching the threshold is at
    least as likely as falling to the bottom of the range. Scores below it are in the basin."""
    model = _model(model)
    out = recovery_probability(model)
    ok = np.flatnonzero(out["probability"] >= 0.5)
    return int(out["score"][ok[0]]) if ok.size else int(model.threshold)


def _transition_indices(model: SpiralModel):
    """Flat indices (score, streak) -> next state after a repayment and after a default."""
    lo = model.score_min
    k = model._k
    xs = model.scores
    nx = xs.size
    score = np.repeat(xs, k)
    streak = np.tile(np.arange(k), nx)
    up_score = np.minimum(score + model.gain, model.score_max)
    up_streak = streak + 1
    if model.repair_after is not None:
        hit = up_streak >= k
        repair = hit & (up_score < model.threshold)
        up_score = np.where(repair, np.maximum(up_score, model.repair_to), up_score)
        up_streak = np.where(hit, 0, up_streak)
    else:
        up_streak = np.zeros_like(up_streak)
    down_score = np.maximum(score - model.loss, lo)
    up = (up_score - lo) * k + up_streak
    down = (down_score - lo) * k
    p = model.repay_probability(score)
    return score, up, down, p


def _check_scores(model: SpiralModel, start) -> np.ndarray:
    """``start`` as a 1-d integer array of valid scores, or a clear error."""
    start = check_real_array("start", start, meaning="the starting score or scores", whole=True, vector=True)
    if start.min() < model.score_min or start.max() > model.score_max:
        raise ValueError(
            f"start scores must lie between score_min={model.score_min} and score_max={model.score_max} "
            f"(got {start.min()} to {start.max()})"
        )
    return start


def _initial(model: SpiralModel, start) -> np.ndarray:
    """A distribution over states (score, streak 0) from a score or an array of scores."""
    model = check_instance("model", model, SpiralModel, hint=_HINT)
    start = _check_scores(model, start)
    k = model._k
    dist = np.zeros(model.scores.size * k)
    np.add.at(dist, (start - model.score_min) * k, 1.0 / start.size)
    return dist


def distribution_after(model: SpiralModel, start, periods: int) -> np.ndarray:
    """The exact distribution of scores after ``periods`` periods, for people starting at
    ``start`` (a score, or a list of scores with equal weight). Returns an array over
    ``model.scores`` that sums to one."""
    periods = check_int("periods", periods, meaning="the number of periods", low=0)
    dist = _initial(model, start)
    _, up, down, p = _transition_indices(model)
    size = dist.size
    for _ in range(periods):
        dist = np.bincount(up, weights=dist * p, minlength=size) + np.bincount(down, weights=dist * (1.0 - p), minlength=size)
    return dist.reshape(-1, model._k).sum(axis=1)


def recovery_survival(model: SpiralModel, start, horizon: int) -> np.ndarray:
    """``S[t]`` = probability of not yet having reached the threshold after ``t`` periods,
    for ``t = 0..horizon``, starting at ``start`` (scores below the threshold).

    ``sum(S[:horizon])`` is the exact mean of ``min(T, horizon)``, the recovery time
    truncated at the horizon, which a finite simulation can be compared with.
    """
    horizon = check_int("horizon", horizon, meaning="the number of periods to follow", low=0)
    dist = _initial(model, start)
    score, up, down, p = _transition_indices(model)
    if np.any(dist[score >= model.threshold] > 0):
        raise ValueError(f"start scores must lie below the threshold ({model.threshold}) to measure a recovery")
    below = score < model.threshold
    size = dist.size
    out = np.empty(horizon + 1)
    out[0] = 1.0
    for t in range(1, horizon + 1):
        dist = np.bincount(up, weights=dist * p, minlength=size) + np.bincount(down, weights=dist * (1.0 - p), minlength=size)
        dist = np.where(below, dist, 0.0)  # absorb on recovery
        out[t] = dist.sum()
    return out


# ---------------------------------------------------------------------------
# Simulation
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SpiralRun:
    """The outcome of :func:`simulate`.

    Attributes
    ----------
    model, periods, seed : what was run.
    below : shape ``(periods + 1,)``, share of people below the threshold each period.
    mean_score : shape ``(periods + 1,)``, the mean score each period.
    final_scores : shape ``(n,)``, each person's score at the end.
    recovery_time : shape ``(n,)``, first period at which the score was at or above the
        threshold (0 if it started there; ``-1`` if never within the run).
    repairs : shape ``(n,)``, how many times credit repair applied to each person.
    """

    model: SpiralModel
    periods: int
    seed: int | None
    below: np.ndarray
    mean_score: np.ndarray
    final_scores: np.ndarray
    recovery_time: np.ndarray
    repairs: np.ndarray

    def truncated_mean_recovery(self) -> float:
        """Mean of ``min(T, periods)`` over people: comparable with
        ``recovery_survival(...)[:periods].sum()``."""
        t = np.where(self.recovery_time < 0, self.periods, self.recovery_time)
        return float(t.mean())


def simulate(
    model: SpiralModel | None = None,
    *,
    start=None,
    periods: int = 50,
    people: int = 10_000,
    seed: int | None = 0,
) -> SpiralRun:
    """Follow ``people`` borrowers for ``periods`` periods, vectorised.

    ``start`` is a score for everyone, or an array of ``people`` scores (default: everyone
    at the threshold). One uniform number per person and period decides repayment; block
    ``k`` of ``BLOCK`` people uses child ``k`` of ``numpy.random.SeedSequence(seed)``.
    """
    model = _model(model)
    periods = check_int("periods", periods, meaning="the number of periods", low=1, high=10**6)
    people = check_int("people", people, meaning="the number of people followed", low=1)
    seed = check_seed(seed)
    if start is None:
        start = model.threshold
    if np.ndim(start) == 0:
        start = np.full(people, _check_scores(model, start)[0])
    start = _check_scores(model, start)
    if start.shape != (people,):
        raise ValueError(f"start must be one score or an array of people={people} scores (got {start.size} scores)")

    lo, hi, tau = model.score_min, model.score_max, model.threshold
    p_table = model.repay_probability(model.scores).astype(np.float32)
    k = model.repair_after
    below = np.zeros(periods + 1)
    mean_score = np.zeros(periods + 1)
    final = np.empty(people, dtype=np.int32)
    rec = np.empty(people, dtype=np.int64)
    repairs = np.zeros(people, dtype=np.int32)

    for b, child in enumerate(np.random.SeedSequence(seed).spawn(-(-people // BLOCK))):
        i0, i1 = b * BLOCK, min(people, (b + 1) * BLOCK)
        rng = np.random.Generator(np.random.PCG64(child))
        x = start[i0:i1].astype(np.int32)
        streak = np.zeros(i1 - i0, dtype=np.int32)
        t_rec = np.where(x >= tau, 0, -1).astype(np.int64)
        below[0] += np.count_nonzero(x < tau)
        mean_score[0] += x.sum(dtype=np.int64)
        for t in range(1, periods + 1):
            repaid = rng.random(i1 - i0, dtype=np.float32) < p_table[x - lo]
            x = np.where(repaid, np.minimum(x + model.gain, hi), np.maximum(x - model.loss, lo))
            if k is not None:
                streak = np.where(repaid, streak + 1, 0)
                hit = streak >= k
                fix = hit & (x < tau)
                x = np.where(fix, np.maximum(x, model.repair_to), x)
                repairs[i0:i1] += fix
                streak[hit] = 0
            now_up = x >= tau
            t_rec[(t_rec < 0) & now_up] = t
            below[t] += np.count_nonzero(~now_up)
            mean_score[t] += x.sum(dtype=np.int64)
        final[i0:i1] = x
        rec[i0:i1] = t_rec

    return SpiralRun(
        model=model,
        periods=periods,
        seed=seed,
        below=below / people,
        mean_score=mean_score / people,
        final_scores=final,
        recovery_time=rec,
        repairs=repairs,
    )


def with_repair(model: SpiralModel, repair_after: int | None, repair_to: int | None = None) -> SpiralModel:
    """The same model with another credit-repair rule (``None`` removes it)."""
    model = check_instance("model", model, SpiralModel, hint=_HINT)
    return replace(model, repair_after=repair_after, repair_to=repair_to)
