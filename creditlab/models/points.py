r"""A points ledger: catalogs, a start balance, grade bands, and synthetic residents.

Local credit-point schemes (Rongcheng, Suqian, Huantai and others) give each resident a
balance, add points for listed good deeds, subtract points for listed breaches, and sort
balances into grades. This module makes each piece explicit so that students can see which
design choice decides an outcome:

- a :class:`Catalog` lists events, their points and whether each is a reward (points > 0)
  or a sanction (points < 0); :func:`load_catalog` reads one from ``data/point_catalogs.csv``;
- :class:`Bands` are ordered grades with cut-offs; :func:`load_bands` reads them from
  ``data/point_bands.csv``;
- :class:`Ledger` is a start balance, a catalog and bands;
- :class:`Population` describes synthetic residents in groups, each group with its own
  yearly rate for every event;
- :func:`simulate` draws every resident's events at once (Poisson counts, seeded), records
  rewards and sanctions with their own probabilities, and computes balances and grades.

The ledger equation is

.. math:: B_i = B_0 + \sum_e p_e \, k_{ie},

where :math:`B_0` is the start balance, :math:`p_e` the points of event :math:`e` and
:math:`k_{ie}` the number of times event :math:`e` is *recorded* for resident :math:`i`.
Resident :math:`i` gets the top grade whose cut-off :math:`c_g` satisfies
:math:`B_i \ge c_g`.

Sources for the documented parts: Rongcheng's assessment standards (``rongcheng2018standards``)
for its deductions; The Economist (``economist2019chinas``) for Suqian's 1,000-point start,
its event types and its eight categories; Chinanews (``chinanews2022huantai``) for Huantai's
1,050-point threshold of the top grade. Engelmann et al. (2019, ``engelmann2019clear``) found
that sanctions are specified far more clearly than rewards; the ``record_reward``
parameter of :func:`simulate` lets students explore one consequence of vague rewards (ours,
not the paper's). Rongcheng's band cut-offs and all resident behaviour here are
illustrative.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from .. import datasets as ds
from .._validate import check_int, check_probability, check_real, check_real_array, check_seed

__all__ = [
    "Catalog",
    "Bands",
    "Ledger",
    "Group",
    "Population",
    "LedgerRun",
    "load_catalog",
    "load_bands",
    "simulate",
    "band_shares",
    "lowest_band_composition",
    "ILLUSTRATIVE_GROUPS",
    "illustrative_population",
    "SERIOUS_BREACHES",
]

KINDS = ("reward", "sanction")


@dataclass(frozen=True)
class Catalog:
    """Events with their points. ``kinds[i]`` is ``"reward"`` (points may not be negative) or
    ``"sanction"`` (points may not be positive). Zero points switch an event off: it still
    happens to residents but no longer counts (see :meth:`only`). ``ids`` name the events
    (e.g. ``"RC-S10"``)."""

    ids: tuple[str, ...]
    points: tuple[int, ...]
    kinds: tuple[str, ...]
    labels: tuple[str, ...] = ()
    name: str = "catalog"

    def __post_init__(self):
        ids, points, kinds = tuple(self.ids), tuple(self.points), tuple(self.kinds)
        if not ids:
            raise ValueError("a catalog needs at least one event")
        if not (len(ids) == len(points) == len(kinds)):
            raise ValueError(f"ids, points and kinds must have the same length (got {len(ids)}, {len(points)}, {len(kinds)})")
        if len(set(ids)) != len(ids):
            raise ValueError("event ids must be unique in a catalog")
        clean = []
        for eid, p, k in zip(ids, points, kinds):
            p = check_int(f"points of {eid}", p, meaning="points added or removed per record")
            if k not in KINDS:
                raise ValueError(f"kind of {eid} must be 'reward' or 'sanction' (got {k!r})")
            if k == "reward" and p < 0:
                raise ValueError(f"points of {eid} must be positive (or zero to switch it off): it is a reward (got {p})")
            if k == "sanction" and p > 0:
                raise ValueError(f"points of {eid} must be negative (or zero to switch it off): it is a sanction (got {p})")
            clean.append(p)
        labels = tuple(self.labels) or ids
        if len(labels) != len(ids):
            raise ValueError(f"labels must name every event (got {len(labels)} labels for {len(ids)} events)")
        object.__setattr__(self, "ids", ids)
        object.__setattr__(self, "points", tuple(clean))
        object.__setattr__(self, "kinds", kinds)
        object.__setattr__(self, "labels", labels)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def vector(self) -> np.ndarray:
        """The points as an integer array, in catalog order."""
        return np.array(self.points, dtype=np.int64)

    @property
    def is_reward(self) -> np.ndarray:
        return np.array([k == "reward" for k in self.kinds])

    def index(self, event_id: str) -> int:
        try:
            return self.ids.index(event_id)
        except ValueError:
            raise KeyError(f"{self.name} has no event {event_id!r}; events: {', '.join(self.ids)}") from None

    def with_points(self, **changes: int) -> "Catalog":
        """A copy with some events re-weighted: ``catalog.with_points(RC_S10=-5)``.

        Event ids use ``_`` for ``-`` in keyword form. The sign rules still apply.
        """
        points = list(self.points)
        for key, value in changes.items():
            points[self.index(key.replace("_", "-"))] = value
        return replace(self, points=tuple(points), name=f"{self.name} (re-weighted)")

    def only(self, event_ids) -> "Catalog":
        """A copy in which only the listed events count: every other event keeps its place
        (residents still do it) but is worth zero points."""
        keep = set(event_ids)
        unknown = keep - set(self.ids)
        if unknown:
            raise KeyError(f"{self.name} has no event(s) {', '.join(sorted(unknown))}")
        points = tuple(p if e in keep else 0 for e, p in zip(self.ids, self.points))
        return replace(self, points=points, name=f"{self.name} (only {len(keep)} events count)")


@dataclass(frozen=True)
class Bands:
    """Grades from the top down. ``cutoffs[g]`` is the lowest balance that earns grade ``g``;
    the last grade has no cut-off (it takes every balance below the one above it), so there
    is one cut-off fewer than grades. Cut-offs must strictly decrease."""

    labels: tuple[str, ...]
    cutoffs: tuple[float, ...]

    def __post_init__(self):
        labels, cutoffs = tuple(self.labels), tuple(self.cutoffs)
        if len(labels) < 2:
            raise ValueError(f"bands need at least 2 grades (got {len(labels)})")
        if len(set(labels)) != len(labels):
            raise ValueError("band labels must be unique")
        if len(cutoffs) != len(labels) - 1:
            raise ValueError(
                f"bands need one cut-off fewer than grades: the lowest grade has none "
                f"(got {len(cutoffs)} cut-offs for {len(labels)} grades)"
            )
        clean = [check_real(f"cut-off of band {lab}", c, meaning="lowest balance in the band") for lab, c in zip(labels, cutoffs)]
        for (a, ca), (b, cb) in zip(zip(labels, clean), zip(labels[1:], clean[1:])):
            if not cb < ca:
                raise ValueError(
                    f"bands are not ordered: the cut-off of {b} ({cb:g}) must be lower than that of {a} ({ca:g}), "
                    "because bands run from the top grade down"
                )
        object.__setattr__(self, "labels", labels)
        object.__setattr__(self, "cutoffs", tuple(clean))

    def assign(self, balances) -> np.ndarray:
        """Grade index (0 = top) for each balance: the first grade whose cut-off it reaches."""
        b = check_real_array("balances", balances, meaning="the point balances to grade")
        # cut-offs descend; count how many cut-offs lie strictly above each balance.
        ascending = np.array(self.cutoffs[::-1])
        return (len(self.cutoffs) - np.searchsorted(ascending, b, side="right")).astype(np.int64)

    def label_of(self, balances) -> np.ndarray:
        return np.array(self.labels)[self.assign(balances)]

    @property
    def lowest(self) -> int:
        return len(self.labels) - 1


@dataclass(frozen=True)
class Ledger:
    """A start balance, a catalog and grade bands. The start must not be negative."""

    start: float
    catalog: Catalog
    bands: Bands

    def __post_init__(self):
        object.__setattr__(self, "start", check_real("start", self.start, meaning="the balance everyone starts with", low=0))
        if not isinstance(self.catalog, Catalog):
            raise TypeError(f"catalog must be a Catalog (got {type(self.catalog).__name__})")
        if not isinstance(self.bands, Bands):
            raise TypeError(f"bands must be Bands (got {type(self.bands).__name__})")


@dataclass(frozen=True)
class Group:
    """A group of synthetic residents: its ``share`` of the population and its yearly rate
    of each event (a mapping from event id to expected records per year; missing events
    have rate 0)."""

    name: str
    share: float
    rates: dict = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "share", check_probability(f"share of group {self.name}", self.share, meaning="its part of the population"))
        clean = {}
        for event, rate in dict(self.rates).items():
            clean[event] = check_real(f"rate of {event} in group {self.name}", rate, meaning="expected records per year", low=0)
        object.__setattr__(self, "rates", clean)


@dataclass(frozen=True)
class Population:
    """Synthetic residents: ``n`` people in ``groups`` whose shares add up to 1, followed
    for ``years``."""

    n: int
    groups: tuple[Group, ...]
    years: float = 2.0

    def __post_init__(self):
        object.__setattr__(self, "n", check_int("n", self.n, meaning="the number of residents", low=2))
        object.__setattr__(self, "years", check_real("years", self.years, meaning="how long residents are followed", low=0, low_open=True))
        groups = tuple(self.groups)
        if not groups or not all(isinstance(g, Group) for g in groups):
            raise TypeError("groups must be a non-empty list of Group")
        total = sum(g.share for g in groups)
        if abs(total - 1.0) > 1e-9:
            raise ValueError(f"the shares of the groups must add up to 1 (got {total:g})")
        object.__setattr__(self, "groups", groups)

    def rate_matrix(self, catalog: Catalog) -> np.ndarray:
        """Yearly rates, shape ``(groups, events)``, aligned with ``catalog``. Rates for
        events the catalog does not contain are an error (a typo would silently vanish)."""
        mat = np.zeros((len(self.groups), len(catalog)))
        for gi, g in enumerate(self.groups):
            for event, rate in g.rates.items():
                mat[gi, catalog.index(event)] = rate
        return mat

    def group_sizes(self) -> np.ndarray:
        """Residents per group: shares times ``n``, rounded so that the sizes add up to ``n``."""
        shares = np.array([g.share for g in self.groups])
        sizes = np.floor(shares * self.n).astype(np.int64)
        remainder = self.n - sizes.sum()
        order = np.argsort(-(shares * self.n - sizes), kind="stable")
        sizes[order[:remainder]] += 1
        return sizes


@dataclass(frozen=True)
class LedgerRun:
    """The outcome of :func:`simulate` for one population.

    ``events`` are the counts that happened, ``recorded`` those that entered the ledger
    (both ``(n, E)`` integers); ``balance`` and ``band`` are per resident; ``group`` is each
    resident's group index.
    """

    ledger: Ledger
    population: Population
    group: np.ndarray
    events: np.ndarray
    recorded: np.ndarray
    balance: np.ndarray
    band: np.ndarray
    seed: int | None


def simulate(
    ledger: Ledger,
    population: Population,
    *,
    record_reward: float = 1.0,
    record_sanction: float = 1.0,
    seed: int | None = 0,
) -> LedgerRun:
    """Run every resident through the ledger at once.

    Each resident in group ``g`` has ``Poisson(rate[g, e] * years)`` events of kind ``e``;
    each event is recorded with probability ``record_reward`` (rewards) or
    ``record_sanction`` (sanctions), so recorded counts are binomial thinnings of the
    events. Balances follow the ledger equation and bands follow the cut-offs. The same
    seed reproduces the run exactly.
    """
    if not isinstance(ledger, Ledger):
        raise TypeError(f"ledger must be a Ledger (got {type(ledger).__name__})")
    if not isinstance(population, Population):
        raise TypeError(f"population must be a Population (got {type(population).__name__})")
    pr = check_probability("record_reward", record_reward, meaning="the chance that a good deed is recorded")
    ps = check_probability("record_sanction", record_sanction, meaning="the chance that a breach is recorded")
    seed = check_seed(seed)
    rng = np.random.default_rng(seed)
    cat = ledger.catalog
    rates = population.rate_matrix(cat)
    group = np.repeat(np.arange(len(population.groups)), population.group_sizes())
    lam = rates[group] * population.years
    events = rng.poisson(lam)
    p_record = np.where(cat.is_reward, pr, ps)
    recorded = rng.binomial(events, np.broadcast_to(p_record, events.shape))
    balance = ledger.start + recorded @ cat.vector
    return LedgerRun(
        ledger=ledger,
        population=population,
        group=group,
        events=events,
        recorded=recorded,
        balance=balance.astype(float),
        band=ledger.bands.assign(balance),
        seed=seed,
    )


def band_shares(run: LedgerRun) -> np.ndarray:
    """Share of residents in each band, shape ``(groups, bands)``: row ``g`` is group ``g``."""
    k = len(run.ledger.bands.labels)
    out = np.zeros((len(run.population.groups), k))
    for g in range(len(run.population.groups)):
        mine = run.band[run.group == g]
        out[g] = np.bincount(mine, minlength=k) / max(mine.size, 1)
    return out


def lowest_band_composition(run: LedgerRun) -> dict[str, float]:
    """Who is in the lowest band? The share of its members from each group (empty band: zeros)."""
    low = run.band == run.ledger.bands.lowest
    total = int(low.sum())
    return {g.name: (float((low & (run.group == i)).sum()) / total if total else 0.0) for i, g in enumerate(run.population.groups)}


# ---------------------------------------------------------------------------
# The lab's synthetic residents (illustrative)
# ---------------------------------------------------------------------------

#: Yearly event rates of the lab's two illustrative groups of residents, keyed by Rongcheng
#: catalog ids. They are assumptions for teaching, not estimates: residents with irregular
#: income are assumed to pay fees late and fall into arrears more often, and to have less
#: time for village clean-ups; serious breaches are rare in both groups.
ILLUSTRATIVE_GROUPS = {
    "steady income": (
        0.8,
        {"RC-S03": 0.2, "RC-S10": 0.3, "RC-S01": 0.02, "RC-S02": 0.01, "RC-S07": 0.01,
         "RC-S08": 0.004, "RC-S13": 0.002, "RC-R01": 3.0, "RC-R02": 0.05},
    ),
    "irregular income": (
        0.2,
        {"RC-S03": 1.5, "RC-S10": 2.0, "RC-S01": 0.06, "RC-S02": 0.02, "RC-S07": 0.04,
         "RC-S08": 0.004, "RC-S13": 0.004, "RC-R01": 1.0, "RC-R02": 0.01},
    ),
}

#: Rongcheng catalog items we class as serious breaches (our classification, not the city's):
#: findings by a court or arbitration body, investigations for illegal fund-raising, fraud,
#: counterfeiting, and tampering with, stealing from or damaging public utilities. The
#: others are late payments and breaches of contract without a court finding.
SERIOUS_BREACHES = ("RC-S02", "RC-S05", "RC-S07", "RC-S08", "RC-S09", "RC-S11", "RC-S12", "RC-S13", "RC-S14")


def illustrative_population(n: int = 10_000, years: float = 2.0) -> Population:
    """The lab's synthetic residents: :data:`ILLUSTRATIVE_GROUPS`, ``n`` people, ``years`` years."""
    return Population(n, tuple(Group(name, share, rates) for name, (share, rates) in ILLUSTRATIVE_GROUPS.items()), years=years)


# ---------------------------------------------------------------------------
# Loading catalogs and bands from data/
# ---------------------------------------------------------------------------


def load_catalog(scheme: str, *, directory=None) -> Catalog:
    """The events of one scheme from ``data/point_catalogs.csv``.

    Besides the schema's checks, a reward with points <= 0 or a sanction with points >= 0
    is reported as a :class:`creditlab.datasets.DataError` naming the file, the record and
    the field.
    """
    data = ds.load("point_catalogs", directory=directory)
    rows = data.where(scheme=scheme)
    if not rows:
        schemes = sorted(set(data.column("scheme")))
        raise ValueError(f"no catalog for scheme {scheme!r}; schemes: {', '.join(schemes)}")
    problems = []
    for r in rows:
        if r["kind"] == "reward" and r["points"] <= 0:
            problems.append(f"{data.locate(r)}: field 'points': a reward must add points (got {r['points']})")
        if r["kind"] == "sanction" and r["points"] >= 0:
            problems.append(f"{data.locate(r)}: field 'points': a sanction must remove points (got {r['points']})")
    if problems:
        raise ds.DataError(data.path, problems)
    return Catalog(
        ids=tuple(r["id"] for r in rows),
        points=tuple(r["points"] for r in rows),
        kinds=tuple(r["kind"] for r in rows),
        labels=tuple(r["event"] for r in rows),
        name=f"{scheme} catalog",
    )


def load_bands(scheme: str, *, directory=None) -> Bands:
    """The grade bands of one scheme from ``data/point_bands.csv``.

    Rows are ordered by ``rank``. Ranks must run 1, 2, ... without gaps; every band but the
    lowest needs ``min_points`` and the lowest must have none; cut-offs must fall as the rank
    rises. Each problem names the file, the record and the field.
    """
    data = ds.load("point_bands", directory=directory)
    rows = sorted(data.where(scheme=scheme), key=lambda r: r["rank"])
    if not rows:
        schemes = sorted(set(data.column("scheme")))
        raise ValueError(f"no bands for scheme {scheme!r}; schemes: {', '.join(schemes)}")
    problems = []
    for expected, r in enumerate(rows, 1):
        if r["rank"] != expected:
            problems.append(f"{data.locate(r)}: field 'rank': expected rank {expected} (ranks must run 1, 2, 3 ... without gaps), got {r['rank']}")
    for r in rows[:-1]:
        if r["min_points"] is None:
            problems.append(f"{data.locate(r)}: field 'min_points': every band except the lowest needs a cut-off")
    if rows[-1]["min_points"] is not None and len(rows) > 1:
        problems.append(f"{data.locate(rows[-1])}: field 'min_points': the lowest band takes every balance below the next, so it has no cut-off")
    for a, b in zip(rows[:-2], rows[1:-1]):
        if a["min_points"] is not None and b["min_points"] is not None and not b["min_points"] < a["min_points"]:
            problems.append(
                f"{data.locate(b)}: field 'min_points': {b['min_points']} must be lower than the cut-off of the band above "
                f"({a['id']}, {a['min_points']})"
            )
    if problems:
        raise ds.DataError(data.path, problems)
    return Bands(labels=tuple(r["band"] for r in rows), cutoffs=tuple(r["min_points"] for r in rows[:-1]))
