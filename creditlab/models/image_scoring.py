r"""Indirect reciprocity by image scoring: can a record of past help make strangers helpful?

References
----------
- Nowak, M. A. & Sigmund, K. (1998). Evolution of indirect reciprocity by image scoring.
  *Nature* 393, 573-577. doi:10.1038/31225 (``nowak1998image`` in the bibliography).
- Nowak, M. A. (2006). Five rules for the evolution of cooperation. *Science* 314,
  1560-1563. doi:10.1126/science.1133755 (``nowak2006five``).

The donation game: a *donor* may help a *recipient* at cost :math:`c` to itself, giving the
recipient a benefit :math:`b > c`. A *discriminator* helps only recipients whose image is
good; a *defector* never helps. If a donor knows the recipient's image with probability
:math:`q` (and otherwise gives the benefit of the doubt), Nowak (2006) writes the game between
discriminators (DISC) and defectors (ALLD) as

.. math::

    \begin{array}{c|cc}
     & \text{DISC} & \text{ALLD} \\ \hline
    \text{DISC} & b - c & -c(1-q) \\
    \text{ALLD} & b(1-q) & 0
    \end{array}

so discriminators resist invasion by defectors if and only if :math:`q > c/b`. Nowak &
Sigmund (1998, Methods) add a second condition for a finite interaction: the expected
number of rounds :math:`1/(1-w)` must exceed :math:`(bq + c)/(bq - c)`, "about 1.2 rounds"
at :math:`b = 1, c = 0.1, q = 1`.

The simulation below is the binary version of the image-scoring game that the analytic
condition describes (two strategies, a good or bad image), run as an evolutionary
simulation with payoff-proportional reproduction as in Nowak & Sigmund (1998): it is the
one the lab uses to show that cooperation switches on just above :math:`q = c/b`.
It is vectorised over replicate populations: every replicate has its own random stream
(spawned from one seed), so replicate ``i`` of a batch is identical to a single run with the
same child seed, whatever else is in the batch.

The second half of the module is the paper's full model (:class:`ImageScoringGame`,
:func:`simulate_game`): image scores from -5 to 5, strategies :math:`k = -5, \dots, 6`
(help iff the recipient's score is at least :math:`k`), payoff-proportional reproduction
and mutation, with public scores or, as in the paper's Fig. 3, private running tallies kept
by about ten observers per act. Published numbers (Nowak & Sigmund 1998): Fig. 1,
:math:`n = 100, m = 125, b = 1, c = 0.1`, one run in which :math:`k = 0` takes over after
166 generations (an illustration: our runs of that set-up show it is one outcome among
several, not a number to reproduce); Fig. 3, the share of cooperative strategies
(:math:`k \le 0`) with private information is 90%, 47% and 18% at :math:`n = 20, 50, 100`
(:math:`m = 10n`, mutation 0.001), which our stored runs match within 0.10.
``python -m creditlab.reproductions`` runs these with many seeds and stores the results in
``data/image_scoring_runs.csv``.
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple
from dataclasses import dataclass, field

import numpy as np

from .._memory import keep_freed_memory
from .._validate import check_int, check_probability, check_real, check_real_array, check_seed

__all__ = [
    "DonationGame",
    "discriminator_threshold",
    "payoff_matrix",
    "discriminators_resist",
    "min_expected_rounds",
    "invasion_threshold_q",
    "BinaryImageScoring",
    "ImageScoringRun",
    "simulate",
    "sweep_q",
    "payoff_gap",
    "resolve_helping",
]


# ---------------------------------------------------------------------------
# The analytic results
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DonationGame:
    """Benefit ``b`` to the recipient and cost ``c`` to the donor of one act of help.

    Both must be positive and ``c < b``: if helping cost as much as it gives, no norm of
    helping could ever pay for the group.
    """

    b: float = 1.0
    c: float = 0.1

    def __post_init__(self):
        b = check_real("b", self.b, meaning="the benefit of being helped", low=0, low_open=True)
        c = check_real("c", self.c, meaning="the cost of helping", low=0, low_open=True)
        if not c < b:
            raise ValueError(
                f"cost c must be smaller than benefit b (got c={c:g}, b={b:g}): "
                "no one would gain from help that costs as much as it gives"
            )
        object.__setattr__(self, "b", b)
        object.__setattr__(self, "c", c)


def discriminator_threshold(b: float = 1.0, c: float = 0.1) -> float:
    """The smallest information level at which discriminators resist defectors: ``c / b``.

    Nowak & Sigmund (1998, Methods); Nowak (2006), rule 3 ("indirect reciprocity").
    """
    game = DonationGame(b, c)
    return game.c / game.b


def payoff_matrix(b: float = 1.0, c: float = 0.1, q: float = 1.0) -> np.ndarray:
    """The 2x2 payoff matrix of Nowak (2006) for rows/columns (DISC, ALLD).

    Entry ``[i, j]`` is the payoff of a row-``i`` player against a column-``j`` player.
    """
    game = DonationGame(b, c)
    q = check_probability("q", q, meaning="the probability that a donor knows the recipient's image")
    return np.array(
        [
            [game.b - game.c, -game.c * (1.0 - q)],
            [game.b * (1.0 - q), 0.0],
        ]
    )


def discriminators_resist(b: float = 1.0, c: float = 0.1, q: float = 1.0) -> bool:
    """True if discriminators earn more than a rare defector: ``b - c > b (1 - q)``, i.e. ``q > c/b``."""
    m = payoff_matrix(b, c, q)
    return bool(m[0, 0] > m[1, 0])


def min_expected_rounds(b: float = 1.0, c: float = 0.1, q: float = 1.0) -> float:
    """Nowak & Sigmund's (1998) minimum expected number of rounds, ``(bq + c) / (bq - c)``.

    Returns ``math.inf`` when ``q <= c/b``: then no number of rounds is enough.
    """
    game = DonationGame(b, c)
    q = check_probability("q", q, meaning="the probability that a donor knows the recipient's image")
    bq = game.b * q
    if bq <= game.c:
        return math.inf
    return (bq + game.c) / (bq - game.c)


def invasion_threshold_q(
    b: float = 1.0, c: float = 0.1, acts_per_player: float = 10.0, defector_share: float = 0.0
) -> float:
    r"""Our prediction for :func:`payoff_gap`: the ``q`` above which defectors earn less.

    In the simulation each player acts as donor, and is met as recipient, a Poisson number
    of times with mean :math:`R` = ``acts_per_player``; a share :math:`f` =
    ``defector_share`` of the donors never help. A defector keeps the good image everyone
    starts with until its first refusal, which on average protects :math:`1 - e^{-R}` of its
    :math:`R` receptions; afterwards a discriminator who knows its image (probability
    :math:`q`) refuses it. Per act, a defector saves the cost :math:`c` and loses
    :math:`(1-f)\,b\,q\,(R - 1 + e^{-R})/R` in help, so discriminators earn more iff

    .. math:: q > q^* = \frac{c}{b}\,\frac{R}{(1-f)(R - 1 + e^{-R})},

    which tends to Nowak & Sigmund's :math:`c/b` as :math:`R \to \infty` and
    :math:`f \to 0`. This derivation is ours (it is not in the paper) and ignores
    second-order effects of the same size as the simulation's noise; the lab checks it
    against the simulation. Returns ``math.inf`` when no ``q`` in [0, 1] is enough.
    """
    game = DonationGame(b, c)
    r = check_real(
        "acts_per_player", acts_per_player, meaning="mean number of acts as donor per player", low=0, low_open=True
    )
    f = check_real("defector_share", defector_share, meaning="the share of defectors", low=0, high=1, high_open=True)
    # R - 1 + e^-R loses every digit to cancellation for tiny R: there, its series R^2/2 - R^3/6.
    protected = r - 1.0 + math.exp(-r) if r >= 1e-4 else r * r / 2.0 * (1.0 - r / 3.0)
    if protected <= 0.0:  # R so small that R^2 underflows: no q is enough
        return math.inf
    q_star = (game.c / game.b) * r / ((1.0 - f) * protected)
    return q_star if q_star <= 1.0 else math.inf


# ---------------------------------------------------------------------------
# The simulation
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BinaryImageScoring:
    """Parameters of one evolutionary run of binary image scoring.

    Attributes
    ----------
    n : population size (at least 2: a donor needs someone to help).
    rounds : donor-recipient encounters per generation (Nowak & Sigmund's ``m``).
    b, c : benefit and cost of one act of help (``0 < c < b``).
    q : probability that a donor knows the recipient's current image.
    generations : number of generations to run.
    initial_discriminators : share of discriminators in generation 0.
    mutation : probability that an offspring switches to the other strategy.
    """

    n: int = 50
    rounds: int = 500
    b: float = 1.0
    c: float = 0.1
    q: float = 1.0
    generations: int = 40
    initial_discriminators: float = 0.9
    mutation: float = 0.0

    def __post_init__(self):
        object.__setattr__(self, "n", check_int("n", self.n, meaning="the population size", low=2))
        object.__setattr__(
            self, "rounds", check_int("rounds", self.rounds, meaning="encounters per generation", low=1)
        )
        game = DonationGame(self.b, self.c)
        object.__setattr__(self, "b", game.b)
        object.__setattr__(self, "c", game.c)
        object.__setattr__(
            self,
            "q",
            check_probability("q", self.q, meaning="the probability that a donor knows the recipient's image"),
        )
        object.__setattr__(
            self,
            "generations",
            check_int("generations", self.generations, meaning="the number of generations to run", low=1),
        )
        object.__setattr__(
            self,
            "initial_discriminators",
            check_probability("initial_discriminators", self.initial_discriminators, meaning="the starting share of discriminators"),
        )
        object.__setattr__(
            self,
            "mutation",
            check_probability("mutation", self.mutation, meaning="the chance an offspring switches strategy"),
        )

    @property
    def acts_per_player(self) -> float:
        """Mean number of times each player acts as donor in a generation: ``rounds / n``."""
        return self.rounds / self.n


@dataclass(frozen=True)
class ImageScoringRun:
    """The outcome of :func:`simulate` for ``S`` replicate populations.

    Attributes
    ----------
    params : the parameters shared by all replicates (``q`` may differ, see ``q``).
    q : shape ``(S,)``, the information level of each replicate.
    seeds : shape ``(S,)``, the child seed of each replicate.
    discriminators : shape ``(S, generations + 1)``, share of discriminators at the start of
        each generation and after the last.
    cooperation : shape ``(S, generations)``, share of encounters in which the donor helped.
    """

    params: BinaryImageScoring
    q: np.ndarray
    seeds: np.ndarray
    discriminators: np.ndarray
    cooperation: np.ndarray
    _summary: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def final_discriminators(self) -> np.ndarray:
        """Share of discriminators after the last generation, one value per replicate."""
        return self.discriminators[:, -1]


#: With fewer populations than this, a generation of the binary model (:func:`resolve_helping`)
#: is played by the plain loop, one population at a time. An array step costs about 2.3
#: microseconds however few populations share it, the loop about 0.23 microseconds per
#: encounter, so the loop wins below about 11 populations (measured on this model 2026-12-07
#: with populations of 100; the ratio does not depend on their size, since both grow with
#: the number of encounters).
LOOP_BELOW = 11


def _spawn_generators(seed: int | None, count: int) -> tuple[list[np.random.Generator], np.ndarray]:
    seq = np.random.SeedSequence(seed)
    children = seq.spawn(count)
    gens = [np.random.Generator(np.random.PCG64(child)) for child in children]
    ids = np.array([child.spawn_key[-1] for child in children], dtype=np.int64)
    return gens, ids


def _uniforms(gens, size: int, out: np.ndarray | None = None) -> np.ndarray:
    """``(len(gens), size)`` uniforms in [0, 1), row ``s`` drawn from ``gens[s]`` alone
    (written in place: the same numbers as stacking ``g.random(size)``, without the copy).
    ``out``: an array of that shape to fill (a run reuses one: fresh memory for a large
    array costs the operating system's page faults, as much as drawing the numbers)."""
    u = np.empty((len(gens), size)) if out is None or out.shape != (len(gens), size) else out
    for row, g in zip(u, gens):
        g.random(out=row)
    return u


def resolve_helping(disc: np.ndarray, donors: np.ndarray, recipients: np.ndarray, knows: np.ndarray) -> np.ndarray:
    """Decide every act of one generation, exactly as the sequential game does.

    ``disc`` is ``(S, n)`` (True for discriminators); ``donors``, ``recipients`` and
    ``knows`` are ``(S, m)``, encounter ``t`` of replicate ``s`` being donor ``donors[s, t]``
    meeting ``recipients[s, t]``, the donor knowing the recipient's image iff ``knows[s, t]``.
    Returns the ``(S, m)`` boolean array "the donor helped".

    A defector refuses; a discriminator helps unless it knows that the recipient's image is
    bad, the image being the recipient's own last act as donor (good before its first). Each
    act can depend on the one before, so the encounters are taken in order: with many
    replicates, one array step per encounter handles every replicate at once; with fewer
    than :data:`LOOP_BELOW`, a plain loop per replicate is faster. (An earlier version
    resolved all acts at once by pointer jumping over the chains of copied images; it was
    exact but, measured, slower than both: 4x slower than the loop on one population of
    10^5 and 7x slower than the array steps on 100 populations of 100.)
    """
    S, m = donors.shape
    n = disc.shape[1]
    if S < LOOP_BELOW:
        out = np.empty((S, m), dtype=bool)
        for s in range(S):
            image = [True] * n
            is_disc = disc[s].tolist()
            row = []
            for d, r, k in zip(donors[s].tolist(), recipients[s].tolist(), knows[s].tolist()):
                h = is_disc[d] and not (k and not image[r])
                image[d] = h
                row.append(h)
            out[s] = row
        return out
    rows = np.arange(S)
    image = np.ones(S * n + 1, dtype=bool)  # the extra cell reads "good": the donor does not know
    read = np.where(knows, rows[:, None] * n + recipients, S * n).T.copy()
    write = (rows[:, None] * n + donors).T.copy()
    is_disc = disc[rows[:, None], donors].T.copy()
    helps = np.empty((m, S), dtype=bool)
    for t in range(m):
        h = image[read[t]] & is_disc[t]
        helps[t] = h
        image[write[t]] = h
    return helps.T


def _play_generation(disc, q_rep, gens, params):
    """Play one generation in every replicate; return helps (S, m), payoffs (S, n) and the
    uniforms used for reproduction and mutation (S, n) each."""
    S, n = disc.shape
    m, b, c = params.rounds, params.b, params.c
    rows = np.arange(S)
    # One call per replicate and generation, from each replicate's own stream, so that
    # a replicate does not depend on the rest of the batch.
    u = _uniforms(gens, 3 * m + 2 * n)  # (S, 3m + 2n)
    donors = np.minimum((u[:, :m] * n).astype(np.int64), n - 1)
    shift = 1 + np.minimum((u[:, m : 2 * m] * (n - 1)).astype(np.int64), n - 2)
    recipients = (donors + shift) % n
    knows = u[:, 2 * m : 3 * m] < q_rep[:, None]
    pick = u[:, 3 * m : 3 * m + n]
    mut = u[:, 3 * m + n :]

    helps = resolve_helping(disc, donors, recipients, knows)
    # Payoffs: helping moves c from donor to b for the recipient; both get the offset c.
    flat_d = (rows[:, None] * n + donors).ravel()
    flat_r = (rows[:, None] * n + recipients).ravel()
    h = helps.ravel().astype(float)
    payoff = np.bincount(flat_d, weights=c - c * h, minlength=S * n)
    payoff += np.bincount(flat_r, weights=c + b * h, minlength=S * n)
    return helps, payoff.reshape(S, n), pick, mut


def _q_per_replicate(q, default, replicates):
    if q is None:
        q_values = np.array([default])
    else:
        # Text, True/False, None and NaN are refused with q named; then each value is a probability.
        meaning = "the probability that a donor knows the recipient's image"
        q_values = check_real_array("q", q, meaning=meaning, vector=True)
        for value in q_values:
            check_probability("q", float(value), meaning=meaning)
    return q_values, np.repeat(q_values, replicates)


def _discriminator_count(params) -> int:
    """How many players start as discriminators (the share, rounded)."""
    return int(round(params.initial_discriminators * params.n))


def _initial_population(params, gens):
    k0 = _discriminator_count(params)
    return np.stack([g.permutation(params.n) < k0 for g in gens])


def simulate(
    params: BinaryImageScoring | None = None,
    *,
    replicates: int = 1,
    q=None,
    seed: int | None = 0,
) -> ImageScoringRun:
    """Run ``replicates`` independent populations of binary image scoring, vectorised.

    Parameters
    ----------
    params : the shared parameters (defaults: ``BinaryImageScoring()``).
    replicates : number of independent populations per value of ``q``.
    q : optional sequence of information levels; each value gets ``replicates`` populations,
        overriding ``params.q``.
    seed : the master seed. Replicate ``i`` uses the ``i``-th child of
        ``numpy.random.SeedSequence(seed)``, so results are reproducible exactly.

    One generation: every image starts good (the prior of Nowak & Sigmund's analytic
    model); ``rounds`` times a random donor meets a random other player; a discriminator
    donor helps unless it knows (probability ``q``) that the recipient's image is bad; a
    defector never helps; the donor's image becomes good if it helped and bad if it
    refused. Helping moves ``c`` from the donor and gives ``b`` to the recipient; as in
    Nowak & Sigmund (1998) a constant (here ``c``) is added to both players in every
    encounter so that no payoff is negative. The next generation is drawn with
    probabilities proportional to payoff, and each offspring switches strategy with
    probability ``mutation``.
    """
    if params is None:
        params = BinaryImageScoring()
    if not isinstance(params, BinaryImageScoring):
        raise TypeError(f"params must be a BinaryImageScoring (got {type(params).__name__})")
    replicates = check_int("replicates", replicates, meaning="populations per value of q", low=1)
    seed = check_seed(seed)
    _, q_rep = _q_per_replicate(q, params.q, replicates)
    S = q_rep.size
    n, G = params.n, params.generations
    gens, seeds = _spawn_generators(seed, S)
    rows = np.arange(S)

    disc = _initial_population(params, gens)  # (S, n): True for discriminators
    disc_share = np.empty((S, G + 1))
    coop = np.empty((S, G))
    disc_share[:, 0] = disc.mean(axis=1)

    for gen in range(G):
        helps, payoff, pick, mut = _play_generation(disc, q_rep, gens, params)
        coop[:, gen] = helps.mean(axis=1)

        # Payoff-proportional reproduction (roulette wheel), vectorised over replicates:
        # normalise each row's cumulative payoff to [0, 1] and shift row s by s.
        cum = np.cumsum(payoff, axis=1)
        cum = cum / cum[:, -1:] + rows[:, None]
        parents = np.searchsorted(cum.ravel(), (pick + rows[:, None]).ravel(), side="right")
        parents = np.minimum(parents.reshape(S, n) - rows[:, None] * n, n - 1)
        disc = disc[rows[:, None], parents]
        disc ^= mut < params.mutation
        disc_share[:, gen + 1] = disc.mean(axis=1)

    return ImageScoringRun(params=params, q=q_rep, seeds=seeds, discriminators=disc_share, cooperation=coop)


def sweep_q(
    q_values,
    params: BinaryImageScoring | None = None,
    *,
    replicates: int = 8,
    seed: int | None = 0,
) -> dict[str, np.ndarray]:
    """Final share of discriminators and mean cooperation for each ``q`` (mean and sd over replicates).

    Returns a dict of arrays with keys ``q``, ``disc_mean``, ``disc_sd``, ``coop_mean``,
    ``coop_sd`` (cooperation is averaged over the last quarter of the generations).
    """
    run = simulate(params, replicates=replicates, q=q_values, seed=seed)
    q_values = np.atleast_1d(np.asarray(q_values, dtype=float))
    k = q_values.size
    final = run.final_discriminators.reshape(k, -1)
    G = run.params.generations
    tail = run.cooperation[:, G - max(1, G // 4):].mean(axis=1).reshape(k, -1)
    return {
        "q": q_values,
        "disc_mean": final.mean(axis=1),
        "disc_sd": final.std(axis=1),
        "coop_mean": tail.mean(axis=1),
        "coop_sd": tail.std(axis=1),
    }


def payoff_gap(
    q_values,
    params: BinaryImageScoring | None = None,
    *,
    replicates: int = 200,
    seed: int | None = 0,
) -> dict[str, np.ndarray]:
    """The direct test of "discriminators resist defectors": who earns more in one generation?

    For each ``q``, ``replicates`` populations with a share ``params.initial_discriminators``
    of discriminators play one generation. Returns a dict with ``q``, ``gap_mean`` and
    ``gap_se``: the mean payoff of a defector minus that of a discriminator per act as
    donor, averaged over replicates, with its standard error. Discriminators resist where
    the gap is negative.
    """
    if params is None:
        params = BinaryImageScoring()
    if not isinstance(params, BinaryImageScoring):
        raise TypeError(f"params must be a BinaryImageScoring (got {type(params).__name__})")
    k0 = _discriminator_count(params)
    if not 1 <= k0 <= params.n - 1:
        raise ValueError(
            "initial_discriminators must leave at least one discriminator and one defector for a "
            f"payoff gap: with n={params.n}, initial_discriminators={params.initial_discriminators:g} "
            f"gives {k0} discriminators and {params.n - k0} defectors; choose a share between "
            f"{1 / params.n:g} and {1 - 1 / params.n:g}"
        )
    replicates = check_int("replicates", replicates, meaning="populations per value of q", low=2)
    q_values, q_rep = _q_per_replicate(q_values, params.q, replicates)
    gens, _ = _spawn_generators(check_seed(seed), q_rep.size)
    disc = _initial_population(params, gens)
    _, payoff, _, _ = _play_generation(disc, q_rep, gens, params)
    per_act = payoff / params.acts_per_player
    gap = (np.where(~disc, per_act, 0).sum(1) / (~disc).sum(1)) - (np.where(disc, per_act, 0).sum(1) / disc.sum(1))
    gap = gap.reshape(q_values.size, replicates)
    return {
        "q": q_values,
        "gap_mean": gap.mean(axis=1),
        "gap_se": gap.std(axis=1, ddof=1) / np.sqrt(replicates),
    }


# ---------------------------------------------------------------------------
# The full model of Nowak & Sigmund (1998): image scores -5..5, strategies k = -5..6
# ---------------------------------------------------------------------------

#: Image scores are kept between ``-SCORE_BOUND`` and ``+SCORE_BOUND`` (Fig. 1 of the paper).
SCORE_BOUND = 5
#: The strategies: a donor with strategy ``k`` helps iff the recipient's score is at least
#: ``k``. ``k = -5`` always helps (unconditional cooperator), ``k = 6`` never does (defector).
K_VALUES = np.arange(-5, 7)
INFORMATION_MODES = ("public", "private")


@dataclass(frozen=True)
class ImageScoringGame:
    r"""Parameters of Nowak & Sigmund's (1998) full image-scoring simulation.

    A generation: every image score starts at 0; ``rounds`` (the paper's :math:`m`) times a
    random donor meets a random other player (the recipient); a donor with strategy
    :math:`k` helps iff the recipient's image score, as the donor knows it, is at least
    :math:`k`. Helping costs ``c`` and gives ``b``; the donor's score rises by 1 when it
    helps and falls by 1 when it refuses, and stays in :math:`[-5, 5]`. "To avoid negative
    payoffs" the paper adds 0.1 in each interaction; following Leimar & Hammerstein (2001)
    we add ``offset`` (default: ``c``) to donor *and* recipient in every round. Offspring
    replace the generation in proportion to payoff; each takes a strategy drawn uniformly
    from :math:`k = -5, \dots, 6` with probability ``mutation``.

    Attributes
    ----------
    n : population size (at least 3 when information is private: a bystander is needed).
    rounds : donor-recipient encounters per generation (:math:`m`; Fig. 1: 125; Fig. 3: 10n).
    b, c : benefit and cost of one act of help, ``0 < c < b``.
    offset : amount added to donor and recipient in every round (``None``: equal to ``c``;
        at least ``c``, so that no payoff is negative).
    generations : number of generations to run.
    mutation : probability that an offspring takes a random strategy (Figs. 2-4: 0.001).
    information : ``"public"``: a donor knows the recipient's true score with probability
        ``q`` (otherwise it reads 0); ``"private"`` (Fig. 3): each player keeps its own
        running tally of what it has seen each other player do, 0 for "unknown".
    q : probability that a donor knows the public score (``information="public"`` only).
    observers : mean number of bystanders who see each act (``"private"`` only; Fig. 3:
        10). Each of the ``n - 2`` bystanders sees the act independently with probability
        ``observers / (n - 2)``.
    recipient_observes : whether the recipient also records the act it received (the paper
        does not say; it speaks only of randomly chosen observers). The image-scoring lab's
        Fig. 3 reproduction sets it to False, the reading that comes closest to the paper's
        shares (``creditlab.reproductions``).
    """

    n: int = 100
    rounds: int = 125
    b: float = 1.0
    c: float = 0.1
    offset: float | None = None
    generations: int = 200
    mutation: float = 0.0
    information: str = "public"
    q: float = 1.0
    observers: float = 10.0
    recipient_observes: bool = True

    def __post_init__(self):
        set_ = lambda k, v: object.__setattr__(self, k, v)  # noqa: E731
        set_("n", check_int("n", self.n, meaning="the population size", low=2))
        set_("rounds", check_int("rounds", self.rounds, meaning="encounters per generation", low=1))
        game = DonationGame(self.b, self.c)
        set_("b", game.b)
        set_("c", game.c)
        offset = game.c if self.offset is None else check_real(
            "offset", self.offset, low=game.c,
            meaning="the amount added to both players in every round; at least c, so that no payoff is "
            "negative, as reproduction in proportion to payoff needs",
        )
        set_("offset", offset)
        set_("generations", check_int("generations", self.generations, meaning="the number of generations to run", low=1))
        set_("mutation", check_probability("mutation", self.mutation, meaning="the chance an offspring takes a random strategy"))
        if self.information not in INFORMATION_MODES:
            raise ValueError(
                f"information must be 'public' (everyone can know the true score) or 'private' "
                f"(each player keeps its own tally) (got {self.information!r})"
            )
        set_("q", check_probability("q", self.q, meaning="the probability that a donor knows the recipient's score"))
        if self.information == "private":
            if self.n < 3:
                raise ValueError(
                    f"n (the population size) must be at least 3 with private information: besides donor "
                    f"and recipient someone must be there to watch (got {self.n})"
                )
            set_("observers", check_real(
                "observers", self.observers,
                meaning=f"the mean number of bystanders who see an act, at most n - 2 = {self.n - 2}",
                low=0, high=self.n - 2,
            ))
        else:
            set_("observers", check_real("observers", self.observers, meaning="the mean number of bystanders who see an act", low=0))
        if not isinstance(self.recipient_observes, (bool, np.bool_)):
            raise TypeError(f"recipient_observes must be True or False (got {self.recipient_observes!r})")
        set_("recipient_observes", bool(self.recipient_observes))

    @property
    def observe_probability(self) -> float:
        """The chance that one bystander sees one act: ``observers / (n - 2)``."""
        return self.observers / (self.n - 2) if self.n > 2 else 0.0


@dataclass(frozen=True)
class ImageScoringHistory:
    """The outcome of :func:`simulate_game` for ``S`` replicate populations.

    Attributes
    ----------
    params : the parameters shared by all replicates.
    q : shape ``(S,)``, the information level of each replicate (public information).
    seed : the master seed; replicate ``i`` used child ``i`` of ``SeedSequence(seed)``.
    counts : shape ``(S, generations + 1, 12)``, how many players use each strategy
        ``K_VALUES`` at the start of each generation and after the last.
    cooperation : shape ``(S, generations)``, the share of encounters in which the donor helped.
    """

    params: ImageScoringGame
    q: np.ndarray
    seed: int | None
    counts: np.ndarray
    cooperation: np.ndarray

    @property
    def cooperative_share(self) -> np.ndarray:
        """Share of players with a cooperative strategy (``k <= 0``), shape ``(S, generations + 1)``."""
        return self.counts[:, :, K_VALUES <= 0].sum(axis=2) / self.params.n

    @property
    def mean_k(self) -> np.ndarray:
        """The mean strategy ``k`` in each population and generation."""
        return (self.counts * K_VALUES).sum(axis=2) / self.params.n

    def final_state(self) -> np.ndarray:
        """How each run ended, one label per replicate: ``"k=0 fixed"``, ``"k<=0 only"``
        (all players cooperative, more than one strategy), ``"defectors only"`` (all
        ``k >= 1``), or ``"mixed"``."""
        last = self.counts[:, -1, :]
        n = self.params.n
        coop = last[:, K_VALUES <= 0].sum(axis=1)
        labels = np.full(last.shape[0], "mixed", dtype=object)
        labels[coop == n] = "k<=0 only"
        labels[last[:, K_VALUES == 0][:, 0] == n] = "k=0 fixed"
        labels[coop == 0] = "defectors only"
        return labels


@dataclass(frozen=True)
class GenerationDraws:
    """The random inputs of one generation of ``S`` populations (see :func:`draw_generation`).

    ``donors``, ``recipients``, ``knows``: ``(S, m)``; ``pick``, ``mutate``, ``mutant_k``:
    ``(S, n)``. With private information the sightings come in one of two forms (see
    :func:`_dense_sightings`). Where a bystander sees an act with chance 1/4 or more, ``seen``: ``(m, S, W)``
    int8, 1 where player ``o`` (``o < n``; ``W`` is ``n`` rounded up to a multiple of 8) sees
    encounter ``t`` of population ``s``. Otherwise the observation events of all populations,
    sorted by time (only those a later decision reads, unless drawn with
    ``every_sighting=True``): ``per_time[t]`` of them at encounter ``t``, and ``cells``, the
    tally each one updates as a flat index ``(population * n + observer) * n + donor``.
    Either way ``events`` gives them as three arrays ``(time, population, observer)``. With
    public scores these are ``None``. ``knows`` may be a read-only broadcast: all true with
    private information (a donor reads its own tally), and for a population whose ``q`` is 0
    or 1.
    """

    donors: np.ndarray
    recipients: np.ndarray
    knows: np.ndarray
    pick: np.ndarray
    mutate: np.ndarray
    mutant_k: np.ndarray
    per_time: np.ndarray | None = None
    cells: np.ndarray | None = None
    seen: np.ndarray | None = None

    @functools.cached_property
    def events(self) -> tuple | None:
        """The observation events as ``(time, population, observer)``, sorted by time."""
        n = self.pick.shape[1]
        if self.seen is not None:
            return np.nonzero(self.seen[:, :, :n])
        if self.cells is None:
            return None
        t = np.repeat(np.arange(self.per_time.size), self.per_time)
        rep, rest = np.divmod(self.cells, n * n)
        return t, rep, rest // n

    def population(self, s: int) -> "GenerationDraws":
        """The draws of population ``s`` alone (a batch of one)."""
        per_time = cells = seen = None
        if self.seen is not None:
            seen = self.seen[:, s : s + 1]
        elif self.cells is not None:
            t, rep, _ = self.events
            keep = rep == s
            per_time = np.bincount(t[keep], minlength=self.per_time.size)
            n = self.pick.shape[1]
            cells = self.cells[keep] - s * n * n
        sl = slice(s, s + 1)
        return GenerationDraws(self.donors[sl], self.recipients[sl], self.knows[sl], self.pick[sl],
                               self.mutate[sl], self.mutant_k[sl], per_time, cells, seen)


def uniforms_per_generation(params: ImageScoringGame) -> int:
    """How many uniforms each population draws in one block per generation: one per
    encounter (it names both donor and recipient, see :func:`draw_generation`) and three per
    player (offspring, mutation, new strategy). A population with public scores and ``0 < q < 1``
    then draws one more per encounter, whether the donor knows the score."""
    return params.rounds + 3 * params.n


def _bounds(sizes: np.ndarray):
    """Where consecutive segments of these sizes start and end: ``(starts, ends)``."""
    ends = np.cumsum(sizes)
    return ends - sizes, ends


# numpy's Generator.geometric draws each gap by one of two algorithms, switching at p = 1/3
# (random_geometric in numpy/random/src/distributions/distributions.c): below it, inversion of
# one standard exponential E, ceil(-E / log1p(-p)); from 1/3 up, a walk through the cumulative
# probabilities p, p + p q, ... with one uniform. _geometric_gaps draws the same numbers and
# leaves the generator in the same state, with whole-array operations (numpy's per-draw loop
# costs about twice as much). Whether this numpy draws that way is checked once, at import
# (_GEOMETRIC_AS_NUMPY); if not, the gaps come from numpy's geometric itself.
_GEOMETRIC_SEARCH_FROM = 0.333333333333333333333333
_BUCKETS = 4096  # a power of two, so that u * _BUCKETS is exact


@functools.lru_cache(maxsize=16)
def _geometric_search_table(p: float):
    """The cumulative sums numpy's walk compares a uniform ``u`` with, and an index of them.

    Returns ``(sums, first, top)``, all scaled by 4096 (exactly: a power of two). ``sums`` is
    padded with -inf in front and +inf behind. For ``b = floor(4096 u)`` below ``top``, at most
    one sum lies in ``[b, b + 1)`` and ``first[b]`` is 1 + the number of sums below ``b``, so
    the gap is ``first[b] + (sums[first[b]] < 4096 u)``. From ``top`` up (near 1, where the sums
    crowd) the gap is searched.
    """
    sums, total, prod, q = [], p, p, 1.0 - p
    while True:  # numpy's loop: prod *= q; sum += prod, until the sum stops growing
        sums.append(total)
        prod *= q
        if total + prod == total:
            break
        total += prod
    sums = np.array(sums) * _BUCKETS
    counts = np.searchsorted(sums, np.arange(_BUCKETS + 1), side="left")
    crowded = np.flatnonzero(np.diff(counts) > 1)
    top = float(crowded[0]) if crowded.size else float(_BUCKETS)
    padded = np.concatenate([[-np.inf], sums, [np.inf]])
    return padded, (counts[:-1] + 1).astype(np.intp), top


def _geometric_gaps(gens, p: float, sizes) -> np.ndarray:
    """``g.geometric(p, size)`` for each generator ``g`` of ``gens`` and its entry of ``sizes``,
    one after the other in one flat array: the same numbers (whole-number floats or
    integers), each generator left in the same state; only the draws themselves are made
    generator by generator (``0 < p < 1``)."""
    if not _GEOMETRIC_AS_NUMPY:
        return np.concatenate([g.geometric(p, size) for g, size in zip(gens, sizes)] or [np.empty(0)])
    starts, ends = _bounds(sizes)
    out = np.empty(int(ends[-1]) if len(gens) else 0)
    search = p >= _GEOMETRIC_SEARCH_FROM
    for g, a, z in zip(gens, starts, ends):
        if search:
            g.random(out=out[a:z])
        else:
            g.standard_exponential(out=out[a:z])
    if search:
        sums, first, top = _geometric_search_table(p)
        out *= _BUCKETS  # exact: the uniforms and the sums are compared scaled by 4096
        gap = first.take(out.astype(np.intp))
        gap += sums.take(gap) < out
        if out.size and out.max() >= top:  # near 1, where more than one sum shares a bucket: search
            crowded = np.flatnonzero(out >= top)
            gap[crowded] = np.searchsorted(sums, out[crowded], side="left")
        return gap
    np.divide(out, -math.log1p(-p), out=out)  # the same as -E / log1p(-p), to the last bit
    return np.ceil(out, out=out)


def _geometric_draws_as_numpy() -> bool:
    """Whether :func:`_geometric_gaps` gives numpy's numbers and generator state (both algorithms)."""
    for p in (0.1, 0.55):
        ours, ref = [np.random.default_rng(2026 + i) for i in range(2)], [np.random.default_rng(2026 + i) for i in range(2)]
        expected = np.concatenate([g.geometric(p, size) for g, size in zip(ref, (4096, 1000))])
        if not np.array_equal(_geometric_gaps(ours, p, np.array([4096, 1000])), expected):
            return False
        if any(a.bit_generator.state != b.bit_generator.state for a, b in zip(ours, ref)):
            return False
    return True


_GEOMETRIC_AS_NUMPY = True
_GEOMETRIC_AS_NUMPY = _geometric_draws_as_numpy()


def _success_positions(gens, p: float, trials, dtype=np.intp) -> np.ndarray:
    """The successes among the Bernoulli(``p``) trials of each generator of ``gens``, drawn as
    geometric gaps: exact, and the work grows with the number of successes only.

    ``trials``: one number for all generators, or one per generator. The trials are
    numbered across the generators (generator 1's follow generator 0's, and so on); the
    positions come generator by generator, each in order, except that the few drawn in a
    second round (when the first, six standard deviations above the mean, falls short)
    come last.
    """
    k = len(gens)
    trials = np.broadcast_to(np.asarray(trials, dtype=np.int64), (k,))
    offsets, _ = _bounds(trials)
    if p >= 1.0:
        return np.arange(int(trials.sum()), dtype=dtype)
    if p <= 0.0 or k == 0:
        return np.empty(0, dtype=dtype)
    expected = trials * p
    sizes = (expected + 6 * np.sqrt(expected) + 20).astype(np.int64)
    starts, ends = _bounds(sizes)
    pos = _geometric_gaps(gens, p, sizes)
    for a, z in zip(starts, ends):
        np.cumsum(pos[a:z], out=pos[a:z])
    pos -= 1
    more = []
    for i in np.flatnonzero(pos[ends - 1] < trials):  # rarely needed: draw more gaps
        end = pos[ends[i] - 1]
        while end < trials[i]:
            extra = _geometric_gaps(gens[i : i + 1], p, np.array([64 + int(expected[i] // 4)]))
            np.cumsum(extra, out=extra)
            extra += end
            end = extra[-1]
            more.append(extra[extra < trials[i]] + offsets[i])
    inside = pos < np.repeat(trials, sizes)
    pos += np.repeat(offsets, sizes)
    return np.concatenate([pos[inside]] + more).astype(dtype, copy=False)


def _successes(g: np.random.Generator, p: float, trials: int, dtype=np.intp) -> np.ndarray:
    """Positions of the successes among ``trials`` Bernoulli(``p``) trials drawn from ``g``."""
    return _success_positions([g], p, trials, dtype)


def draw_generation(
    gens, params: ImageScoringGame, q_rep, every_sighting: bool = False, uniforms: np.ndarray | None = None,
) -> GenerationDraws:
    """Draw the random inputs of one generation for every population, one stream each.

    Population ``s`` draws from its own generator ``gens[s]`` only, always in the same
    order (one block of uniforms, see :func:`uniforms_per_generation`; then, with public
    scores and ``0 < q < 1``, whether each donor knows the score; with private information,
    its sightings), so its run does not depend on the rest of the batch. With private information, where sightings are drawn densely (:func:`_dense_sightings`)
    every sighting is drawn; otherwise only those that a later decision reads (see
    :func:`_sightings`: the others cannot change anything), and ``every_sighting=True`` draws
    the rest as well, after them, for tests and for the plain loop of the benchmark.
    ``uniforms``: this generation's block, ``(S, uniforms_per_generation(params))``, if drawn
    already (as :func:`simulate_game` does, into one reused buffer); it is then not drawn
    again, and ``pick`` is a view of it.
    """
    n, m = params.n, params.rounds
    S = len(gens)
    u = _uniforms(gens, uniforms_per_generation(params)) if uniforms is None else uniforms
    # The encounters are computed in the layout (m, S), encounter by population: the order
    # in which the array steps read them. ``donors`` and ``recipients`` are (S, m) views.
    # One uniform u names both players: the donor is floor(n u), and the fraction n u - donor
    # left over is itself a uniform in [0, 1) (with about 53 - log2(n) bits), which picks
    # the recipient among the n - 1 others.
    spread = np.multiply(u[:, :m].T, n, order="C")
    donors = spread.astype(np.intp)
    spread -= donors
    spread *= n - 1
    recipients = spread.astype(np.intp)
    np.minimum(donors, n - 1, out=donors)
    np.minimum(recipients, n - 2, out=recipients)
    recipients += donors
    recipients += 1
    recipients -= n * (recipients >= n)  # the same as % n (the sum is below 2 n), without a division
    donors, recipients = donors.T, recipients.T
    pick = u[:, m : m + n]
    mutate = u[:, m + n : m + 2 * n] < params.mutation
    kk = np.minimum((u[:, m + 2 * n :] * K_VALUES.size).astype(np.int64), K_VALUES.size - 1)
    mutant_k = K_VALUES[0] + kk
    per_time = cells = seen = None
    if params.information == "private":
        knows = np.broadcast_to(True, (S, m))  # private tallies: the donor reads its own
        if _dense_sightings(params):
            seen = _seen_bits(gens, params, donors, recipients)
        else:
            per_time, cells = _sightings(gens, params, donors, recipients, every_sighting)
    else:
        knows = _knowledge(gens, np.broadcast_to(np.asarray(q_rep, dtype=float), (S,)), m)
    return GenerationDraws(donors, recipients, knows, pick, mutate, mutant_k, per_time, cells, seen)


#: Private tallies are drawn and played densely (every player's sighting of every act, see
#: :func:`_seen_bits`) in groups of up to _DENSE_UP_TO players where a bystander sees an act
#: with at least this chance: one random byte per (act, player) then costs less than finding
#: the sightings a later decision reads (with 10 observers, n up to 42; at n = 50 it took
#: about 0.9 of the time of the sparse draws, at n = 64 1.1 and at n = 100 1.6). In larger
#: groups the bytes, about 3 per (act, player), cost more than the sparse draws whatever p is
#: (at n = 5000 with p = 1/4, 755 MB and 0.7 s against 67 MB and 0.2 s).
_DENSE_FROM = 1 / 4
_DENSE_UP_TO = 64


def _dense_sightings(params: ImageScoringGame) -> bool:
    """Whether private sightings are drawn as :func:`_seen_bits` (else :func:`_sightings`;
    public scores have none). It depends on the parameters only, so that a population's run
    does not depend on the batch."""
    return (params.information == "private" and params.n <= _DENSE_UP_TO
            and params.observe_probability >= _DENSE_FROM)


def _tie_reserve(p: float, trials: int) -> int:
    """How many words :func:`_seen_bits` draws with a population's ``trials`` bytes to settle
    ties: none if ``256 p`` is a whole number (no byte is a tie), otherwise the expected number
    of ties, ``trials / 256``, plus six standard deviations and 16, so that more ties than that
    (settled by uniforms drawn after) are rare."""
    if (p * 256) % 1 == 0:
        return 0
    expected = trials / 256
    return int(expected + 6 * math.sqrt(expected)) + 16


#: Bit generators whose raw output is a whole 64-bit word (MT19937's is 32 bits).
_RAW_64 = (np.random.PCG64, np.random.PCG64DXSM, np.random.SFC64, np.random.Philox)


def _words(g: np.random.Generator, size: int) -> np.ndarray:
    """``size`` random 64-bit words from ``g``: its raw output where that is 64 bits wide (as
    with :func:`simulate_game`'s PCG64), otherwise full-range integers (the same words for
    those generators, at about twice the cost)."""
    if type(g.bit_generator) in _RAW_64:
        return g.bit_generator.random_raw(size)
    return g.integers(0, 2**64 - 1, size, dtype=np.uint64, endpoint=True)


def _sighting_words(gens, p: float, trials: int) -> tuple[np.ndarray, int]:
    """The words :func:`_seen_bits` draws, ``(S, words + R)`` little-endian, row ``s`` from
    ``gens[s]``: ``ceil(trials / 8)`` words of bytes, then ``R`` (:func:`_tie_reserve`) to
    settle ties. Returns ``(raw, words)``."""
    words = -(-trials // 8)
    raw = np.empty((len(gens), words + _tie_reserve(p, trials)), dtype="<u8")
    for row, g in zip(raw, gens):
        row[:] = _words(g, raw.shape[1])
    return raw, words


def _seen_bits(gens, params: ImageScoringGame, donors: np.ndarray, recipients: np.ndarray) -> np.ndarray:
    """Who sees each act, ``(m, S, W)`` int8 (see :class:`GenerationDraws`), drawn where a
    bystander's chance ``p`` is high (:func:`_dense_sightings`).

    Population ``s`` draws ``ceil(m n / 8) + R`` 64-bit words from its generator
    (:func:`_sighting_words`; ``R`` from :func:`_tie_reserve`): the first ``m n`` bytes, one per
    encounter and player (row by row, each word's bytes in little-endian order, on any
    machine), decide the sightings, and the last ``R`` words settle ties. With
    ``a = floor(256 p)``, a byte ``v`` sees the act iff ``v < a``, or ``v == a`` and a uniform
    ``u < 256 p - a``; the tie's ``u`` is the next reserve word's top 53 bits (past ``R``
    ties, rare, uniforms drawn after). So a player sees an act with probability ``p`` (to
    within 2^-53, as ``random() < p`` would). The donor's and the recipient's bytes are drawn
    and then overwritten: the donor never records its own act, and the recipient records it
    iff ``recipient_observes``.
    """
    n, m = params.n, params.rounds
    S = len(gens)
    width = -(-n // 8) * 8  # the rows of a tally are 8-byte multiples (see _dense_private_steps)
    p = params.observe_probability
    seen = np.zeros((m, S, width), dtype=np.int8)
    if p >= 1.0:
        seen[:, :, :n] = 1
    elif p > 0.0 and S:
        raw, words = _sighting_words(gens, p, m * n)
        reserve = raw.shape[1] - words
        byte = raw.view(np.uint8)[:, : m * n].reshape(S, m, n)
        a = int(p * 256)
        hit = byte < a
        rest = p * 256 - a  # exact: 256 is a power of two
        tie = np.flatnonzero(byte == a) if rest > 0 else np.empty(0, dtype=np.intp)
        if tie.size:
            pop = tie // (m * n)
            rank = np.arange(tie.size) - np.searchsorted(pop, pop, side="left")  # the tie's number in its population
            u = np.empty(tie.size)
            inside = rank < reserve
            u[inside] = (raw[pop[inside], words + rank[inside]] >> np.uint64(11)) * 2.0**-53
            for s_ in np.unique(pop[~inside]).tolist():  # more ties than the reserve
                mine = np.flatnonzero(~inside & (pop == s_))
                u[mine] = gens[s_].random(mine.size)
            hit.reshape(-1)[tie] = u < rest
        seen[:, :, :n] = hit.transpose(1, 0, 2)
    # Each encounter's donor and recipient, as flat places in ``seen``.
    base = np.arange(0, m * S * width, width).reshape(m, S)
    flat = seen.reshape(-1)
    flat[base + donors.T] = 0
    flat[base + recipients.T] = 1 if params.recipient_observes else 0
    return seen


def _knowledge(gens, q: np.ndarray, m: int) -> np.ndarray:
    """Whether each donor knows the recipient's public score, ``(S, m)``: a population with
    ``0 < q < 1`` draws one uniform per encounter from its generator (knows iff ``u < q``);
    with ``q`` of 0 or 1 the answer is certain and nothing is drawn."""
    S = len(gens)
    unsure = np.flatnonzero((q > 0) & (q < 1))
    if unsure.size == 0:
        return np.broadcast_to((q >= 1)[:, None], (S, m))
    knows = np.repeat(q[:, None] >= 1, m, axis=1)
    u = _uniforms([gens[s] for s in unsure], m)
    knows[unsure] = u < q[unsure, None]
    return knows

# The sightings a decision can read are found a few populations at a time: at most
# _GROUPS_PER_CHUNK players (so that each chunk's sort of acts and reads stays small) and
# _CELLS_PER_CHUNK tallies (one 32-bit table of last reads, kept in cache).
_GROUPS_PER_CHUNK = 1 << 16
_CELLS_PER_CHUNK = 1 << 22
# Populations of up to this many players sort their acts and reads apart, on 8-bit keys.
_ROW_SORT_UP_TO = 1 << 8


class Pairs(NamedTuple):
    """The readable (act, bystander-or-recipient) pairs of a chunk, read by read (see
    :func:`_readable_pairs`): a read of the tally ``cell`` (chunk-wide, ``(population * n +
    observer) * n + subject``) with ``count`` earlier acts of its subject contributes the
    pairs ``(acts[start + k], cell)``, ``k < count``; the pairs are numbered in this order,
    population by population (``per_population`` of them each)."""

    acts: np.ndarray
    start: np.ndarray
    count: np.ndarray
    cell: np.ndarray
    per_population: np.ndarray

    def every(self):
        """All the pairs, in their order: ``(act, cell)``."""
        # Pair k of a read is act start + k, k < count: its place in the list plus a shift
        # that is constant within the read.
        heads, ends = _bounds(self.count)
        index = np.arange(int(ends[-1]) if ends.size else 0, dtype=np.intp)
        index += np.repeat(self.start - heads, self.count)
        return self.acts.take(index), np.repeat(self.cell, self.count)

    def pick(self, numbers: np.ndarray):
        """The pairs with these (chunk-wide) numbers: ``(act, cell)``."""
        ends = np.cumsum(self.count, dtype=np.int64)
        r = np.searchsorted(ends, numbers, side="right")
        k = numbers - (ends.take(r) - self.count.take(r))
        return self.acts.take(self.start.take(r) + k), self.cell.take(r)


def _uses_by_player(donor: np.ndarray, recipient: np.ndarray, players: int):
    """Each encounter's two players as one list of uses (use ``2 g`` is encounter g's donor,
    ``2 g + 1`` its recipient), sorted by player and, within a player, by time. Returns
    ``(key, low)``: the sorted keys ``player * 2^b + use``, each use being ``key & low``. The
    keys are distinct, so one sort gives that order (numpy's SIMD sort where the processor
    has one); they are 32-bit wherever player and use fit."""
    G = donor.size
    b = max(1, (2 * G - 1).bit_length())
    wide = (players - 1).bit_length() + b > 32
    key = np.empty((G, 2), dtype=np.uint64 if wide else np.uint32)
    key[:, 0] = donor
    key[:, 1] = recipient
    key = key.ravel()
    key <<= b
    key |= np.arange(2 * G, dtype=key.dtype)
    key.sort()
    return key, key.dtype.type((1 << b) - 1)


def _readable_pairs(donors: np.ndarray, recipients: np.ndarray, n: int):
    """The (act, observer) pairs whose sighting some later decision reads, for a chunk of
    ``C`` populations (``donors``, ``recipients``: ``(C, m)``); each pair is given by its act
    and the observer's tally of the act's donor (see :class:`Pairs`).

    A donor o reads its tally of s when it meets s; a sighting of s's act at encounter t by
    o matters iff o meets s as donor after t. So for each tally (o, s) that is read, with
    its last read at T, every act of s before T is a pair (including those o received: as
    a bystander o could not have seen them, and the caller drops them after the draw).
    Returns ``(pairs, last)``: the :class:`Pairs`, population by population (within one, by
    subject, then by the time of the read, then of the act; acts numbered chunk-wide,
    ``population * m + t``), and ``last``, the chunk-wide encounter of each tally's last
    read (-1 if none), indexed ``(population * n + o) * n + s`` (a dict for very large n).
    """
    C, m = donors.shape
    it = np.intp  # numpy's take is several times slower with any other index type
    D, R = donors.astype(it).ravel(), recipients.astype(it).ravel()  # by e = population * m + t
    base = np.repeat(np.arange(C, dtype=it) * n, m)
    subject_of_act = D + base  # players numbered across the chunk
    subject_of_read = R + base
    read = subject_of_act * n
    read += R  # the tally each donor reads: (population, o = donor, s = recipient)
    every = np.arange(C * m, dtype=it)
    if C * n * n <= _CELLS_PER_CHUNK:
        small = np.int32 if C * m < np.iinfo(np.int32).max else np.int64  # a compact table
        last = np.full(C * n * n, -1, dtype=small)
        np.maximum.at(last, read, every.astype(small))
        is_last = last.take(read) == every
    else:  # very large populations: the last read of each tally by sorting, not by a table
        _, first = np.unique(read[::-1], return_index=True)
        is_last = np.zeros(C * m, dtype=bool)
        is_last[C * m - 1 - first] = True
        last = dict(zip(read[is_last].tolist(), every[is_last].tolist()))
    # Acts and reads in one list, grouped by their subject (the donor of an act, the
    # recipient of a read) with a stable radix sort, so each group keeps time order.
    if n <= _ROW_SORT_UP_TO:
        # Up to 256 players: each population's list sorted apart on 8-bit keys (one radix
        # pass, in cache), then numbered across the chunk; population by population, that
        # is the order of one stable sort of them all.
        keys = np.empty((C, m, 2), dtype=np.uint8)
        keys[:, :, 0] = donors
        keys[:, :, 1] = recipients
        order = np.argsort(keys.reshape(C, 2 * m), axis=1, kind="stable").astype(it, copy=False)
        order += np.arange(0, C * 2 * m, 2 * m, dtype=it)[:, None]
        order = order.ravel()
    else:
        key, low = _uses_by_player(subject_of_act, subject_of_read, C * n)
        order = (key & low).astype(it)
    is_act = (order & 1) == 0
    enc = order >> 1
    acts = enc.take(np.flatnonzero(is_act))  # the acts, grouped by donor, in time order
    acts_before = np.cumsum(is_act, dtype=it)  # acts up to each element of the list
    where = np.flatnonzero(~is_act).astype(it)  # the reads, in the list's order
    e_read = enc.take(where)
    mine = np.flatnonzero(is_last.take(e_read))  # the last read of each tally
    where, e_read = where.take(mine), e_read.take(mine)
    per_group = np.bincount(subject_of_act, minlength=C * n).astype(it)
    group_start = np.cumsum(per_group, dtype=it) - per_group  # a group's first act in ``acts``
    group = subject_of_read.take(e_read)  # in order: the list is sorted by group
    start = group_start.take(group)
    count = acts_before.take(where) - start  # the acts of s before the read
    has = np.flatnonzero(count)
    count, start, cell, group = count.take(has), start.take(has), read.take(e_read.take(has)), group.take(has)
    pairs_before = np.zeros(count.size + 1, dtype=np.int64)
    np.cumsum(count, out=pairs_before[1:])
    per_population = np.diff(pairs_before.take(np.searchsorted(group, np.arange(C + 1) * n)))
    return Pairs(acts, start, count, cell, per_population), last


#: From this chance of seeing an act up, the readable pairs are chosen by one uniform each
#: rather than by geometric gaps (where most pairs succeed, the gaps save nothing).
_UNIFORM_PER_PAIR_FROM = _GEOMETRIC_SEARCH_FROM


def _pair_draws(gens, p: float, per_population: np.ndarray) -> np.ndarray:
    """The random numbers that choose a chunk's readable pairs, ``per_population[s]`` of them
    from ``gens[s]``: where ``p`` is 1/3 or more (numpy's geometric would also draw one
    uniform per success there, and a search besides), one uniform per pair, in the pairs'
    order (a pair is seen iff ``u < p``); below, the chosen pairs' numbers, drawn as
    geometric gaps."""
    if p >= _UNIFORM_PER_PAIR_FROM:
        u = np.empty(int(per_population.sum()))
        for g, a, z in zip(gens, *_bounds(per_population)):
            g.random(out=u[a:z])
        return u
    return _success_positions(gens, p, per_population, dtype=np.int64)


def _sightings(gens, params: ImageScoringGame, donors, recipients, every_sighting: bool):
    """The observation events of a generation (see :func:`draw_generation`): ``(per_time,
    cells)``, how many events each encounter has and the tally each event updates, sorted
    by time.

    Each bystander of an act (a player other than donor and recipient) sees it with
    probability ``p = observers / (n - 2)``; with ``recipient_observes`` the recipient sees it
    too. Only the sightings that a later decision reads can change anything, so population
    ``s`` takes its readable pairs (:func:`_readable_pairs`, in their order there) as its
    trials and draws which of them succeed from ``gens[s]``: as geometric gaps when ``p`` is
    below 1/3, otherwise one uniform per pair (``u < p``). A success on a pair whose
    observer received that act (not a bystander) is dropped. With Fig. 3's
    m = 10 n that is about one pair in twenty of the m (n - 2) encounter-bystander pairs at
    n = 100. With ``every_sighting`` it then draws the other sightings as well (geometric
    gaps over all the encounter-bystander pairs, those already decided left out).
    """
    n, m = params.n, params.rounds
    S = len(gens)
    p = params.observe_probability
    chunk = int(max(1, min(S, _GROUPS_PER_CHUNK // n, _CELLS_PER_CHUNK // (n * n))))
    e_parts, cell_parts = [], []  # each sighting's encounter (numbered across the batch) and tally
    none = np.empty(0, dtype=np.intp)
    for first in range(0, S, chunk):
        rows = slice(first, min(S, first + chunk))
        C = rows.stop - first
        D, R = donors[rows].ravel(), recipients[rows].ravel()  # by encounter e = population * m + t
        pairs, last = _readable_pairs(D.reshape(C, m), R.reshape(C, m), n)
        # The recipient's tally of the donor, encounter by encounter (chunk-wide).
        told = np.repeat(np.arange(C, dtype=pairs.acts.dtype) * n, m)
        told += R
        told *= n
        told += D
        e, cell = [], []
        if p > 0.0:
            # Population s's pairs are its trials, in their order (see _pair_draws).
            drawn = _pair_draws(gens[rows], p, pairs.per_population)
            if p >= _UNIFORM_PER_PAIR_FROM:
                act, seen = pairs.every()
                chosen = np.flatnonzero(drawn < p)
                act, seen = act.take(chosen), seen.take(chosen)
            else:
                act, seen = pairs.pick(drawn)
            bystander = np.flatnonzero(told.take(act) != seen)  # not the act's own recipient
            e.append(act.take(bystander))
            cell.append(seen.take(bystander))
        if every_sighting:
            e_more, cell_more = _other_sightings(gens[rows], params, D, R, pairs)
            e.append(e_more)
            cell.append(cell_more)
        if params.recipient_observes:
            every = np.arange(C * m, dtype=pairs.acts.dtype)
            if every_sighting:
                mine = every
            else:  # the recipient's own sighting, if it later meets the donor as donor
                if isinstance(last, dict):
                    mine = np.array([e_ for c, e_ in zip(told.tolist(), every.tolist()) if last.get(c, -1) > e_], dtype=every.dtype)
                else:
                    mine = np.flatnonzero(last.take(told) > every).astype(every.dtype)
            e.append(mine)
            cell.append(told.take(mine))
        e, cell = np.concatenate(e or [none]), np.concatenate(cell or [none])
        if first:  # numbered across the batch
            e += first * m
            cell += first * (n * n)
        e_parts.append(e)
        cell_parts.append(cell)
    e = np.concatenate(e_parts) if len(e_parts) > 1 else (e_parts[0] if e_parts else none)
    cells = np.concatenate(cell_parts) if len(cell_parts) > 1 else (cell_parts[0] if cell_parts else none)
    # Sort by time only: within one encounter the order of the sightings does not matter.
    # Numpy sorts integers of 8 or 16 bits by radix, one pass per byte.
    small = np.uint8 if m <= 1 << 8 else np.uint16 if m <= 1 << 16 else np.intp
    t = np.tile(np.arange(m, dtype=small), S).take(e)  # each event's time, read off, not divided
    order = np.argsort(t, kind="stable")
    return np.bincount(t, minlength=m), cells.take(order)


def _other_sightings(gens, params, D, R, pairs: Pairs):
    """With ``every_sighting``: the sightings no decision reads, drawn after the others from
    each population's generator as geometric gaps over its ``m (n - 2)`` (encounter,
    bystander) trials; trials that are readable pairs were decided already and are skipped.
    Returns ``(e, cell)``: each sighting's encounter, numbered across the chunk, and tally
    (chunk-wide, ``(population * n + observer) * n + donor``)."""
    n, m = params.n, params.rounds
    bystanders = n - 2
    trials = m * bystanders
    p = params.observe_probability
    lo, hi = np.minimum(D, R), np.maximum(D, R)
    act, cell = pairs.every()
    observer = cell // n % n
    keep = R.take(act) != observer
    act, observer = act[keep].astype(np.int64), observer[keep].astype(np.int64)
    # The readable pairs as trial numbers: encounter, then the bystander's rank among the
    # n - 2 players who are neither donor nor recipient.
    decided = act % m * bystanders + observer - (observer > lo.take(act)) - (observer > hi.take(act))
    e_parts, cell_parts = [], []
    for i, g in enumerate(gens):
        pos = _successes(g, p, trials)
        pos = pos[~np.isin(pos, decided[act // m == i])]
        e = pos // bystanders + i * m
        j = pos % bystanders
        j += j >= lo.take(e)
        j += j >= hi.take(e)
        e_parts.append(e)
        cell_parts.append((i * n + j) * n + D.take(e))
    none = np.empty(0, dtype=np.int64)
    return np.concatenate(e_parts or [none]), np.concatenate(cell_parts or [none])


def play_generation_loop(k: np.ndarray, draws: GenerationDraws, params: ImageScoringGame):
    """One generation of one population as a plain Python loop over encounters.

    The reference implementation for teaching and for the tests: it follows the rules one
    encounter at a time. ``k`` is the ``(n,)`` array of strategies and ``draws`` the random
    inputs of that population (``GenerationDraws.population(s)``). Returns ``(helps,
    payoff)``; :func:`simulate_game` gives the same result, vectorised over populations.
    """
    helps = _helps_loop(k, draws, params)
    payoff = [0.0] * params.n
    for d, r, h in zip(draws.donors[0].tolist(), draws.recipients[0].tolist(), helps):
        payoff[d] += params.offset - (params.c if h else 0.0)
        payoff[r] += params.offset + (params.b if h else 0.0)
    return np.array(helps), np.array(payoff)


def _helps_loop(k: np.ndarray, draws: GenerationDraws, params: ImageScoringGame) -> list[bool]:
    """Whether each donor helped, encounter by encounter, in population 0 of ``draws``."""
    n = params.n
    B = SCORE_BOUND
    donors, recipients = draws.donors[0].tolist(), draws.recipients[0].tolist()
    k_list = [int(x) for x in k]
    helps = []
    if params.information == "public":
        score = [0] * n
        for d, r, knows in zip(donors, recipients, draws.knows[0].tolist()):
            seen = score[r] if knows else 0  # an unknown score reads as 0
            h = seen >= k_list[d]
            helps.append(h)
            score[d] = min(B, score[d] + 1) if h else max(-B, score[d] - 1)
    else:
        tally = [[0] * n for _ in range(n)]  # tally[observer][subject]; 0 = unknown
        times, _, who = draws.events
        times, who = times.tolist(), who.tolist()
        e, E = 0, len(times)
        for t, (d, r) in enumerate(zip(donors, recipients)):
            h = tally[d][r] >= k_list[d]
            helps.append(h)
            while e < E and times[e] == t:
                o = who[e]
                tally[o][d] = min(B, tally[o][d] + 1) if h else max(-B, tally[o][d] - 1)
                e += 1
    return helps


# _STEP[helped, score + 5] is the new score after an act: one up if the donor helped, one
# down if it refused, kept within [-5, 5].
_STEP = np.array(
    [np.clip(np.arange(-SCORE_BOUND, SCORE_BOUND + 1) + d, -SCORE_BOUND, SCORE_BOUND) for d in (-1, 1)],
    dtype=np.int8,
)


def _public_tables():
    """Look-up tables of the public-score steps (see :func:`_helps_by_steps`).

    A player's entry is ``11 * (score + 5) + 121 * (k + 5)``: its score and its strategy in
    one number. Donors who do not know the score read a cell holding 55 (the entry of score 0
    with ``k = -5``, of which only the score shown is read). An encounter
    is named by one index, ``seen[recipient's entry] + donor's entry``, where ``seen`` gives
    the score an entry shows, plus 5. Returns ``(seen, helps, new_entry)``: ``seen``, and
    indexed by the encounter, whether the donor helps and the donor's entry after the act.
    """
    width, kinds = 2 * SCORE_BOUND + 1, K_VALUES.size
    size = width * width * kinds
    entry = np.arange(size)
    seen = (entry % (width * width)) // width
    shown, own, kk = entry % width, seen, entry // (width * width)  # an encounter's parts
    helps = shown >= kk  # the score seen is at least k (both shifted by 5)
    new_own = _STEP[helps.astype(np.intp), own] + SCORE_BOUND  # the donor's new score, plus 5
    return seen.astype(np.intp), helps, (width * new_own + width * width * kk).astype(np.intp)


_PUBLIC_SEEN, _PUBLIC_HELPS, _PUBLIC_NEW_ENTRY = _public_tables()
_PUBLIC_HELPS_F = _PUBLIC_HELPS.astype(float)


def _play_generation_batch(k, draws: GenerationDraws, params: ImageScoringGame):
    """One generation of ``S`` populations; returns ``(helps, payoff)`` of shapes ``(S, m)``
    and ``(S, n)``, what :func:`play_generation_loop` gives population by population: the
    same acts, and the same payoffs up to rounding (the loop adds them in another order).
    Public scores: :func:`_public_steps`; private tallies: :func:`_helps_by_steps`."""
    S, n = k.shape
    # Payoffs are summed the same way on all paths, so that a population's run does not
    # depend on how many others share the batch (not even in the last bit). The acts are
    # listed in the draws' (m, S) memory order: each player's acts still come in time
    # order, so the sums are those of the (S, m) order to the last bit.
    if params.information == "public":
        # The steps name each encounter in the tables; the acts' payoffs are looked up
        # from the names, the players' numbers reused from the steps.
        names, fd, fr = _public_steps(k, draws, params)
        names = names.ravel()
        helps = _PUBLIC_HELPS.take(names).reshape(-1, S).T
        wd = (params.offset - params.c * _PUBLIC_HELPS_F).take(names)
        wr = (params.offset + params.b * _PUBLIC_HELPS_F).take(names)
        fd, fr = fd.ravel(), fr.ravel()
    else:
        helps = _helps_by_steps(k, draws, params)
        offsets = np.arange(S) * n
        fd = np.add(draws.donors.T, offsets).ravel()
        fr = np.add(draws.recipients.T, offsets).ravel()
        hf = helps.T.ravel().astype(float)
        wd, wr = params.offset - params.c * hf, params.offset + params.b * hf
    payoff = np.bincount(fd, weights=wd, minlength=S * n)
    payoff += np.bincount(fr, weights=wr, minlength=S * n)
    return helps, payoff.reshape(S, n)


def _public_steps(k, draws: GenerationDraws, params: ImageScoringGame):
    """The steps of :func:`_helps_by_steps` with public scores. Returns ``(names, donor,
    recipient)``, each ``(m, S)``: each encounter's index in the tables (see
    :func:`_public_tables`) and its two players, numbered across the batch (``s n + i``).

    One entry per player holds its score and strategy; a step reads the recipient's and
    the donor's entries, names the encounter with one addition, and writes the donor's new
    entry: six array operations on machine-size integers, so that numpy converts nothing
    (a conversion costs about as much as the operation). Donors who do not know the score
    read a last entry that shows 0.
    """
    S, n = k.shape
    m = params.rounds
    B = SCORE_BOUND
    width = 2 * B + 1
    offsets = np.arange(S) * n
    if S == 1:  # numbered across the batch already: (m, 1) views of the draws
        write, recipient = draws.donors.T, draws.recipients.T
    else:
        write = np.add(draws.donors.T, offsets, order="C")  # (m, S): step t, population s
        recipient = np.add(draws.recipients.T, offsets, order="C")
    known = draws.knows[:, :1].all() if draws.knows.strides[1] == 0 else draws.knows.all()  # a broadcast: one column
    read = recipient if known else np.where(draws.knows.T, recipient, S * n)
    entry = np.empty(S * n + 1, dtype=np.intp)
    entry[:-1] = (width * B + width * width * (k - K_VALUES[0])).ravel()
    entry[-1] = width * B
    names = np.empty((m, S), dtype=np.intp)  # each encounter's index in the tables
    seen, new_entry, add = _PUBLIC_SEEN, _PUBLIC_NEW_ENTRY, np.add
    if S < RUNS_BELOW:
        # Few populations: a step would handle only a few encounters, so the steps take
        # whole runs of consecutive encounters (in the (m, S) order) that cannot affect
        # one another (see _conflict_free_runs): about sqrt(pi n / 4) of them per run.
        r_all, d_all, names_all = read.ravel(), write.ravel(), names.ravel()
        bounds = _conflict_free_runs(d_all, r_all, S * n + 1)
        for a, z in zip(bounds[:-1], bounds[1:]):
            d, index = d_all[a:z], names_all[a:z]
            add(seen[entry[r_all[a:z]]], entry[d], out=index)
            entry[d] = new_entry[index]
    else:
        for r, d, index in zip(read, write, names):
            add(seen[entry[r]], entry[d], out=index)
            entry[d] = new_entry[index]
    return names, write, recipient


#: With fewer populations than this, the public-score steps take runs of conflict-free
#: encounters (:func:`_conflict_free_runs`) instead of one encounter of every population.
RUNS_BELOW = 6


def _conflict_free_runs(donor: np.ndarray, recipient: np.ndarray, players: int) -> list[int]:
    """Cut a sequence of encounters into runs that a step can play at once.

    Encounter g reads its donor's and its recipient's entries and writes its donor's. It
    can share a step with the encounters before it back to the run's start unless one of
    them wrote what g reads or writes: unless some earlier donor in the run is g's donor or
    recipient. (An earlier encounter that reads what g writes is fine: a step reads all
    entries before it writes any.) The runs are the longest such ones, taken from the
    start. Returns the runs' bounds: ``[0, ..., len(donor)]``.
    """
    G = donor.size
    if G == 0:
        return [0]
    # The run from s ends at the first g that uses (as donor or recipient) a player who was
    # the donor of some w in [s, g): at the smallest next use, over w >= s, of w's donor.
    key, low = _uses_by_player(donor, recipient, players)
    use = key & low
    # Neighbours in the sorted list are the same player iff they differ below bit b only;
    # a donor's use (even) followed by its player's next use gives that donor's next use.
    follows = (key[1:] ^ key[:-1]) <= low
    follows &= (use[:-1] & 1) == 0
    at = np.flatnonzero(follows)
    use >>= 1  # each use's encounter
    next_use = np.full(G, G, dtype=use.dtype)
    next_use[use.take(at)] = use.take(at + 1)
    cut = np.minimum.accumulate(next_use[::-1])[::-1]
    bounds, s = [0], 0
    while s < G:
        s = int(cut[s])
        bounds.append(s)
    return bounds


def _helps_by_steps(k, draws: GenerationDraws, params: ImageScoringGame) -> np.ndarray:
    """Whether each donor helped, ``(S, m)``, for ``S`` populations at once: the loop runs over
    the ``m`` encounters, each step handling every population with a few array operations
    (public scores: :func:`_public_steps`, which for few populations steps through runs of
    encounters instead)."""
    S, n = k.shape
    m = params.rounds
    B = SCORE_BOUND
    rows = np.arange(S)
    donors, recipients = draws.donors, draws.recipients
    if params.information == "public":
        return _PUBLIC_HELPS[_public_steps(k, draws, params)[0]].T

    if draws.seen is not None:
        return _dense_private_steps(k, draws)
    # Private tallies: step t plays encounter t of every population, then applies its
    # sightings. Tallies and strategies are stored doubled, 2 (value + 5), so that a help
    # (1) or a refusal (0) added to a tally names its new value in one table, up[2 (old + 5)
    # + helped] = 2 (new + 5); 2 (0 + 5) stands for "unknown" (0).
    kd = (2 * (k[rows[:, None], donors] + B)).T.astype(np.int8, order="C")  # (m, S): the donor's k
    helps = np.empty((m, S), dtype=bool)
    tally = np.full(S * n * n, 2 * B, dtype=np.int8)
    read = (rows[:, None] * (n * n) + donors * n + recipients).T.copy()
    up = np.empty(2 * (2 * B + 1), dtype=np.int8)
    up[0::2], up[1::2] = 2 * (_STEP[0] + B), 2 * (_STEP[1] + B)
    cells = draws.cells
    rep = cells // (n * n)  # each event's population
    bounds = [0] + np.cumsum(draws.per_time).tolist()
    for t in range(m):
        h = np.greater_equal(tally.take(read[t]), kd[t], out=helps[t])
        idx = cells[bounds[t] : bounds[t + 1]]
        tally[idx] = up.take(h.view(np.int8).take(rep[bounds[t] : bounds[t + 1]]) + tally.take(idx))
    return helps.T


def _dense_private_steps(k, draws: GenerationDraws) -> np.ndarray:
    """:func:`_helps_by_steps` with private tallies drawn densely (``draws.seen``).

    The tallies are one int8 row per (population, subject), a column per observer, so that
    step t changes one row per population: every observer's tally of that encounter's donor
    moves by +1 (help) or -1 (refusal) where ``seen`` is 1, kept within [-5, 5]. The rows
    are padded to ``W`` bytes and moved as single ``W``-byte items.
    """
    S, n = k.shape
    m, _, width = draws.seen.shape
    B = SCORE_BOUND
    rows = np.arange(S)
    donors, recipients = draws.donors, draws.recipients
    item = np.dtype(f"V{width}")
    tally = np.zeros((S * n, width), dtype=np.int8)  # 0: unknown
    whole = tally.view(item).reshape(-1)
    cell = tally.reshape(-1)
    subject = (rows[:, None] * n + donors).T.copy()  # (m, S): the row step t changes
    read = ((rows[:, None] * n + recipients) * width + donors).T.copy()  # the donor's tally of the recipient
    kd = k[rows[:, None], donors].T.astype(np.int8, order="C")
    helps = np.empty((m, S), dtype=bool)
    sign = np.array([-1, 1], dtype=np.int8)
    top = np.full((S, width), B, dtype=np.int8)
    bottom = -top
    step = np.empty((S, width), dtype=np.int8)
    seen = draws.seen
    for t in range(m):
        h = np.greater_equal(cell.take(read[t]), kd[t], out=helps[t])
        row = whole.take(subject[t]).view(np.int8).reshape(S, width)
        np.multiply(seen[t], sign.take(h.view(np.int8))[:, None], out=step)
        row += step
        np.minimum(row, top, out=row)
        np.maximum(row, bottom, out=row)
        whole[subject[t]] = row.view(item).reshape(-1)
    return helps.T


def _offspring(kind: np.ndarray, payoff: np.ndarray, pick: np.ndarray) -> np.ndarray:
    """Each offspring's strategy, drawn in proportion to payoff, row by row: ``kind`` holds
    the players' strategies as indices into ``K_VALUES`` and ``pick`` uniforms in [0, 1),
    both ``(S, n)``; returns the offspring's indices.

    Only the parent's strategy passes on, so the draw picks a strategy with probability
    its players' share of the row's payoff, the same chance as picking a parent in
    proportion to payoff and taking its strategy. With twelve strategies that is twelve
    sums per row and a comparison of each uniform with eleven cumulative shares. A row
    whose payoffs are all zero gives every player an equal chance (the model rules it out:
    every encounter gives its recipient at least the offset, which is at least c > 0).
    """
    S, n = payoff.shape
    kinds = K_VALUES.size
    cell = (kind + np.arange(S)[:, None] * kinds).ravel()
    cum = np.bincount(cell, weights=payoff.ravel(), minlength=S * kinds).reshape(S, kinds)
    np.cumsum(cum, axis=1, out=cum)
    empty = ~(cum[:, -1] > 0)
    if empty.any():  # nobody earned anything: every player an equal chance
        counts = np.bincount(cell, minlength=S * kinds).reshape(S, kinds)
        cum[empty] = np.cumsum(counts[empty], axis=1)
    cum /= cum[:, -1:]
    # The strategy drawn is the number of cumulative shares at or below the uniform; a
    # strategy nobody earned with has no width, so it is never drawn.
    child = np.zeros((S, n), dtype=np.intp)
    for j in range(kinds - 1):
        child += pick >= cum[:, j : j + 1]
    return child


#: How many bytes of uniforms :func:`simulate_game` draws ahead, where it can (16 MB).
_AHEAD_BYTES = 1 << 24


def simulate_game(
    params: ImageScoringGame | None = None,
    *,
    replicates: int = 1,
    q=None,
    seed: int | None = 0,
    initial_k=None,
) -> ImageScoringHistory:
    """Run ``replicates`` populations of Nowak & Sigmund's full model, vectorised over populations.

    Parameters
    ----------
    params : the parameters (default ``ImageScoringGame()``: Fig. 1's set-up).
    replicates : populations per value of ``q``.
    q : optional sequence of information levels (public information), each run
        ``replicates`` times; overrides ``params.q``.
    seed : master seed; population ``i`` uses child ``i`` of ``SeedSequence(seed)``, so a
        population's run does not depend on what else is in the batch.
    initial_k : optional ``(n,)`` array of starting strategies for every population;
        by default each population starts from strategies drawn uniformly from -5..6
        ("a random distribution of strategies", Nowak & Sigmund 1998, Fig. 1).
    """
    if params is None:
        params = ImageScoringGame()
    if not isinstance(params, ImageScoringGame):
        raise TypeError(f"params must be an ImageScoringGame (got {type(params).__name__})")
    replicates = check_int("replicates", replicates, meaning="populations per value of q", low=1)
    seed = check_seed(seed)
    _, q_rep = _q_per_replicate(q, params.q, replicates)
    S, n, G = q_rep.size, params.n, params.generations
    keep_freed_memory()  # reuse the freed pages of one generation's arrays in the next
    gens, _ = _spawn_generators(seed, S)
    rows = np.arange(S)
    if initial_k is None:
        k = np.stack([K_VALUES[g.integers(0, K_VALUES.size, n)] for g in gens])
    else:
        init = np.asarray(initial_k)
        if init.shape != (n,) or not np.all(np.isin(init, K_VALUES)):
            raise ValueError(f"initial_k must be {n} strategies, each a whole number from -5 to 6")
        k = np.tile(init.astype(np.int64), (S, 1))
    counts = np.zeros((S, G + 1, K_VALUES.size), dtype=np.int32)
    coop = np.empty((S, G))
    offsets = (rows * K_VALUES.size)[:, None]

    def count(k):
        flat = np.bincount((k - K_VALUES[0] + offsets).ravel(), minlength=S * K_VALUES.size)
        return flat.reshape(S, K_VALUES.size)

    counts[:, 0] = count(k)
    # Where a generation draws nothing but its block of uniforms (public scores, no q strictly
    # between 0 and 1), the blocks of several generations are drawn at once: the same
    # numbers, with one call per population for up to 16 MB of them instead of one per
    # generation. Otherwise each block is drawn as its generation starts. The buffer is reused.
    U = uniforms_per_generation(params)
    ahead = params.information == "public" and not np.any((q_rep > 0) & (q_rep < 1))
    chunk = int(min(G, max(1, _AHEAD_BYTES // (8 * max(S, 1) * U)))) if ahead else 1
    buffer = np.empty((S, chunk * U))
    for gen in range(G):
        j = gen % chunk
        if j == 0:
            size = min(chunk, G - gen) * U
            _uniforms(gens, size, out=buffer[:, :size])
        draws = draw_generation(gens, params, q_rep, uniforms=buffer[:, j * U : (j + 1) * U])
        helps, payoff = _play_generation_batch(k, draws, params)
        coop[:, gen] = helps.mean(axis=1)
        child = K_VALUES[0] + _offspring(k - K_VALUES[0], payoff, draws.pick)
        k = np.where(draws.mutate, draws.mutant_k, child)
        counts[:, gen + 1] = count(k)
    return ImageScoringHistory(params=params, q=q_rep, seed=seed, counts=counts, cooperation=coop)
