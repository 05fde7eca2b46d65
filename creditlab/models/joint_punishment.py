r"""Joint punishment as a bipartite network: how far does one listing reach?

Under a joint punishment memorandum, a body that lists someone (here the Supreme People's
Court's list of judgment defaulters) shares the listing, and every other signatory applies
its own measures. The January 2016 memorandum on judgment defaulters was signed by 44
central bodies and contains 55 measures in 8 categories (``chinadaily2016mou``,
``finder2016spc``; the signatories are listed in ``ndrc2016memorandum`` and in
``data/mou2016_signatories.csv``).

The network: bodies :math:`b` and measures :math:`j`, with :math:`A_{jb} = 1` if body
:math:`b` carries out measure :math:`j`. A listing triggers the set :math:`T` of measures;
its reach is

.. math::

    |T| \text{ measures}, \qquad
    \bigl|\{\, b : \textstyle\sum_{j \in T} A_{jb} > 0 \,\}\bigr| \text{ bodies}, \qquad
    \textstyle\sum_{j \in T} \sum_b A_{jb} \text{ actions (body-measure pairs)}.

What is documented and what is not: the counts (44, 55, 8) and the list of signatories are
documented; which body carries out which measure, each measure's category, its legal basis
and its severity are in the memorandum's annex, which we could not read. So
:func:`illustrative_networks` draws many networks *consistent with the documented counts*
(under stated assumptions), and the lab reports which results the documented facts fix and
which depend on the unknown assignment.

The 2020 rules (State Council General Office, Guobanfa [2020] No. 49, ``statecouncil2020no49``)
require that punishments have a basis in law, administrative regulations or central
policy, and that the kind and intensity of a measure fit the seriousness of the conduct
(``cjo2020state``). :func:`apply_2020_rules` models both as filters on the triggered
measures; the share of measures with a legal basis and the severity of each are knobs,
not data.
"""

from __future__ import annotations

import reprlib
from dataclasses import dataclass

import numpy as np

from .. import datasets as ds
from .._validate import check_bool, check_instance, check_int, check_probability, check_real_array, check_seed

__all__ = [
    "MemorandumNetwork",
    "Reach",
    "reach",
    "documented_counts",
    "load_signatories",
    "illustrative_networks",
    "apply_2020_rules",
    "reach_distribution",
]


def _mask(name: str, values, meaning: str) -> np.ndarray:
    """True/False values (or 1 and 0) as a boolean array; text, None and other numbers are errors."""
    label = f"{name} ({meaning})"
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{label} must hold True or False values (got the text {values!r})")
    try:
        arr = np.asarray(values)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{label} must hold True or False values (got {values!r}: {exc})") from None
    if arr.dtype == bool:
        return arr
    if arr.dtype.kind in "iuf" and np.all((arr == 0) | (arr == 1)):
        return arr.astype(bool)
    raise TypeError(f"{label} must hold True or False values, or 1 and 0 (got {reprlib.repr(values)})")


@dataclass(frozen=True)
class MemorandumNetwork:
    """One or many (``S``) networks of ``B`` bodies and ``M`` measures.

    ``implements`` is boolean, shape ``(S, M, B)``; ``category`` (integer, ``(S, M)``),
    ``severity`` (1 = mild ... 3 = severe, ``(S, M)``) and ``legal_basis`` (boolean,
    ``(S, M)``) describe each measure. A single network may be given without the leading
    ``S`` axis; it is stored with ``S = 1``.
    """

    bodies: tuple[str, ...]
    implements: np.ndarray
    category: np.ndarray
    severity: np.ndarray
    legal_basis: np.ndarray

    def __post_init__(self):
        imp = _mask("implements", self.implements, "which body carries out which measure")
        if imp.ndim == 2:
            imp = imp[None]
        if imp.ndim != 3:
            raise ValueError(f"implements must have shape (measures, bodies) or (networks, measures, bodies) (got {imp.shape})")
        S, M, B = imp.shape
        if len(self.bodies) != B:
            raise ValueError(f"implements has {B} body columns but {len(self.bodies)} bodies are named")
        if M < 1 or B < 1:
            raise ValueError("a memorandum needs at least one measure and one body")
        if not imp.any(axis=2).all():
            raise ValueError("every measure needs at least one body that carries it out")

        def per_measure(name, arr):
            if arr.ndim == 1:
                arr = arr[None]
            if arr.shape != (S, M):
                raise ValueError(f"{name} must have one value per measure, shape {(S, M)} (got {arr.shape})")
            return arr

        sev = per_measure("severity", check_real_array(
            "severity", self.severity, meaning="how severe each measure is, 1 (mild), 2 or 3 (severe)", whole=True
        ))
        if np.any((sev < 1) | (sev > 3)):
            raise ValueError("severity must be 1 (mild), 2 or 3 (severe) for every measure")
        object.__setattr__(self, "bodies", tuple(self.bodies))
        object.__setattr__(self, "implements", imp)
        category = check_real_array("category", self.category, meaning="each measure's category, numbered from 0", whole=True, low=0)
        object.__setattr__(self, "category", per_measure("category", category))
        object.__setattr__(self, "severity", sev)
        legal = _mask("legal_basis", self.legal_basis, "whether each measure has a basis in law")
        object.__setattr__(self, "legal_basis", per_measure("legal_basis", legal))

    @property
    def shape(self) -> tuple[int, int, int]:
        """(networks, measures, bodies)."""
        return self.implements.shape


@dataclass(frozen=True)
class Reach:
    """How far a listing reaches in each network: arrays of shape ``(S,)``."""

    measures: np.ndarray
    bodies: np.ndarray
    actions: np.ndarray
    categories: np.ndarray


def reach(network: MemorandumNetwork, triggered=None) -> Reach:
    """Measures triggered, bodies that act, body-measure actions and categories touched, per network.

    ``triggered`` is a boolean ``(S, M)`` or ``(M,)`` mask of the measures a listing sets
    off; by default all of them (a defaulter listing triggers every measure of the
    memorandum).
    """
    network = _network(network)
    S, M, B = network.shape
    if triggered is None:
        t = np.ones((S, M), dtype=bool)
    else:
        mask = _mask("triggered", triggered, "the measures a listing sets off")
        try:
            t = np.broadcast_to(mask, (S, M))
        except ValueError:
            raise ValueError(
                f"triggered (the measures a listing sets off) must have one value per measure, shape ({M},) "
                f"or ({S}, {M}) for these {S} network(s) of {M} measures (got shape {mask.shape})"
            ) from None
    active = network.implements & t[:, :, None]
    n_cat = int(network.category.max()) + 1
    cats = np.zeros((S, n_cat), dtype=bool)
    rows = np.broadcast_to(np.arange(S)[:, None], (S, M))
    cats[rows[t], network.category[t]] = True
    return Reach(
        measures=t.sum(axis=1),
        bodies=active.any(axis=1).sum(axis=1),
        actions=active.sum(axis=(1, 2)),
        categories=cats.sum(axis=1),
    )


def _network(network) -> MemorandumNetwork:
    return check_instance("network", network, MemorandumNetwork, hint="for example jp.illustrative_networks()")


def documented_counts(directory=None) -> dict[str, int]:
    """The documented counts from ``data/joint_punishment_figures.csv``: bodies, measures, categories."""
    data = ds.load("joint_punishment_figures", directory=directory)
    return {
        "bodies": data.by_id("JP01")["value"],
        "measures": data.by_id("JP02")["value"],
        "categories": data.by_id("JP03")["value"],
    }


def load_signatories(directory=None) -> list[dict]:
    """The signatories from ``data/mou2016_signatories.csv``, in the notice's order."""
    return sorted(ds.load("mou2016_signatories", directory=directory).records, key=lambda r: r["order"])


def illustrative_networks(
    n_bodies: int = 44,
    n_measures: int = 55,
    n_categories: int = 8,
    *,
    co_implement: float = 0.02,
    legal_basis_share: float = 0.7,
    networks: int = 1000,
    seed: int | None = 0,
    bodies: tuple[str, ...] | None = None,
) -> MemorandumNetwork:
    """Draw ``networks`` networks consistent with the documented counts. Illustrative.

    Assumptions (ours, because the annex is not in our data): every signatory carries out
    at least one measure (why sign otherwise?), so each body is first given one distinct
    measure while measures remain, and every measure left without a body is given one
    body at random; each further (measure, body) pair is added with probability
    ``co_implement`` (joint implementation). Each measure falls in one of ``n_categories``
    categories at random (each category used at least once), has severity 1, 2 or 3 with
    equal chances, and has a legal basis with probability ``legal_basis_share``.
    """
    n_bodies = check_int("n_bodies", n_bodies, meaning="the number of signatory bodies", low=1)
    n_measures = check_int("n_measures", n_measures, meaning="the number of measures", low=1)
    n_categories = check_int("n_categories", n_categories, meaning="the number of categories of measures", low=1)
    if n_categories > n_measures:
        raise ValueError(f"n_categories ({n_categories}) cannot exceed n_measures ({n_measures}): each category needs a measure")
    co = check_probability("co_implement", co_implement, meaning="the chance that a further body shares a measure")
    lb = check_probability("legal_basis_share", legal_basis_share, meaning="the share of measures with a basis in law")
    S = check_int("networks", networks, meaning="the number of networks to draw", low=1)
    if bodies is None:
        bodies = tuple(f"body {i + 1}" for i in range(n_bodies))
    elif len(bodies) != n_bodies:
        raise ValueError(f"bodies names {len(bodies)} bodies but n_bodies is {n_bodies}")
    rng = np.random.default_rng(check_seed(seed))
    M, B = n_measures, n_bodies
    rows = np.arange(S)[:, None]
    imp = rng.random((S, M, B)) < co
    # One distinct measure for each body while measures remain (random order per network).
    measure_order = rng.permuted(np.broadcast_to(np.arange(M), (S, M)), axis=1)
    body_order = rng.permuted(np.broadcast_to(np.arange(B), (S, B)), axis=1)
    k = min(M, B)
    imp[rows, measure_order[:, :k], body_order[:, :k]] = True
    # Bodies left over (B > M) get a random measure; measures left over (M > B) a random body.
    if B > M:
        imp[rows, rng.integers(0, M, size=(S, B - M)), body_order[:, M:]] = True
    if M > B:
        imp[rows, measure_order[:, B:], rng.integers(0, B, size=(S, M - B))] = True
    # Categories: every category used at least once, the rest at random.
    extra = rng.integers(0, n_categories, size=(S, M - n_categories))
    category = np.concatenate([np.broadcast_to(np.arange(n_categories), (S, n_categories)), extra], axis=1)
    category = rng.permuted(category, axis=1)
    severity = rng.integers(1, 4, size=(S, M))
    legal = rng.random((S, M)) < lb
    return MemorandumNetwork(bodies=tuple(bodies), implements=imp, category=category, severity=severity, legal_basis=legal)


def apply_2020_rules(network: MemorandumNetwork, seriousness: int = 3, *, require_legal_basis: bool = True) -> np.ndarray:
    """The measures a listing may still trigger under the 2020 rules, as an ``(S, M)`` mask.

    Two filters, as we model Guobanfa [2020] No. 49: with ``require_legal_basis`` only
    measures with a basis in law, regulation or central policy remain; and only measures
    whose severity does not exceed the ``seriousness`` of the conduct (1 = minor, 2, 3 =
    most serious) remain (proportionality).
    """
    network = _network(network)
    s = check_int("seriousness", seriousness, meaning="how serious the listed conduct is, 1 (minor) to 3 (most serious)", low=1, high=3)
    require_legal_basis = check_bool(
        "require_legal_basis", require_legal_basis, meaning="keep only measures with a basis in law"
    )
    keep = network.severity <= s
    if require_legal_basis:
        keep &= network.legal_basis
    return keep


def reach_distribution(values: np.ndarray, level: float = 0.9) -> dict[str, float]:
    """Mean and central ``level`` range of a reach statistic over networks."""
    level = check_probability("level", level, meaning="the share of networks the range covers")
    v = check_real_array("values", values, meaning="a reach statistic, one value per network")
    if v.size == 0:
        raise ValueError("values (a reach statistic, one value per network) is empty: give at least one value")
    lo, hi = np.quantile(v, [(1 - level) / 2, 1 - (1 - level) / 2])
    return {"mean": float(v.mean()), "low": float(lo), "high": float(hi), "min": float(v.min()), "max": float(v.max())}
