r"""Who is "good"? Assessment rules, private views and one public record.

References
----------
- Ohtsuki, H. & Iwasa, Y. (2004). How should we define goodness? Reputation dynamics in
  indirect reciprocity. *J. Theor. Biol.* 231, 107-120. doi:10.1016/j.jtbi.2004.06.005
  (``ohtsuki2004goodness``).
- Ohtsuki, H. & Iwasa, Y. (2006). The leading eight: social norms that can maintain
  cooperation by indirect reciprocity. *J. Theor. Biol.* 239, 435-444.
  doi:10.1016/j.jtbi.2005.08.008 (``ohtsuki2006leading``).
- Uchida, S. & Sasaki, T. (2013). Effect of assessment error and private information on
  stern-judging in indirect reciprocity. *Chaos, Solitons & Fractals* 56, 175-180.
  doi:10.1016/j.chaos.2013.08.006 (``uchida2013effect``).
- Hilbe, C., Schmid, L., Tkadlec, J., Chatterjee, K. & Nowak, M. A. (2018). Indirect
  reciprocity with private, noisy, and incomplete information. *PNAS* 115, 12241-12246.
  doi:10.1073/pnas.1810565115 (``hilbe2018indirect``).

The model. ``N`` players meet in the donation game. Each player holds a binary view, good
(G) or bad (B), of every player. A *discriminator* helps (C) a recipient it sees as good and
refuses (D) one it sees as bad; with probability ``e1`` (execution error) an intended help
fails and becomes a refusal. Observers then judge the donor with an **assessment rule**, a
table from (the action, the recipient's reputation in the observer's eyes) to G or B; with
probability ``e2`` (assessment error) an observer records the opposite of what the rule
says. The four second-order rules of the literature:

================  ==========  ==========  ==========  ==========
rule              C to G      D to G      C to B      D to B
================  ==========  ==========  ==========  ==========
stern judging     G           B           B           G
simple standing   G           B           G           G
shunning          G           B           B           B
image scoring     G           B           G           B
================  ==========  ==========  ==========  ==========

Under **public** information one record keeper judges every act and everyone adopts its
verdict, so all views agree. Under **private** information each observer judges with its
own view of the recipient, so a single error can start a disagreement that later
judgements spread.

Published results reproduced in the lab (the tests check them):

- Uchida & Sasaki (2013), abstract: with private information and assessment error, under
  stern judging "all individuals assess other individuals as 'good' at random with a
  probability of 1/2".
- With one public record and a population of discriminators, the share of good players
  settles where ``g = e2 + (1 - 2 e2) P(good verdict | g)``; for stern judging this gives
  :math:`g = (1 - e_2)/(1 + e_1(1 - 2e_2))`, which is :math:`1 - e_2` without execution
  errors (our derivation, :func:`public_good_share`).

Rounds are synchronous: in every round each player acts once as donor towards a random
other player, and all views are updated from the views held at the start of the round.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import check_int, check_probability, check_real, check_seed

__all__ = [
    "NORMS",
    "norm_table",
    "ReputationParams",
    "ReputationRun",
    "simulate",
    "public_good_share",
]

# NORMS[name][action, recipient_is_good] -> verdict "good"; action 1 = help (C), 0 = refuse (D).
NORMS: dict[str, np.ndarray] = {
    "stern judging": np.array([[True, False], [False, True]]),  # D-B: G, D-G: B ; C-B: B, C-G: G
    "simple standing": np.array([[True, False], [True, True]]),
    "shunning": np.array([[False, False], [False, True]]),
    "image scoring": np.array([[False, False], [True, True]]),
}


def norm_table(name: str) -> dict[str, str]:
    """The rule ``name`` as a readable table: ``{"C to G": "G", ...}``."""
    rule = _rule(name)
    out = {}
    for action, a in (("C", 1), ("D", 0)):
        for rec, r in (("G", 1), ("B", 0)):
            out[f"{action} to {rec}"] = "G" if rule[a, r] else "B"
    return out


def _rule(name) -> np.ndarray:
    if isinstance(name, str) and name in NORMS:
        return NORMS[name]
    raise ValueError(f"norm must be one of {', '.join(repr(k) for k in NORMS)} (got {name!r})")


@dataclass(frozen=True)
class ReputationParams:
    """Parameters of one reputation run (see the module docstring).

    Attributes
    ----------
    n : number of players (at least 2).
    rounds : rounds to play; in each, every player acts once as donor.
    norm : the assessment rule, a key of :data:`NORMS`.
    information : ``"private"`` (every observer judges with its own views) or ``"public"``
        (one record keeper judges and everyone adopts its verdict).
    e1 : execution error, the chance that an intended help fails.
    e2 : assessment error, the chance that a verdict is recorded the wrong way round.
    observe : chance that an observer sees a given act (private information; 1 in
        Uchida & Sasaki's model, where everyone observes everything).
    defectors, cooperators : shares of players who never help (ALLD) or always help (ALLC);
        the rest are discriminators.
    target_share : share of players (the first ones) singled out by the assessor.
    target_bias : chance that an assessor records a target's act as bad whatever the rule
        says (0: an even-handed assessor).
    """

    n: int = 50
    rounds: int = 200
    norm: str = "stern judging"
    information: str = "private"
    e1: float = 0.0
    e2: float = 0.05
    observe: float = 1.0
    defectors: float = 0.0
    cooperators: float = 0.0
    target_share: float = 0.0
    target_bias: float = 0.0

    def __post_init__(self):
        set_ = lambda k, v: object.__setattr__(self, k, v)  # noqa: E731
        set_("n", check_int("n", self.n, meaning="the number of players", low=2))
        set_("rounds", check_int("rounds", self.rounds, meaning="the number of rounds to play", low=1))
        _rule(self.norm)
        if self.information not in ("private", "public"):
            raise ValueError(
                "information must be 'private' (each observer judges for itself) or 'public' "
                f"(one record keeper judges for all) (got {self.information!r})"
            )
        for name, meaning in (
            ("e1", "the execution error: the chance an intended help fails"),
            ("e2", "the assessment error: the chance a verdict is recorded the wrong way round"),
            ("observe", "the chance that an observer sees an act"),
            ("defectors", "the share of players who never help"),
            ("cooperators", "the share of players who always help"),
            ("target_share", "the share of players the assessor singles out"),
            ("target_bias", "the chance that the assessor records a target's act as bad"),
        ):
            set_(name, check_probability(name, getattr(self, name), meaning=meaning))
        if self.defectors + self.cooperators > 1:
            raise ValueError(
                "defectors + cooperators is the share of players who do not discriminate, so it "
                f"cannot exceed 1 (got {self.defectors:g} + {self.cooperators:g})"
            )
        n_d, n_c = self.head_counts()
        if n_d + n_c > self.n:
            raise ValueError(
                f"with n={self.n}, defectors={self.defectors:g} and cooperators={self.cooperators:g} round to "
                f"{n_d} + {n_c} players, more than the {self.n} there are: choose shares whose head counts "
                "fit, or a larger n"
            )

    def head_counts(self) -> tuple[int, int]:
        """How many players always defect and how many always help (the shares, rounded)."""
        return int(round(self.defectors * self.n)), int(round(self.cooperators * self.n))

    def strategies(self) -> np.ndarray:
        """Each player's strategy: 0 = discriminator, 1 = always defects, 2 = always helps."""
        n_d, n_c = self.head_counts()
        s = np.zeros(self.n, dtype=np.int8)
        s[self.n - n_d - n_c : self.n - n_c] = 1
        s[self.n - n_c :] = 2
        return s

    def targets(self) -> np.ndarray:
        """True for the players the assessor singles out (the first ``target_share * n``)."""
        t = np.zeros(self.n, dtype=bool)
        t[: int(round(self.target_share * self.n))] = True
        return t


@dataclass(frozen=True)
class ReputationRun:
    """The outcome of :func:`simulate` for ``S`` replicate populations.

    ``good``: ``(S, rounds + 1)``, the share of (observer, subject) views that are good at
    the start and after each round; ``agreement``: ``(S, rounds + 1)``, the share of pairs
    of distinct observers who agree about a subject; ``cooperation``: ``(S, rounds)``, the
    share of acts that were help; ``views``: the final ``(S, n, n)`` views
    (``views[s, i, j]``: does ``i`` see ``j`` as good), identical rows under public
    information; ``help_received``: ``(S, n)``, how often each player was helped.
    """

    params: ReputationParams
    good: np.ndarray
    agreement: np.ndarray
    cooperation: np.ndarray
    views: np.ndarray
    help_received: np.ndarray

    #: The per-round series that :meth:`tail_mean` averages.
    SERIES = ("good", "agreement", "cooperation")

    def tail_mean(self, attr: str = "good", fraction: float = 0.5) -> np.ndarray:
        """Per replicate, the mean of ``attr`` (one of :attr:`SERIES`) over the last
        ``fraction`` of the rounds (more than 0, at most 1)."""
        if not isinstance(attr, str) or attr not in self.SERIES:
            raise ValueError(
                f"attr (the series to average) must be one of {', '.join(repr(k) for k in self.SERIES)}, "
                f"the shares recorded round by round (got {attr!r})"
            )
        fraction = check_real(
            "fraction", fraction, meaning="the share of the rounds, counted from the end, to average over",
            low=0, high=1, low_open=True,
        )
        x = getattr(self, attr)
        start = min(int(x.shape[1] * (1 - fraction)), x.shape[1] - 1)  # at least the last round
        return x[:, start:].mean(axis=1)


def _agreement(views: np.ndarray) -> np.ndarray:
    """Share of ordered pairs of distinct observers who hold the same view of a subject."""
    S, n, _ = views.shape
    good = views.sum(axis=1, dtype=np.int64)  # (S, subjects): observers who see j as good
    bad = n - good
    same = good * (good - 1) + bad * (bad - 1)
    return same.sum(axis=1) / (n * n * (n - 1))


def simulate(params: ReputationParams | None = None, *, replicates: int = 1, seed: int | None = 0) -> ReputationRun:
    """Run ``replicates`` populations for ``params.rounds`` rounds, vectorised over populations
    and players. Everyone starts seeing everyone as good. Replicate ``i`` uses child ``i`` of
    ``numpy.random.SeedSequence(seed)``, so a run is reproduced exactly by its seed.
    """
    if params is None:
        params = ReputationParams()
    if not isinstance(params, ReputationParams):
        raise TypeError(f"params must be a ReputationParams (got {type(params).__name__})")
    replicates = check_int("replicates", replicates, meaning="the number of populations", low=1)
    seed = check_seed(seed)
    S, n, T = replicates, params.n, params.rounds
    rule = _rule(params.norm)
    gens = [np.random.Generator(np.random.PCG64(c)) for c in np.random.SeedSequence(seed).spawn(S)]
    strat = params.strategies()
    is_disc, is_allc = strat == 0, strat == 2
    target = params.targets()
    private = params.information == "private"
    rows = np.arange(S)[:, None]
    donors = np.arange(n)

    views = np.ones((S, n, n), dtype=bool)
    good = np.empty((S, T + 1))
    agree = np.empty((S, T + 1))
    coop = np.empty((S, T))
    received = np.zeros((S, n))
    good[:, 0] = 1.0
    agree[:, 0] = 1.0
    for t in range(T):
        # One block of uniforms per population and round, always in the same order.
        width = 2 * n + (3 * n * n if private else 3 * n)
        u = np.stack([g.random(width) for g in gens])
        recip = (donors + 1 + np.minimum((u[:, :n] * (n - 1)).astype(np.int64), n - 2)) % n  # (S, n)
        slip = u[:, n : 2 * n] < params.e1
        if private:
            own_view = views[rows, donors, recip]  # the donor's view of its recipient
        else:
            own_view = views[:, 0, :][rows, recip]  # everyone shares row 0 under public information
        act = np.where(is_disc, own_view, is_allc) & ~slip  # (S, n): True = helped
        coop[:, t] = act.mean(axis=1)
        np.add.at(received, (np.repeat(np.arange(S), n), recip.ravel()), act.ravel())
        rest = u[:, 2 * n :]
        if private:
            # Every observer i judges every donor d with its own view of d's recipient.
            rec_seen = np.take_along_axis(views, np.broadcast_to(recip[:, None, :], (S, n, n)), axis=2)
            verdict = rule[act[:, None, :].astype(np.int8), rec_seen.astype(np.int8)]  # (S, obs, donor)
            r_err, r_bias, r_obs = (rest[:, i * n * n : (i + 1) * n * n].reshape(S, n, n) for i in range(3))
            verdict ^= r_err < params.e2
            verdict &= ~(target[None, None, :] & (r_bias < params.target_bias))
            views = np.where(r_obs < params.observe, verdict, views)
        else:
            rec_seen = views[:, 0, :][rows, recip]
            verdict = rule[act.astype(np.int8), rec_seen.astype(np.int8)]  # (S, donor)
            r_err, r_bias = rest[:, :n], rest[:, n : 2 * n]
            verdict ^= r_err < params.e2
            verdict &= ~(target[None, :] & (r_bias < params.target_bias))
            views = np.broadcast_to(verdict[:, None, :], (S, n, n)).copy()
        good[:, t + 1] = views.mean(axis=(1, 2))
        agree[:, t + 1] = _agreement(views) if private else 1.0
    return ReputationRun(params=params, good=good, agreement=agree, cooperation=coop, views=views, help_received=received)


def public_good_share(norm: str = "stern judging", e1: float = 0.0, e2: float = 0.05) -> float:
    r"""The long-run share of good players under one public record, all discriminators.

    With a share :math:`g` of good players, a donor meets a good recipient with probability
    :math:`g` (helps, and the help fails with probability :math:`e_1`) or a bad one
    (refuses). The verdict is good with probability :math:`P(g) = g[(1-e_1)R(C,G) +
    e_1 R(D,G)] + (1-g) R(D,B)`, and recorded wrongly with probability :math:`e_2`, so the
    stationary share solves :math:`g = e_2 + (1 - 2e_2) P(g)` (linear in :math:`g`). For
    stern judging, :math:`g = (1 - e_2)/(1 + e_1(1 - 2 e_2))`. Our derivation for a large
    population; the simulation checks it.
    """
    rule = _rule(norm).astype(float)
    e1 = check_probability("e1", e1, meaning="the execution error")
    e2 = check_probability("e2", e2, meaning="the assessment error")
    # P(g) = alpha * g + beta
    a_good = (1 - e1) * rule[1, 1] + e1 * rule[0, 1]
    beta = rule[0, 0]
    alpha = a_good - beta
    k = 1 - 2 * e2
    # g = e2 + k (alpha g + beta)  ->  g (1 - k alpha) = e2 + k beta
    return float((e2 + k * beta) / (1 - k * alpha))
