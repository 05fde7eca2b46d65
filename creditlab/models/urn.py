r"""Runaway feedback: sending inspectors where violations were found before.

References
----------
- Danielle Ensign, Sorelle Friedler, Scott Neville, Carlos Scheidegger and Suresh
  Venkatasubramanian, *Runaway feedback loops in predictive policing*, FAT* 2018, PMLR
  vol. 81 (``ensign2018runaway`` in the bibliography). The authors' urn code is at
  github.com/algofairness/runaway-feedback-loops-src.
- Florian Eggenberger and George Pólya, *Über die Statistik verketteter Vorgänge*, ZAMM 3
  (1923), pp. 279-289 (``eggenberger1923statistik``): the urn whose limit is random.

The model (Ensign et al.'s urn, told about inspections)
-------------------------------------------------------
Two groups of firms (or two districts), A and B. The record holds weights :math:`A_t`
and :math:`B_t` (balls in an urn), starting from ``prior_a`` and ``prior_b``. Each round
one inspection is sent to A with probability equal to A's share of the record,

.. math:: x_t = \frac{A_t}{A_t + B_t},

and otherwise to B. An inspection of group :math:`i` finds a violation with probability
:math:`\lambda_i` (``rate_a``, ``rate_b``: the true violation rates). Each violation found
adds one ball of its group's colour: the record counts what inspections *discover*.
With :math:`\lambda_A = \lambda_B` this is Pólya's urn slowed down (a round in which
nothing is found changes nothing), so the share converges to a random limit with a Beta
distribution, :math:`\mathrm{Beta}(A_0, B_0)`; from one ball each it is **uniform** on
[0, 1], with standard deviation :math:`1/\sqrt{12} \approx 0.289`, whatever the truth.
With :math:`\lambda_A > \lambda_B` the share runs away to 1: all inspections go to A.

Options (Ensign et al.'s variants and one of ours)
--------------------------------------------------
``report_a``, ``report_b``
    Violations reported by the public, which arrive each round with these probabilities
    wherever the inspector goes (Ensign et al.'s *reported incidents*). Writing the
    expected update matrix as ((a, b), (c, d)), a = d_A + r_A and d = d_B + r_B hold the
    discoveries plus reports, b = r_B and c = r_A the reports alone, and the limit is a
    root in [0, 1] of Ensign et al.'s fixed-point equation
    :math:`(c + d - a - b)x^2 + (a - 2c - d)x + c = 0` for the matrix :math:`((a, b), (c, d))`
    (:func:`fixed_point_roots`): reports attenuate the bias, they do not remove it.
``correction``
    The correction in the authors' published code (``add_linear_surprise`` in
    ``polya.py``): a violation found in the group visited with probability :math:`q` is
    counted only with probability :math:`(1 - q)/\max(q, 1 - q)`. Discoveries where
    inspectors are sent most often are discounted most, the expected additions become
    proportional to :math:`\lambda_A` and :math:`\lambda_B`, and the share converges to
    the true ratio :math:`\lambda_A/(\lambda_A + \lambda_B)`.
``floor`` (ours, not in the paper)
    A share of inspections drawn at random whatever the record says, as when rules keep a
    minimum of random spot checks for everyone: inspection goes to A with probability
    :math:`q = f/2 + (1 - f)x`. It stops the run-away but, without the correction, the
    record still exaggerates the difference.

:func:`drift` is the mean-field (expected) change of the share and :func:`stable_limits`
its stable zeros; the lab compares both with the simulation.

The simulation draws **one** uniform number per trajectory and round, which decides the
visit, the discovery and (with the correction) whether it counts: A gains a ball if
:math:`u < q\lambda_A w_A`, B if :math:`q \le u < q + (1-q)\lambda_B w_B`, exactly the
probabilities above. It is vectorised over trajectories, in blocks of ``BLOCK``
trajectories, each block with its own random stream spawned from one seed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validate import check_instance, check_int, check_probability, check_real, check_real_array, check_seed

__all__ = [
    "BLOCK",
    "InspectionUrn",
    "UrnRun",
    "simulate",
    "visit_probability",
    "drift",
    "stable_limits",
    "fixed_point_roots",
    "beta_limit_sd",
    "exact_share_sd",
    "corrected_limit",
]

BLOCK = 1 << 15


@dataclass(frozen=True)
class InspectionUrn:
    """Parameters of the inspection urn (see the module docstring).

    Attributes
    ----------
    rate_a, rate_b : probability that one inspection of a firm in A (B) finds a violation:
        the true violation rates, which the record is supposed to reveal.
    report_a, report_b : probability per round that a violation in A (B) is reported by
        the public, whatever the inspector does (Ensign et al.'s reported incidents).
    prior_a, prior_b : the weights the record starts with (positive).
    correction : discount discoveries by how likely the visit was (the authors' fix).
    floor : share of inspections allocated at random, half to each group (ours).
    """

    rate_a: float = 0.5
    rate_b: float = 0.5
    report_a: float = 0.0
    report_b: float = 0.0
    prior_a: float = 1.0
    prior_b: float = 1.0
    correction: bool = False
    floor: float = 0.0

    def __post_init__(self):
        for name, meaning in (
            ("rate_a", "the chance that an inspection in group A finds a violation"),
            ("rate_b", "the chance that an inspection in group B finds a violation"),
            ("report_a", "the chance per round that the public reports a violation in group A"),
            ("report_b", "the chance per round that the public reports a violation in group B"),
            ("floor", "the share of inspections allocated at random"),
        ):
            object.__setattr__(self, name, check_probability(name, getattr(self, name), meaning=meaning))
        for name, group in (("prior_a", "A"), ("prior_b", "B")):
            value = check_real(
                name, getattr(self, name), meaning=f"the weight of group {group} in the record at the start",
                low=0, low_open=True,
            )
            object.__setattr__(self, name, value)
        if not isinstance(self.correction, (bool, np.bool_)):
            raise TypeError(f"correction must be True or False (got {self.correction!r})")
        object.__setattr__(self, "correction", bool(self.correction))

    @property
    def true_share(self) -> float:
        """The share of violations that are in A, which an unbiased record would show:
        :math:`\\lambda_A / (\\lambda_A + \\lambda_B)` (``nan`` if both rates are zero)."""
        total = self.rate_a + self.rate_b
        return self.rate_a / total if total > 0 else math.nan

    @property
    def matrix(self) -> np.ndarray:
        """Ensign et al.'s expected update matrix ((a, b), (c, d)): row = group visited,
        column = group whose record grows."""
        return np.array(
            [
                [self.rate_a + self.report_a, self.report_b],
                [self.report_a, self.rate_b + self.report_b],
            ]
        )


@dataclass(frozen=True)
class UrnRun:
    """The outcome of :func:`simulate`.

    Attributes
    ----------
    params, rounds, seed : what was run.
    checkpoints : shape ``(K,)``, the rounds at which the share was recorded (0 = start).
    share : shape ``(K, n)``, A's share of the record at each checkpoint, per trajectory.
    inspected_a, inspected_b : shape ``(n,)``, inspections of each group over the run.
    found_a, found_b : violations found by those inspections (before any correction).
    counted_a, counted_b : balls added to the record: discoveries that counted, plus reports.
    """

    params: InspectionUrn
    rounds: int
    seed: int | None
    checkpoints: np.ndarray
    share: np.ndarray
    inspected_a: np.ndarray
    inspected_b: np.ndarray
    found_a: np.ndarray
    found_b: np.ndarray
    counted_a: np.ndarray
    counted_b: np.ndarray

    @property
    def trajectories(self) -> int:
        return self.share.shape[1]

    @property
    def final_share(self) -> np.ndarray:
        """A's share of the record after the last round, per trajectory."""
        return self.share[-1]

    @property
    def record_share(self) -> np.ndarray:
        """A's share of the violations *found* (what a count of findings would report)."""
        total = self.found_a + self.found_b
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(total > 0, self.found_a / np.maximum(total, 1), np.nan)

    @property
    def rate_found_a(self) -> np.ndarray:
        """Violations found per inspection in A (``nan`` where A was never inspected)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.inspected_a > 0, self.found_a / np.maximum(self.inspected_a, 1), np.nan)

    @property
    def rate_found_b(self) -> np.ndarray:
        """Violations found per inspection in B (``nan`` where B was never inspected)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.inspected_b > 0, self.found_b / np.maximum(self.inspected_b, 1), np.nan)


def _params(params) -> InspectionUrn:
    """``params``, or the default urn if it is ``None``; anything else is an error."""
    if params is None:
        return InspectionUrn()
    return check_instance("params", params, InspectionUrn, hint="for example urn.InspectionUrn(rate_a=0.6)")


def _checkpoints(checkpoints, rounds: int) -> np.ndarray:
    if checkpoints is None:
        return np.array([rounds], dtype=np.int64)
    cps = check_real_array(
        "checkpoints", checkpoints, meaning="the rounds at which the share is recorded", whole=True, vector=True
    )
    if cps.min() < 0 or cps.max() > rounds:
        raise ValueError(f"checkpoints must lie between 0 and rounds={rounds} (got {cps.min()} to {cps.max()})")
    if np.any(np.diff(cps) <= 0):
        raise ValueError("checkpoints must be in increasing order, without repeats")
    return cps.astype(np.int64)


def _weights(q: np.ndarray, correction: bool) -> tuple[np.ndarray, np.ndarray] | tuple[float, float]:
    """Acceptance probabilities of a discovery in A and in B (the authors' correction)."""
    if not correction:
        return 1.0, 1.0
    m = np.maximum(q, 1.0 - q)
    return (1.0 - q) / m, q / m


def simulate(
    params: InspectionUrn | None = None,
    *,
    rounds: int = 1000,
    trajectories: int = 1000,
    seed: int | None = 0,
    checkpoints=None,
) -> UrnRun:
    """Run ``trajectories`` independent records for ``rounds`` inspections each, vectorised.

    Parameters
    ----------
    params : the urn (default ``InspectionUrn()``: equal rates 0.5, one ball each).
    rounds : inspections per trajectory.
    trajectories : number of independent trajectories.
    seed : master seed; block ``k`` of ``BLOCK`` trajectories uses child ``k`` of
        ``numpy.random.SeedSequence(seed)``, so a run is repeatable exactly.
    checkpoints : rounds at which to record the share (default: only the last round).
    """
    params = _params(params)
    rounds = check_int("rounds", rounds, meaning="inspections per trajectory", low=1, high=10**7)
    trajectories = check_int("trajectories", trajectories, meaning="the number of independent records", low=1)
    seed = check_seed(seed)
    cps = _checkpoints(checkpoints, rounds)

    n = trajectories
    share = np.empty((cps.size, n))
    counts = {k: np.empty(n) for k in ("inspected_a", "inspected_b", "found_a", "found_b", "counted_a", "counted_b")}
    children = np.random.SeedSequence(seed).spawn(-(-n // BLOCK))
    lam_a, lam_b = np.float32(params.rate_a), np.float32(params.rate_b)
    r_a, r_b = np.float32(params.report_a), np.float32(params.report_b)
    f = params.floor
    reports = params.report_a > 0 or params.report_b > 0

    for k, child in enumerate(children):
        lo, hi = k * BLOCK, min(n, (k + 1) * BLOCK)
        size = hi - lo
        rng = np.random.Generator(np.random.PCG64(child))
        # Single precision halves the memory traffic; counts stay exact (rounds <= 10**7).
        a = np.full(size, params.prior_a, dtype=np.float32)
        b = np.full(size, params.prior_b, dtype=np.float32)
        vis_a = np.zeros(size, dtype=np.float32)
        fnd_a = np.zeros(size, dtype=np.float32)
        fnd_b = np.zeros(size, dtype=np.float32)
        cps_iter = iter(enumerate(cps))
        next_cp = next(cps_iter)
        for t in range(rounds + 1):
            while next_cp is not None and next_cp[1] == t:
                share[next_cp[0], lo:hi] = a / (a + b)
                next_cp = next(cps_iter, None)
            if t == rounds:
                break
            q = a / (a + b)
            if f > 0:
                q = np.float32(0.5 * f) + np.float32(1.0 - f) * q
            u = rng.random(size, dtype=np.float32)
            to_a = u < q
            vis_a += to_a
            found_a = u < q * lam_a
            found_b = ~to_a & (u < q + (1 - q) * lam_b)
            fnd_a += found_a
            fnd_b += found_b
            if params.correction:
                w_a, w_b = _weights(q, True)
                a += u < q * lam_a * w_a
                b += ~to_a & (u < q + (1 - q) * lam_b * w_b)
            else:
                a += found_a
                b += found_b
            if reports:
                v = rng.random((2, size), dtype=np.float32)
                a += v[0] < r_a
                b += v[1] < r_b
        counts["inspected_a"][lo:hi] = vis_a
        counts["inspected_b"][lo:hi] = rounds - vis_a
        counts["found_a"][lo:hi] = fnd_a
        counts["found_b"][lo:hi] = fnd_b
        counts["counted_a"][lo:hi] = a - np.float32(params.prior_a)
        counts["counted_b"][lo:hi] = b - np.float32(params.prior_b)

    return UrnRun(params=params, rounds=rounds, seed=seed, checkpoints=cps, share=share, **counts)


# ---------------------------------------------------------------------------
# What the analysis says
# ---------------------------------------------------------------------------


def _share(x) -> np.ndarray:
    """``x``, A's share of the record, as a float array: numbers between 0 and 1."""
    x = check_real_array("x", x, meaning="A's share of the record")
    if np.any((x < 0) | (x > 1)):
        bad = x[(x < 0) | (x > 1)].flat[0]
        raise ValueError(f"x is a share of the record, so it must lie between 0 and 1 (got {bad:g})")
    return x


def _visit(x: np.ndarray, params: InspectionUrn) -> np.ndarray:
    return 0.5 * params.floor + (1.0 - params.floor) * x


def visit_probability(x, params: InspectionUrn | None = None) -> np.ndarray:
    """Probability that the inspection goes to A when A's share of the record is ``x``."""
    params = _params(params)
    return _visit(_share(x), params)


def drift(x, params: InspectionUrn | None = None) -> np.ndarray:
    r"""The mean-field change of A's share per round, up to a positive factor:
    :math:`E[\Delta A](1 - x) - E[\Delta B]\,x`, where :math:`E[\Delta A]` and
    :math:`E[\Delta B]` are the expected balls added when the share is ``x``.

    The share tends to rise where the drift is positive and to fall where it is negative;
    with equal rates and no options it is zero everywhere (the limit is random).
    """
    return _drift(_share(x), _params(params))


def _drift(x: np.ndarray, params: InspectionUrn) -> np.ndarray:
    """:func:`drift` for a checked share and urn."""
    q = _visit(x, params)
    w_a, w_b = _weights(q, params.correction)
    add_a = q * params.rate_a * w_a + params.report_a
    add_b = (1.0 - q) * params.rate_b * w_b + params.report_b
    return add_a * (1.0 - x) - add_b * x


def stable_limits(params: InspectionUrn | None = None, *, grid: int = 20001) -> np.ndarray | None:
    """The shares at which the record settles: stable zeros of :func:`drift` in [0, 1].

    Returns ``None`` when the drift vanishes everywhere: with equal rates and no options the
    limit is then random (see :func:`beta_limit_sd`); if nothing is ever found or reported
    the record simply stays where it started. Found on a fine grid and refined by
    bisection; accurate to about 1e-12. ``grid`` is the number of points, at least 101:
    whether 0 and 1 are stable is judged from the drift one grid step inside them.
    """
    params = _params(params)
    grid = check_int(
        "grid", grid, meaning="the number of points in [0, 1] at which the drift is evaluated", low=101, high=10**7
    )
    x = np.linspace(0.0, 1.0, grid)
    d = _drift(x, params)
    scale = max(params.rate_a, params.rate_b, params.report_a, params.report_b, 1e-300)
    if np.all(np.abs(d) < 1e-12 * scale):
        return None
    tol = 1e-12 * scale
    out = []
    # Boundaries: 0 is stable if the share falls just above it, 1 if it rises just below it.
    if d[1] < -tol:
        out.append(0.0)
    # Interior: sign changes from + to -.
    pos = d > tol
    neg = d < -tol
    idx = np.flatnonzero(pos[:-1] & neg[1:])
    for i in idx:
        lo, hi = x[i], x[i + 1]
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            if _drift(np.float64(mid), params) > 0:
                lo = mid
            else:
                hi = mid
        out.append(0.5 * (lo + hi))
    # A zero exactly on a grid point between a positive and a negative value.
    for i in np.flatnonzero(~pos[1:-1] & ~neg[1:-1]) + 1:
        if pos[i - 1] and neg[i + 1]:
            out.append(float(x[i]))
    if d[-2] > tol:
        out.append(1.0)
    return np.array(sorted(set(np.round(out, 12))))


def fixed_point_roots(params: InspectionUrn | None = None) -> np.ndarray:
    """Ensign et al.'s fixed points: the roots in [0, 1] of
    ``(c + d - a - b) x**2 + (a - 2c - d) x + c = 0`` for the expected update matrix
    ``((a, b), (c, d))`` (see ``InspectionUrn.matrix``). Valid for the urn without the
    correction and without a floor; returns every root in [0, 1], stable or not.
    """
    params = _params(params)
    if params.correction or params.floor > 0:
        raise ValueError(
            "fixed_point_roots is Ensign et al.'s equation for the plain urn: "
            "set correction=False and floor=0, or use stable_limits"
        )
    (a, b), (c, d) = params.matrix
    coef = [c + d - a - b, a - 2 * c - d, c]
    if all(abs(v) < 1e-15 for v in coef):
        return np.array([])  # every share is a fixed point
    roots = np.roots(coef) if abs(coef[0]) > 1e-15 else np.roots(coef[1:])
    roots = roots[np.abs(roots.imag) < 1e-12].real
    return np.sort(roots[(roots >= -1e-12) & (roots <= 1 + 1e-12)].clip(0, 1))


def beta_limit_sd(prior_a: float = 1.0, prior_b: float = 1.0) -> float:
    """Standard deviation of the random limit of Pólya's urn, ``Beta(prior_a, prior_b)``.

    From one ball each the limit is uniform and this is ``1/sqrt(12) = 0.2887``.
    """
    a = check_real("prior_a", prior_a, meaning="the starting weight of group A", low=0, low_open=True)
    b = check_real("prior_b", prior_b, meaning="the starting weight of group B", low=0, low_open=True)
    return math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))


def exact_share_sd(rounds: int, rate: float = 0.5, prior_a: float = 1.0, prior_b: float = 1.0) -> float:
    r"""The exact standard deviation of A's share after ``rounds`` rounds when both groups
    have the same violation rate ``rate`` (no reports, no correction, no floor).

    Each round adds a ball with probability ``rate`` whatever the share, so after ``n``
    additions (``n ~ Binomial(rounds, rate)``) the share is that of Pólya's urn: mean
    :math:`a/(a+b)` and variance :math:`n a b / ((a+b)^2 (a+b+1)(a+b+n))`. Averaging over
    ``n`` gives the variance; it tends to that of the Beta limit as ``rounds`` grows.
    """
    rounds = check_int("rounds", rounds, meaning="inspections per trajectory", low=0)
    rate = check_probability("rate", rate, meaning="the common violation rate")
    a = check_real("prior_a", prior_a, meaning="the starting weight of group A", low=0, low_open=True)
    b = check_real("prior_b", prior_b, meaning="the starting weight of group B", low=0, low_open=True)
    n = np.arange(rounds + 1)
    if rate in (0.0, 1.0):
        pmf = (n == (rounds if rate == 1.0 else 0)).astype(float)
    else:
        logfact = np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, rounds + 1)))])
        logpmf = logfact[rounds] - logfact[n] - logfact[rounds - n] + n * math.log(rate) + (rounds - n) * math.log1p(-rate)
        pmf = np.exp(logpmf)
    var_given_n = n * a * b / ((a + b) ** 2 * (a + b + 1) * (a + b + n))
    return float(math.sqrt(np.sum(pmf * var_given_n)))


def corrected_limit(rate_a: float, rate_b: float) -> float:
    """Where the corrected record settles: the true ratio ``rate_a / (rate_a + rate_b)``."""
    params = InspectionUrn(rate_a=rate_a, rate_b=rate_b, correction=True)
    if rate_a + rate_b == 0:
        raise ValueError("rate_a and rate_b are both 0: with no violations anywhere there is no ratio to learn")
    return params.true_share
