r"""Trust among strangers, with and without history: the investment game of Berg et al. (1995).

References
----------
- Berg, J., Dickhaut, J. & McCabe, K. (1995). Trust, reciprocity, and social history.
  *Games and Economic Behavior* 10(1), 122-142. doi:10.1006/game.1995.1027
  (``berg1995trust`` in the bibliography).

The game: a sender and a receiver each hold an endowment :math:`E` (10 dollars). The sender
passes :math:`s \in \{0, \dots, E\}`; it is multiplied by :math:`m` (3) on the way; the
receiver returns :math:`r \in [0, m s]`. Payoffs are

.. math::

    \pi_{\text{sender}} = E - s + r, \qquad \pi_{\text{receiver}} = E + m s - r,

so the pair's total, :math:`2E + (m - 1) s`, grows with every dollar trusted, whatever is
returned. With selfish players who know each other to be selfish, the receiver returns
nothing and the sender sends nothing (the subgame-perfect prediction). In the experiment,
32 anonymous pairs played once (no history); 28 new pairs played after reading a summary of
those 32 decisions (social history). The published means (Fig. 2 and Fig. 3 captions) are

==================  ==========  ==============
treatment           mean sent   mean returned
==================  ==========  ==============
no history          5.16        4.66
social history      5.36        6.46
==================  ==========  ==============

and :data:`PUBLISHED` holds them. The pair-level values in ``data/berg1995_trust.csv`` were
extracted from the paper's Figures 2 and 3 by a third party's automated pipeline
(HumanStudy-Bench; unreviewed there, see the data set's schema); :func:`summary` reproduces
the means to the cent and the tests check the distribution of amounts sent. The means above
are the figure captions as that same extraction quotes them, so the agreement is not an
independent check of the transcription.

The second half of the module is ours, not the paper's: :func:`record_policy` contrasts the
*aggregate* history the subjects saw (one report, the same for everyone) with an
*individual* record (each receiver's own past), the way a credit record works.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import datasets as ds
from .._validate import check_bool, check_instance, check_int, check_probability, check_real, check_real_array, check_seed

__all__ = [
    "PUBLISHED",
    "TREATMENTS",
    "TrustGame",
    "TrustData",
    "load_berg1995",
    "payoffs",
    "summary",
    "sent_distribution",
    "bootstrap_difference",
    "return_fractions",
    "record_policy",
    "RecordPolicyResult",
]

TREATMENTS = ("no-history", "social-history")

#: Published values (Berg et al. 1995): mean dollars sent and returned (Fig. 2 caption for
#: no history, Fig. 3 for social history) and, for no history, the number of senders who
#: sent 0, 1, ..., 10 dollars (Fig. 2).
PUBLISHED = {
    "no-history": {
        "pairs": 32,
        "mean_sent": 5.16,
        "mean_returned": 4.66,
        "sent_counts": (2, 2, 2, 4, 2, 6, 5, 3, 1, 0, 5),
    },
    "social-history": {"pairs": 28, "mean_sent": 5.36, "mean_returned": 6.46},
}


@dataclass(frozen=True)
class TrustGame:
    """The rules of the investment game: each player's ``endowment`` and the ``multiplier``
    applied to the amount sent (Berg et al.: 10 dollars and 3)."""

    endowment: float = 10.0
    multiplier: float = 3.0

    def __post_init__(self):
        e = check_real("endowment", self.endowment, meaning="what each player holds at the start", low=0, low_open=True)
        m = check_real("multiplier", self.multiplier, meaning="the factor applied to the amount sent", low=0, low_open=True)
        object.__setattr__(self, "endowment", e)
        object.__setattr__(self, "multiplier", m)


def _as_array(name: str, values, meaning: str) -> np.ndarray:
    arr = check_real_array(name, values, meaning=meaning)
    if arr.ndim > 1:
        raise ValueError(f"{name} must be a number or a one-dimensional list of numbers (got shape {arr.shape})")
    return arr


def _game(game) -> TrustGame:
    """``game``, or Berg et al.'s rules if it is ``None``; anything else is an error."""
    if game is None:
        return TrustGame()
    return check_instance("game", game, TrustGame, hint="for example tg.TrustGame(endowment=10, multiplier=3)")


def _data(data) -> "TrustData":
    return check_instance("data", data, TrustData, hint="for example tg.load_berg1995()")


def payoffs(sent, returned, game: TrustGame | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Sender and receiver payoffs for arrays of amounts sent and returned.

    Raises ``ValueError`` naming the parameter if an amount sent lies outside
    ``[0, endowment]`` or an amount returned outside ``[0, multiplier * sent]``.
    """
    game = _game(game)
    s = _as_array("sent", sent, "the dollars each sender passed")
    r = _as_array("returned", returned, "the dollars each receiver sent back")
    if s.shape != r.shape:
        raise ValueError(f"sent and returned must have the same shape: one amount returned for each amount sent (got {s.shape} and {r.shape})")
    # The range checks index into the amounts: view single numbers as one pair.
    s1, r1 = np.atleast_1d(s), np.atleast_1d(r)
    if np.any((s1 < 0) | (s1 > game.endowment)):
        bad = s1[(s1 < 0) | (s1 > game.endowment)][0]
        raise ValueError(f"sent must lie in [0, {game.endowment:g}], the sender's endowment (got {bad:g})")
    cap = game.multiplier * s1
    if np.any((r1 < 0) | (r1 > cap + 1e-9)):
        i = int(np.flatnonzero((r1 < 0) | (r1 > cap + 1e-9))[0])
        pair = f" for pair {i}" if s.ndim else ""
        raise ValueError(
            f"returned must lie in [0, multiplier * sent] = [0, {cap[i]:g}]{pair} "
            f"(got {r1[i]:g}): a receiver cannot return more than arrived"
        )
    return game.endowment - s + r, game.endowment + game.multiplier * s - r


@dataclass(frozen=True)
class TrustData:
    """Pair-level data: parallel arrays, one entry per pair."""

    ids: tuple[str, ...]
    treatment: np.ndarray  # str
    sent: np.ndarray  # int
    returned: np.ndarray  # int

    def select(self, treatment: str) -> "TrustData":
        """The pairs of one treatment (``"no-history"`` or ``"social-history"``)."""
        if treatment not in TREATMENTS:
            raise ValueError(f"treatment must be one of {', '.join(TREATMENTS)} (got {treatment!r})")
        keep = self.treatment == treatment
        return TrustData(
            ids=tuple(i for i, k in zip(self.ids, keep) if k),
            treatment=self.treatment[keep],
            sent=self.sent[keep],
            returned=self.returned[keep],
        )

    def __len__(self) -> int:
        return len(self.ids)


def load_berg1995(directory=None, game: TrustGame | None = None) -> TrustData:
    """Load ``data/berg1995_trust.csv`` through :func:`creditlab.datasets.load`.

    Beyond the schema's checks (types, ranges, citations), every pair must respect the
    rules of the game: nobody can return more than three times what was sent. A broken
    record raises :class:`creditlab.datasets.DataError` naming the file, the record and
    the field.
    """
    game = _game(game)
    data = ds.load("berg1995_trust", directory=directory)
    problems = []
    for rec in data:
        if rec["sent"] > game.endowment:
            problems.append(f"{data.locate(rec)}: field 'sent': {rec['sent']} is more than the endowment {game.endowment:g}")
        if rec["returned"] > game.multiplier * rec["sent"]:
            problems.append(
                f"{data.locate(rec)}: field 'returned': {rec['returned']} is more than {game.multiplier:g} times "
                f"the {rec['sent']} sent, so it cannot have been returned"
            )
    if problems:
        raise ds.DataError(data.path, problems)
    return TrustData(
        ids=tuple(data.column("id")),
        treatment=np.array(data.column("treatment")),
        sent=np.array(data.column("sent"), dtype=np.int64),
        returned=np.array(data.column("returned"), dtype=np.int64),
    )


def summary(data: TrustData, game: TrustGame | None = None) -> dict[str, dict[str, float]]:
    """Statistics per treatment: pairs, mean sent and returned, share of senders who sent
    something, mean sender and receiver payoff, and the return ratio (dollars returned per
    dollar that arrived, pooled over pairs that sent something)."""
    data = _data(data)
    game = _game(game)
    out = {}
    for t in TREATMENTS:
        d = data.select(t)
        if len(d) == 0:
            continue
        ps, pr = payoffs(d.sent, d.returned, game)
        trusted = d.sent > 0
        out[t] = {
            "pairs": len(d),
            "mean_sent": float(d.sent.mean()),
            "mean_returned": float(d.returned.mean()),
            "share_sending": float(trusted.mean()),
            "mean_sender_payoff": float(ps.mean()),
            "mean_receiver_payoff": float(pr.mean()),
            "return_ratio": float(d.returned[trusted].sum() / (game.multiplier * d.sent[trusted].sum())),
        }
    return out


def sent_distribution(data: TrustData, treatment: str, endowment: int = 10) -> np.ndarray:
    """Number of senders who sent 0, 1, ..., ``endowment`` dollars in one treatment."""
    data = _data(data)
    endowment = check_int("endowment", endowment, meaning="the largest amount that can be sent", low=1)
    return np.bincount(data.select(treatment).sent, minlength=endowment + 1)


_STATISTICS = ("returned", "sent", "sender_payoff", "return_ratio")


def _statistic(name: str, sent: np.ndarray, returned: np.ndarray, game: TrustGame) -> np.ndarray:
    """A statistic over the last axis of (resampled) arrays."""
    if name == "returned":
        return returned.mean(axis=-1)
    if name == "sent":
        return sent.mean(axis=-1)
    if name == "sender_payoff":
        return (game.endowment - sent + returned).mean(axis=-1)
    # return ratio: pooled dollars returned per dollar that arrived
    with np.errstate(invalid="ignore", divide="ignore"):
        return returned.sum(axis=-1) / (game.multiplier * sent.sum(axis=-1))


def bootstrap_difference(
    data: TrustData,
    statistic: str = "returned",
    *,
    n_boot: int = 10_000,
    seed: int | None = 0,
    level: float = 0.95,
    game: TrustGame | None = None,
    keep_draws: bool = False,
) -> dict:
    """Did the social-history report raise ``statistic``? A seeded percentile bootstrap.

    Pairs are resampled with replacement within each treatment, ``n_boot`` times, all at once
    (two integer index arrays of shape ``(n_boot, n)``). Returns the observed difference
    (social history minus no history), the ``level`` percentile interval, and the share of
    bootstrap differences at or below zero (a one-sided indication, not a p-value of the
    paper). ``statistic`` is ``"returned"`` (mean dollars returned), ``"sent"``,
    ``"sender_payoff"`` (10 - sent + returned) or ``"return_ratio"`` (pooled returned per
    dollar that arrived). The same seed gives the same interval. With ``keep_draws`` the
    bootstrap differences themselves are returned under ``"draws"`` (for a histogram).
    """
    if statistic not in _STATISTICS:
        raise ValueError(f"statistic must be one of {', '.join(_STATISTICS)} (got {statistic!r})")
    data = _data(data)
    game = _game(game)
    n_boot = check_int("n_boot", n_boot, meaning="the number of bootstrap resamples", low=100)
    keep_draws = check_bool("keep_draws", keep_draws, meaning="whether to return every resampled difference")
    level = check_probability("level", level, meaning="the coverage of the interval")
    if not 0.5 <= level < 1:
        raise ValueError(f"level (the coverage of the interval) must lie in [0.5, 1) (got {level:g})")
    rng = np.random.default_rng(check_seed(seed))
    diffs = np.zeros(n_boot)
    observed = 0.0
    for sign, t in ((-1.0, "no-history"), (1.0, "social-history")):
        d = data.select(t)
        if len(d) < 2:
            raise ValueError(f"each treatment needs at least 2 pairs to bootstrap (treatment {t} has {len(d)})")
        idx = rng.integers(0, len(d), size=(n_boot, len(d)))
        diffs += sign * _statistic(statistic, d.sent[idx], d.returned[idx], game)
        observed += sign * float(_statistic(statistic, d.sent, d.returned, game))
    diffs = diffs[np.isfinite(diffs)]
    alpha = (1.0 - level) / 2.0
    low, high = np.quantile(diffs, [alpha, 1.0 - alpha])
    out = {
        "statistic": statistic,
        "observed": observed,
        "ci_low": float(low),
        "ci_high": float(high),
        "level": level,
        "share_at_or_below_zero": float(np.mean(diffs <= 0.0)),
        "n_boot": int(diffs.size),
    }
    if keep_draws:
        out["draws"] = diffs
    return out


# ---------------------------------------------------------------------------
# Ours: aggregate history versus an individual record
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordPolicyResult:
    """Outcomes of :func:`record_policy`, averaged over simulated matchings.

    Each field is a dict with keys ``"aggregate"`` and ``"record"``.
    """

    sender_payoff: dict
    receiver_payoff: dict
    total_payoff: dict
    share_trusted: dict
    share_reciprocators_excluded: dict
    threshold: float
    record_error: float


def return_fractions(data: TrustData, treatment: str = "no-history", game: TrustGame | None = None) -> np.ndarray:
    """Each receiver's return fraction r = returned / (multiplier * sent), for pairs that sent something."""
    data = _data(data)
    game = _game(game)
    d = data.select(treatment)
    trusted = d.sent > 0
    return d.returned[trusted] / (game.multiplier * d.sent[trusted])


def record_policy(
    fractions,
    *,
    aggregate_sent: float = 5.0,
    threshold: float = 1.0 / 3.0,
    record_error: float = 0.0,
    matchings: int = 2000,
    seed: int | None = 0,
    game: TrustGame | None = None,
) -> RecordPolicyResult:
    r"""Aggregate history versus an individual record: what changes, and for whom?

    Our thought experiment, not the paper's. Receivers are drawn from ``fractions`` (each
    receiver returns the fraction :math:`r` of what arrives; the lab uses the no-history
    receivers' own fractions). Two ways a sender can use history:

    - **aggregate** (what Berg et al.'s subjects saw): one report, the same for everyone, so
      every receiver is sent the same amount ``aggregate_sent``;
    - **record** (what a credit record is): the sender sees the receiver's own past
      fraction and sends the whole endowment if it is at least ``threshold`` (at
      :math:`r = 1/m` a sender gets back what it sent), nothing otherwise. With probability
      ``record_error`` the record shows another, random receiver's past instead.

    The receiver's behaviour is assumed fixed (a "type"), which the one-shot experiment
    cannot show. Returns mean payoffs, the share of receivers trusted, and the share of
    reciprocators (``r >= threshold``) who are sent nothing. Vectorised over ``matchings``
    simulated populations.
    """
    game = _game(game)
    r = _as_array("fractions", fractions, "each receiver's share of what arrived that it sent back")
    if r.size < 2:
        raise ValueError(f"fractions needs at least 2 receivers (got {r.size})")
    if np.any((r < 0) | (r > 1)):
        raise ValueError("fractions are shares of what arrived, so each must lie between 0 and 1")
    aggregate_sent = check_real(
        "aggregate_sent", aggregate_sent, meaning="the amount sent to everyone under aggregate history",
        low=0, high=game.endowment,
    )
    threshold = check_probability("threshold", threshold, meaning="the smallest recorded return fraction a sender trusts")
    record_error = check_probability("record_error", record_error, meaning="the chance that a record shows someone else's past")
    matchings = check_int("matchings", matchings, meaning="the number of simulated populations", low=1)
    rng = np.random.default_rng(check_seed(seed))
    n = r.size
    true_r = r[rng.integers(0, n, size=(matchings, n))]
    shown = np.where(rng.random((matchings, n)) < record_error, r[rng.integers(0, n, size=(matchings, n))], true_r)
    e, m = game.endowment, game.multiplier

    def outcome(sent):
        back = true_r * m * sent
        ps, pr = e - sent + back, e + m * sent - back
        return ps.mean(), pr.mean()

    agg_sent = np.full_like(true_r, aggregate_sent)
    rec_sent = np.where(shown >= threshold, e, 0.0)
    results = {}
    for name, sent in (("aggregate", agg_sent), ("record", rec_sent)):
        ps, pr = outcome(sent)
        reciprocators = true_r >= threshold
        excluded = (sent == 0) & reciprocators
        results[name] = {
            "sender": float(ps),
            "receiver": float(pr),
            "total": float(ps + pr),
            "trusted": float((sent > 0).mean()),
            "excluded": float(excluded.sum() / max(reciprocators.sum(), 1)),
        }
    return RecordPolicyResult(
        sender_payoff={k: v["sender"] for k, v in results.items()},
        receiver_payoff={k: v["receiver"] for k, v in results.items()},
        total_payoff={k: v["total"] for k, v in results.items()},
        share_trusted={k: v["trusted"] for k, v in results.items()},
        share_reciprocators_excluded={k: v["excluded"] for k, v in results.items()},
        threshold=threshold,
        record_error=record_error,
    )
