r"""Errors at scale and the route back: base rates, time on a list, and an appeal queue.

This module reproduces no single paper: it is the arithmetic of screening (Bayes' rule and
base rates), of how long people stay on a list (competing exponential exits, a Markov
model) and of an appeal office (the M/M/c queue and the Erlang C formula), each checked
against a vectorised simulation. The lab feeds it the documented 2024 flows of the
courts' list of dishonest judgment defaulters (``xinhua2025decline``) and China's
population at the end of 2024 (``nbs2025population``), held in ``data/listing_scale.csv``.

Base rates (:class:`Screen`)
----------------------------
Of ``population`` people, a share ``prevalence`` truly meet the listing criteria; each of
them is listed with probability ``sensitivity``, and each of the others with probability
``false_positive_rate`` :math:`\alpha`. Then

.. math::

    \text{wrongful} = \alpha (1 - \pi) N, \qquad
    \text{share wrong among the listed} = \frac{\alpha(1-\pi)}{s\pi + \alpha(1-\pi)}.

:func:`screen_from_volume` turns it round: given the number actually listed in a year and
a false-positive rate, it finds the prevalence that fits, or explains why none can.

Time on the list (:class:`RemovalRegime`)
-----------------------------------------
A rightly listed person leaves at rate ``comply_rate`` (per year: pays or performs the
judgment). A wrongly listed person cannot end the listing by complying with an obligation
they do not have; they leave when an objection is decided in their favour (rate
``appeal_rate`` times ``appeal_success``) or a review catches the error (``review_rate``).
Every listing may also end at ``max_term`` years. With exit rate :math:`\mu` and cap
:math:`L` the time on the list is :math:`\min(E, L)` with :math:`E` exponential, so

.. math:: \mathbb{E}[T] = \frac{1 - e^{-\mu L}}{\mu}

(:math:`1/\mu` without a cap, :math:`L` with :math:`\mu = 0`, infinite with neither). In a
steady state, Little's law per group gives the share of the *list* that is wrongly
listed, which exceeds the share of *new listings* that are wrong whenever wrong listings
last longer: :func:`stock_wrong_share`.

The appeal office (:func:`erlang_c_time`)
-----------------------------------------
Objections arrive at rate :math:`\lambda` per year and ``servers`` officers each decide
:math:`\mu` per year. With :math:`a = \lambda/\mu` and :math:`c` servers (:math:`a < c`),
the Erlang C formula gives the chance of waiting, :math:`C(c, a)`, and the mean time from
filing to decision, :math:`W = C(c, a)/(c\mu - \lambda) + 1/\mu`.
:func:`simulate_queue` checks it by simulation (first come, first served).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validate import check_bool, check_instance, check_int, check_probability, check_real, check_seed

__all__ = [
    "Screen",
    "screen_from_volume",
    "RemovalRegime",
    "mean_time_on_list",
    "stock_wrong_share",
    "simulate_time_on_list",
    "erlang_c",
    "erlang_c_time",
    "simulate_queue",
]


# ---------------------------------------------------------------------------
# Base rates
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Screen:
    """A yearly screen of ``population`` people (see the module docstring)."""

    population: float = 1.4e9
    prevalence: float = 0.001
    sensitivity: float = 1.0
    false_positive_rate: float = 1e-4

    def __post_init__(self):
        object.__setattr__(
            self, "population", check_real("population", self.population, meaning="the number of people screened", low=0)
        )
        object.__setattr__(
            self,
            "prevalence",
            check_probability("prevalence", self.prevalence, meaning="the share of people who truly meet the listing criteria"),
        )
        object.__setattr__(
            self,
            "sensitivity",
            check_probability("sensitivity", self.sensitivity, meaning="the chance that a person who meets the criteria is listed"),
        )
        object.__setattr__(
            self,
            "false_positive_rate",
            check_probability(
                "false_positive_rate", self.false_positive_rate, meaning="the chance that a person who does not meet the criteria is listed"
            ),
        )

    @property
    def true_listings(self) -> float:
        """Expected number of people rightly listed: ``sensitivity * prevalence * population``."""
        return self.sensitivity * self.prevalence * self.population

    @property
    def wrongful_listings(self) -> float:
        """Expected number of people wrongly listed: ``false_positive_rate * (1 - prevalence) * population``."""
        return self.false_positive_rate * (1.0 - self.prevalence) * self.population

    @property
    def listings(self) -> float:
        """Expected number of people listed."""
        return self.true_listings + self.wrongful_listings

    @property
    def wrong_share(self) -> float:
        """Share of the listed who are wrongly listed, ``1 - PPV`` (``nan`` if no one is listed)."""
        total = self.listings
        return self.wrongful_listings / total if total > 0 else math.nan

    @property
    def ppv(self) -> float:
        """Positive predictive value: the chance that a listed person meets the criteria."""
        return 1.0 - self.wrong_share


def screen_from_volume(
    volume: float, population: float, false_positive_rate: float, sensitivity: float = 1.0
) -> Screen:
    """The screen that lists ``volume`` people a year out of ``population`` with the given
    false-positive rate and sensitivity: solves ``s*pi*N + alpha*(1 - pi)*N = volume`` for
    the prevalence ``pi``.

    Raises ``ValueError`` when no prevalence fits: for instance when the false positives
    alone would already exceed the number of people listed.
    """
    volume = check_real("volume", volume, meaning="the number of people listed in a year", low=0)
    population = check_real("population", population, meaning="the number of people screened", low=0, low_open=True)
    alpha = check_probability("false_positive_rate", false_positive_rate, meaning="the chance that a person who does not meet the criteria is listed")
    s = check_probability("sensitivity", sensitivity, meaning="the chance that a person who meets the criteria is listed")
    if volume > population:
        raise ValueError(f"volume ({volume:,.0f}) cannot exceed population ({population:,.0f}): no one is listed twice in this model")
    share = volume / population
    if s <= alpha:
        raise ValueError(
            f"sensitivity ({s:g}) must exceed false_positive_rate ({alpha:g}): otherwise the listing says nothing about who meets the criteria"
        )
    if alpha * population > volume:
        raise ValueError(
            f"a false_positive_rate of {alpha:g} among {population:,.0f} people would wrongly list "
            f"{alpha * population:,.0f} people even if no one met the criteria, more than the {volume:,.0f} "
            "listed in all: lower the rate or screen fewer people"
        )
    prevalence = (share - alpha) / (s - alpha)
    if prevalence > 1:
        raise ValueError(f"with sensitivity {s:g}, {volume:,.0f} listings out of {population:,.0f} people is impossible: it would need more than everyone")
    return Screen(population=population, prevalence=prevalence, sensitivity=s, false_positive_rate=alpha)


# ---------------------------------------------------------------------------
# Time on the list
# ---------------------------------------------------------------------------


def mean_time_on_list(exit_rate: float, max_term: float = math.inf) -> float:
    """Expected time on the list, ``E[min(E, L)] = (1 - exp(-mu L)) / mu``, for an exit
    rate ``mu`` per year and a maximum term ``L`` in years (``inf``: none)."""
    mu = check_real("exit_rate", exit_rate, meaning="removals per listed person per year", low=0)
    L = _check_term(max_term)
    if mu == 0:
        return L
    if math.isinf(L):
        return 1.0 / mu
    return -math.expm1(-mu * L) / mu


def _check_term(max_term) -> float:
    if max_term is None:
        return math.inf
    if isinstance(max_term, (int, float)) and not isinstance(max_term, bool) and math.isinf(max_term) and max_term > 0:
        return math.inf
    return check_real("max_term", max_term, meaning="the longest a listing can last, in years", low=0, low_open=True)


@dataclass(frozen=True)
class RemovalRegime:
    """How listings end (rates per year; see the module docstring).

    Attributes
    ----------
    comply_rate : rate at which a rightly listed person complies and is removed.
    appeal_rate : rate at which a wrongly listed person's objection is decided.
    appeal_success : chance that an objection to a wrong listing succeeds.
    review_rate : rate at which a review (by the court or agency itself) finds a wrong listing.
    max_term : every listing ends after this many years (``inf``: no limit).
    """

    comply_rate: float = 1.0
    appeal_rate: float = 0.0
    appeal_success: float = 1.0
    review_rate: float = 0.0
    max_term: float = math.inf

    def __post_init__(self):
        for name, meaning in (
            ("comply_rate", "removals per year of rightly listed people who comply"),
            ("appeal_rate", "objections decided per wrongly listed person per year"),
            ("review_rate", "reviews that catch a wrong listing, per year"),
        ):
            object.__setattr__(self, name, check_real(name, getattr(self, name), meaning=meaning, low=0))
        object.__setattr__(
            self, "appeal_success", check_probability("appeal_success", self.appeal_success, meaning="the chance that an objection succeeds")
        )
        object.__setattr__(self, "max_term", _check_term(self.max_term))

    @property
    def exit_rate_right(self) -> float:
        """Exit rate of a rightly listed person."""
        return self.comply_rate

    @property
    def exit_rate_wrong(self) -> float:
        """Exit rate of a wrongly listed person: objections upheld plus reviews."""
        return self.appeal_rate * self.appeal_success + self.review_rate

    @property
    def mean_time_right(self) -> float:
        """Expected years on the list of a rightly listed person."""
        return mean_time_on_list(self.exit_rate_right, self.max_term)

    @property
    def mean_time_wrong(self) -> float:
        """Expected years on the list of a wrongly listed person (``inf`` if there is no way off)."""
        return mean_time_on_list(self.exit_rate_wrong, self.max_term)


def stock_wrong_share(new_wrong_share: float, regime: RemovalRegime) -> float:
    """Share of the people *on* the list who are wrongly listed, in a steady state in which a
    share ``new_wrong_share`` of *new* listings are wrong (Little's law for each group).

    Returns 1.0 when wrong listings never end (they accumulate without limit).
    """
    w = check_probability("new_wrong_share", new_wrong_share, meaning="the share of new listings that are wrong")
    regime = check_instance("regime", regime, RemovalRegime, hint="for example le.RemovalRegime(appeal_rate=0.5)")
    t_w, t_r = regime.mean_time_wrong, regime.mean_time_right
    if w == 0:
        return 0.0
    if math.isinf(t_w):
        return 1.0
    if math.isinf(t_r):
        return 0.0 if w < 1 else 1.0
    return w * t_w / (w * t_w + (1.0 - w) * t_r)


def simulate_time_on_list(regime: RemovalRegime, people: int = 100_000, *, wrong: bool, seed: int | None = 0) -> np.ndarray:
    """Draw the time on the list of ``people`` people (rightly listed, or wrongly if ``wrong``).

    Each exit channel is an exponential clock; the first to ring ends the listing, and so
    does the maximum term. Clocks at rate zero never ring (``inf``).
    """
    if not isinstance(regime, RemovalRegime):
        raise TypeError(f"regime must be a RemovalRegime (got {type(regime).__name__})")
    people = check_int("people", people, meaning="the number of listed people to simulate", low=1)
    wrong = check_bool("wrong", wrong, meaning="simulate wrongly listed people (True) or rightly listed ones (False)")
    rng = np.random.default_rng(check_seed(seed))
    if wrong:
        rates = [regime.appeal_rate * regime.appeal_success, regime.review_rate]
    else:
        rates = [regime.comply_rate]
    times = np.full(people, np.inf)
    for rate in rates:
        if rate > 0:
            times = np.minimum(times, rng.exponential(1.0 / rate, people))
    return np.minimum(times, regime.max_term)


# ---------------------------------------------------------------------------
# The appeal office: M/M/c
# ---------------------------------------------------------------------------


def erlang_c(arrival_rate: float, service_rate: float, servers: int) -> float:
    """The Erlang C probability that an objection has to wait before an officer takes it."""
    lam = check_real("arrival_rate", arrival_rate, meaning="objections filed per year", low=0)
    mu = check_real("service_rate", service_rate, meaning="objections one officer decides per year", low=0, low_open=True)
    c = check_int("servers", servers, meaning="the number of officers deciding objections", low=1)
    a = lam / mu
    if a >= c:
        raise ValueError(
            f"the office is overloaded: {lam:g} objections a year arrive but {c} officers can decide at most {c * mu:g}; "
            "the queue would grow without limit (arrival_rate must be below servers * service_rate)"
        )
    # Erlang B by its recursion B_k = a B_{k-1} / (k + a B_{k-1}), B_0 = 1: every step stays in
    # [0, 1], so it neither overflows (a^k / k! does once the offered load a = arrival_rate /
    # service_rate passes about 710) nor loses precision.
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    # Erlang C from Erlang B: C = c B / (c - a (1 - B)).
    return c * b / (c - a * (1.0 - b))


def erlang_c_time(arrival_rate: float, service_rate: float, servers: int) -> float:
    """Mean time from filing an objection to its decision in an M/M/c office, in years:
    ``C(c, a) / (c*mu - lambda) + 1/mu``."""
    pw = erlang_c(arrival_rate, service_rate, servers)
    lam, mu, c = float(arrival_rate), float(service_rate), int(servers)  # validated by erlang_c
    return pw / (c * mu - lam) + 1.0 / mu


def simulate_queue(
    arrival_rate: float,
    service_rate: float,
    servers: int,
    *,
    customers: int = 2000,
    replicates: int = 200,
    warmup: int = 500,
    seed: int | None = 0,
) -> np.ndarray:
    """Simulate the M/M/c office, first come first served, in ``replicates`` independent runs.

    Runs are vectorised: each step handles the next objection in every replicate at once
    (the loop is over objections in time order, never over replicates). Returns, per
    replicate, the mean time from filing to decision of the objections after ``warmup``.
    """
    erlang_c(arrival_rate, service_rate, servers)  # validates, and refuses an overloaded office
    customers = check_int("customers", customers, meaning="objections per run", low=1)
    replicates = check_int("replicates", replicates, meaning="independent runs", low=1)
    warmup = check_int("warmup", warmup, meaning="objections discarded at the start of each run", low=0)
    if warmup >= customers:
        raise ValueError(f"warmup ({warmup}) must be smaller than customers ({customers})")
    rng = np.random.default_rng(check_seed(seed))
    arrivals = np.cumsum(rng.exponential(1.0 / arrival_rate, (customers, replicates)), axis=0)
    service = rng.exponential(1.0 / service_rate, (customers, replicates))
    free = np.zeros((replicates, servers))
    rows = np.arange(replicates)
    total = np.zeros(replicates)
    for i in range(customers):
        j = np.argmin(free, axis=1)
        start = np.maximum(free[rows, j], arrivals[i])
        done = start + service[i]
        free[rows, j] = done
        if i >= warmup:
            total += done - arrivals[i]
    return total / (customers - warmup)
