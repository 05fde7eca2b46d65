r"""Guilt by association: credit scores that use your friends' records, and the ties people drop.

Reference
---------
Wei, Y., Yildirim, P., Van den Bulte, C. & Dellarocas, C. (2016). Credit scoring with
social network data. *Marketing Science* 35(2), 234-258. doi:10.1287/mksc.2015.0949
(``wei2016credit`` in the bibliography). Equation and lemma numbers below are those of the
pre-publication version posted on the University of Pennsylvania's ScholarlyCommons, the
version we could read.

The model
---------
Every person ``i`` has a type :math:`x_i \in \{h, l\}` (high or low creditworthiness), the
two types equally common. A scoring firm sees a noisy signal of each person's type, their
own record :math:`y_i \in \{+1, -1\}`, which is wrong with probability :math:`\varepsilon <
1/2`. People meet at random and become friends with probability :math:`q_s` if they are of
the same type and :math:`q_d \le q_s` if not (homophily). In the paper's benchmark, a tie
forms when a random social utility :math:`m_{ij}` exceeds a penalty of 0 for the same type
and 1 for a different type, so :math:`q_s = 1` and :math:`q_d = p_1 = P(m_{ij} > 1)`. When
people see each other's type with noise :math:`\tau`, equations (22)-(23) give

.. math::

    q_s = (1-\tau)^2 p_\tau + (1 - (1-\tau)^2) p_{1-\tau}, \qquad
    q_d = \tau^2 p_\tau + (1 - \tau^2) p_{1-\tau}.

Lemma 8 gives the firm's posterior that ``i`` is a high type, from ``i``'s own signal and
the numbers :math:`H_i` and :math:`L_i` of friends with a high and a low signal:

.. math::

    \Pr(x_i = h \mid \text{data}) = \left[1 + \left(\tfrac{\varepsilon}{1-\varepsilon}\right)^{y_i}
    A^{L_i} A^{-H_i}\right]^{-1}, \qquad
    A = \frac{\varepsilon q_d + (1-\varepsilon) q_s}{\varepsilon q_s + (1-\varepsilon) q_d}.

So every friend with a low signal multiplies the odds that ``i`` is a low type by
:math:`A`, and every friend with a high signal divides them by :math:`A`. The benchmark
(Lemma 3) is the case :math:`q_s = 1, q_d = p_1` (we infer this from the paper's comparison
of the two lemmas; we did not read Lemma 3 itself): the paper compares them through the
factor :math:`(\varepsilon p_1 + 1 - \varepsilon)/(\varepsilon + (1-\varepsilon) p_1)`. At
:math:`\varepsilon = 0.2, p_1 = 0.3` this is :math:`0.86/0.44 = 1.9545...`: each low-rated
friend nearly doubles the odds of being judged a low type. :func:`odds_factor_by_bayes`
derives the same number from the generative model (Bayes' rule with equal type shares).

The simulation
--------------
:func:`generate` builds a network of ``n`` people who each meet a Poisson number of random
others (mean ``meetings``); ties form with :math:`q_s` or :math:`q_d`. :func:`drop_ties`
lets people cut ties to *low-rated* contacts (low own signal, or, as in the paper's
appendix, low type), a high type with probability ``drop_high`` and a low type with
probability ``drop_low``. :func:`fragmentation` measures what happens to the network and
:func:`accuracy` what happens to the scores, both for a firm that keeps using Lemma 8 and
for one that knows how people now choose friends (:func:`posterior_after_dropping`, our
derivation: with Poisson meetings the surviving low- and high-signal friends are
independent Poisson counts, so the exact posterior stays log-linear in
:math:`(y_i, H_i, L_i)`, the form of the paper's appendix).

Everything is vectorised with numpy; connected components use a vectorised union-find
(hooking and pointer jumping), so a network of :math:`10^5` people is built, pruned and
measured in well under a second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validate import check_bool, check_instance, check_int, check_probability, check_real, check_real_array, check_seed

__all__ = [
    "SignalModel",
    "benchmark_tie_probabilities",
    "noisy_tie_probabilities",
    "low_friend_factor",
    "odds_factor_by_bayes",
    "posterior_high",
    "NetworkParams",
    "Network",
    "generate",
    "drop_ties",
    "signal_counts",
    "connected_components",
    "components_by_search",
    "fragmentation",
    "posterior_after_dropping",
    "accuracy",
    "drop_sweep",
]


# ---------------------------------------------------------------------------
# The closed form (Lemma 3 / Lemma 8)
# ---------------------------------------------------------------------------


def _check_epsilon(epsilon) -> float:
    return check_real(
        "epsilon",
        epsilon,
        meaning="the probability that a person's own record is wrong",
        low=0,
        high=0.5,
        low_open=True,
        high_open=True,
    )


def _check_ties(q_same, q_diff) -> tuple[float, float]:
    qs = check_real(
        "q_same", q_same, meaning="the chance that two people of the same type who meet become friends", low=0, high=1, low_open=True
    )
    qd = check_probability("q_diff", q_diff, meaning="the chance that two people of different types who meet become friends")
    if qd > qs:
        raise ValueError(
            f"q_diff must not exceed q_same (got q_diff={qd:g}, q_same={qs:g}): the model assumes "
            "people befriend their own type at least as readily as the other type (homophily)"
        )
    return qs, qd


@dataclass(frozen=True)
class SignalModel:
    """What the firm knows: the error rate of a record and the tie probabilities.

    ``epsilon`` lies strictly between 0 and 1/2 (a record that is wrong half the time says
    nothing); ``0 < q_same <= 1`` and ``0 <= q_diff <= q_same``. The defaults are the
    benchmark values used in the lab: ``epsilon = 0.2``, ``q_same = 1``, ``q_diff = p1 = 0.3``.
    """

    epsilon: float = 0.2
    q_same: float = 1.0
    q_diff: float = 0.3

    def __post_init__(self):
        object.__setattr__(self, "epsilon", _check_epsilon(self.epsilon))
        qs, qd = _check_ties(self.q_same, self.q_diff)
        object.__setattr__(self, "q_same", qs)
        object.__setattr__(self, "q_diff", qd)

    @property
    def low_friend_factor(self) -> float:
        """:math:`A`: the factor by which each low-signal friend multiplies the odds of a low type."""
        e, qs, qd = self.epsilon, self.q_same, self.q_diff
        return (e * qd + (1 - e) * qs) / (e * qs + (1 - e) * qd)

    @property
    def own_signal_factor(self) -> float:
        """:math:`(1-\\varepsilon)/\\varepsilon`: the factor a low own record multiplies the odds by."""
        return (1 - self.epsilon) / self.epsilon


def benchmark_tie_probabilities(p1: float) -> tuple[float, float]:
    """``(q_same, q_diff)`` in the paper's benchmark: ``(1, p1)`` with ``p1 = P(m_ij > 1)``."""
    p1 = check_probability("p1", p1, meaning="the chance that two people of different types who meet become friends")
    return 1.0, p1


def noisy_tie_probabilities(tau: float, p_tau: float, p_one_minus_tau: float) -> tuple[float, float]:
    """Equations (22)-(23): ``(q_same, q_diff)`` when people see each other's type with error ``tau``.

    ``p_tau = P(m_ij > tau)`` and ``p_one_minus_tau = P(m_ij > 1 - tau)``; since ``tau < 1/2``
    the first is at least the second.
    """
    tau = check_real("tau", tau, meaning="the chance of misjudging another person's type", low=0, high=0.5, high_open=True)
    pt = check_probability("p_tau", p_tau, meaning="P(m_ij > tau)")
    p1t = check_probability("p_one_minus_tau", p_one_minus_tau, meaning="P(m_ij > 1 - tau)")
    if p1t > pt:
        raise ValueError(
            f"p_one_minus_tau must not exceed p_tau (got {p1t:g} > {pt:g}): "
            "m_ij is more likely to exceed the smaller number tau than 1 - tau"
        )
    q_same = (1 - tau) ** 2 * pt + (1 - (1 - tau) ** 2) * p1t
    q_diff = tau**2 * pt + (1 - tau**2) * p1t
    return q_same, q_diff


def low_friend_factor(epsilon: float = 0.2, q_same: float = 1.0, q_diff: float = 0.3) -> float:
    """The factor :math:`A` of Lemma 8 (Lemma 3 when ``q_same = 1``): 1.9545... at the defaults."""
    return SignalModel(epsilon, q_same, q_diff).low_friend_factor


def odds_factor_by_bayes(epsilon: float = 0.2, q_same: float = 1.0, q_diff: float = 0.3) -> float:
    """The same factor derived from the generative model, without using the lemma.

    A friend of a high type is a high type with probability ``q_same / (q_same + q_diff)``
    (equal type shares, random meetings); a friend's signal is wrong with probability
    ``epsilon``. The factor is the likelihood ratio of "this friend has a low signal" under
    "``i`` is low" against "``i`` is high".
    """
    m = SignalModel(epsilon, q_same, q_diff)
    e = m.epsilon
    friend_high = {  # P(friend is a high type | i's type), up to the common factor 1/2
        "h": m.q_same / (m.q_same + m.q_diff),
        "l": m.q_diff / (m.q_same + m.q_diff),
    }
    p_low_signal = {x: friend_high[x] * e + (1 - friend_high[x]) * (1 - e) for x in ("h", "l")}
    return p_low_signal["l"] / p_low_signal["h"]


def _as_counts(name: str, value) -> np.ndarray:
    arr = np.asarray(value)
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)):
        raise TypeError(f"{name} must be a whole number or an array of whole numbers (got {value!r})")
    if np.issubdtype(arr.dtype, np.floating):
        if not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
            raise TypeError(f"{name} must count friends, so it must be a whole number (got {value!r})")
    if np.any(arr < 0):
        raise ValueError(f"{name} counts friends, so it cannot be negative (got {value!r})")
    return arr.astype(np.int64)


def _as_signal(value) -> np.ndarray:
    arr = np.asarray(value)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.number):
        raise TypeError(f"y (a person's own record) must be +1 (high) or -1 (low) (got {value!r})")
    if not np.all(np.isin(arr, (-1, 1))):
        raise ValueError(f"y (a person's own record) must be +1 (high) or -1 (low) (got {value!r})")
    return arr.astype(np.int64)


def _same_people(y: np.ndarray, n_low: np.ndarray, n_high: np.ndarray) -> None:
    """y, n_low and n_high describe the same people: their shapes must broadcast."""
    try:
        np.broadcast_shapes(y.shape, n_low.shape, n_high.shape)
    except ValueError:
        raise ValueError(
            "y (each person's own record), n_low and n_high (their friends with a low and a high record) "
            "must describe the same people: give arrays of the same shape, or single numbers "
            f"(got shapes {y.shape}, {n_low.shape} and {n_high.shape})"
        ) from None


def _expit_neg(log_odds_low: np.ndarray) -> np.ndarray:
    """``1 / (1 + exp(z))`` computed without overflow."""
    z = np.asarray(log_odds_low, dtype=float)
    out = np.empty_like(z)
    pos = z > 0
    ez = np.exp(-z[pos])
    out[pos] = ez / (1.0 + ez)
    out[~pos] = 1.0 / (1.0 + np.exp(z[~pos]))
    return out


def posterior_high(y, n_low, n_high, epsilon: float = 0.2, q_same: float = 1.0, q_diff: float = 0.3):
    """Lemma 8: the probability that a person is a high type, given their record and friends.

    ``y`` is the person's own record (+1 high, -1 low); ``n_low`` and ``n_high`` count friends
    with a low and a high record. Arrays broadcast; a scalar input gives a float.
    """
    m = SignalModel(epsilon, q_same, q_diff)
    y_arr = _as_signal(y)
    L = _as_counts("n_low", n_low)
    H = _as_counts("n_high", n_high)
    _same_people(y_arr, L, H)
    log_odds_low = y_arr * math.log(m.epsilon / (1 - m.epsilon)) + (L - H) * math.log(m.low_friend_factor)
    p = _expit_neg(log_odds_low)
    return float(p) if p.ndim == 0 else p


# ---------------------------------------------------------------------------
# The network simulation
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkParams:
    """A population of ``n`` people who each meet ``meetings`` others on average.

    Half the people are high types (each independently, with probability 1/2); the firm's
    record of each person is wrong with probability ``epsilon``; a meeting becomes a tie with
    probability ``q_same`` (same type) or ``q_diff`` (different types).
    """

    n: int = 20_000
    meetings: float = 10.0
    epsilon: float = 0.2
    q_same: float = 1.0
    q_diff: float = 0.3

    def __post_init__(self):
        object.__setattr__(self, "n", check_int("n", self.n, meaning="the number of people", low=2, high=50_000_000))
        object.__setattr__(
            self,
            "meetings",
            check_real("meetings", self.meetings, meaning="the mean number of people each person meets", low=0, high=1000),
        )
        if self.meetings > self.n - 1:
            raise ValueError(
                f"meetings (the mean number of people each person meets) cannot exceed n - 1 = {self.n - 1} "
                f"(got {self.meetings:g}): there are not that many other people"
            )
        model = SignalModel(self.epsilon, self.q_same, self.q_diff)
        object.__setattr__(self, "epsilon", model.epsilon)
        object.__setattr__(self, "q_same", model.q_same)
        object.__setattr__(self, "q_diff", model.q_diff)

    @property
    def signal_model(self) -> SignalModel:
        return SignalModel(self.epsilon, self.q_same, self.q_diff)


@dataclass(frozen=True)
class Network:
    """People, their records and their ties.

    ``high`` (bool, shape ``(n,)``) is the true type; ``signal`` (+1/-1) the firm's record;
    ``u`` and ``v`` (``u < v``) the two ends of every tie, each tie listed once.
    """

    params: NetworkParams
    high: np.ndarray
    signal: np.ndarray
    u: np.ndarray
    v: np.ndarray

    @property
    def n(self) -> int:
        return self.params.n

    @property
    def n_ties(self) -> int:
        return int(self.u.size)

    def degrees(self) -> np.ndarray:
        return np.bincount(self.u, minlength=self.n) + np.bincount(self.v, minlength=self.n)


def _net(net) -> Network:
    return check_instance("net", net, Network, hint="made by ns.generate() or ns.drop_ties()")


def _rng(seed) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(check_seed(seed))


def generate(params: NetworkParams | None = None, *, seed: int | None = 0) -> Network:
    """Draw types, records, meetings and ties (vectorised; ``seed`` makes it repeatable).

    The number of meetings is Poisson with mean ``n * meetings / 2``; each meeting joins two
    different people chosen at random, and repeated meetings of the same pair count once.
    """
    if params is None:
        params = NetworkParams()
    if not isinstance(params, NetworkParams):
        raise TypeError(f"params must be a NetworkParams (got {type(params).__name__})")
    rng = _rng(seed)
    n = params.n
    high = rng.random(n) < 0.5
    wrong = rng.random(n) < params.epsilon
    signal = np.where(high ^ wrong, 1, -1).astype(np.int8)

    m = rng.poisson(n * params.meetings / 2.0)
    a = rng.integers(0, n, m)
    b = rng.integers(0, n - 1, m)
    b += b >= a  # a different person
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    key = np.sort(lo.astype(np.int64) * n + hi)  # sort-based dedupe: fast and deterministic
    key = key[np.concatenate(([True], key[1:] != key[:-1]))] if key.size else key
    lo, hi = key // n, key % n
    same = high[lo] == high[hi]
    keep = rng.random(key.size) < np.where(same, params.q_same, params.q_diff)
    return Network(params=params, high=high, signal=signal, u=lo[keep], v=hi[keep])


def _is_low(net: Network, basis: str) -> np.ndarray:
    if basis == "rating":
        return net.signal < 0
    if basis == "type":
        return ~net.high
    raise ValueError(f"basis must be 'rating' (people see each other's record) or 'type' (people know each other's type) (got {basis!r})")


def drop_ties(
    net: Network,
    drop_high: float = 0.5,
    drop_low: float = 0.5,
    *,
    basis: str = "rating",
    seed: int | None = 0,
) -> Network:
    """People cut ties to low-rated contacts; returns the pruned network.

    For every tie, each end decides on its own: a high type drops a contact who is low
    (by ``basis``: ``"rating"`` = the contact's record is low, ``"type"`` = the contact is a
    low type, the paper's assumption) with probability ``drop_high``, a low type with
    probability ``drop_low``. A tie survives only if neither end drops it. Nobody drops a
    contact who is not low, and no tie is added.
    """
    net = _net(net)
    dh = check_probability("drop_high", drop_high, meaning="the chance that a high type drops a tie to a low-rated contact")
    dl = check_probability("drop_low", drop_low, meaning="the chance that a low type drops a tie to a low-rated contact")
    low = _is_low(net, basis)
    rng = _rng(seed)
    d = np.where(net.high, dh, dl)
    u, v = net.u, net.v
    r = rng.random((2, u.size))
    u_drops = low[v] & (r[0] < d[u])
    v_drops = low[u] & (r[1] < d[v])
    keep = ~(u_drops | v_drops)
    return Network(params=net.params, high=net.high, signal=net.signal, u=u[keep], v=v[keep])


def signal_counts(net: Network) -> tuple[np.ndarray, np.ndarray]:
    """``(n_low, n_high)``: for each person, the number of friends with a low and a high record."""
    net = _net(net)
    n = net.n
    low_u, low_v = net.signal[net.u] < 0, net.signal[net.v] < 0
    n_low = np.bincount(net.u, weights=low_v, minlength=n) + np.bincount(net.v, weights=low_u, minlength=n)
    deg = net.degrees()
    n_low = n_low.astype(np.int64)
    return n_low, deg - n_low


def connected_components(n: int, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Label of each node's connected component (the smallest node id in it), vectorised.

    Union-find without a Python loop over nodes: every round hooks the larger of the two
    root labels of each edge onto the smaller, then compresses paths by pointer jumping
    until every node points at its root. A test checks it against breadth-first search.
    """
    n = check_int("n", n, meaning="the number of nodes", low=0)
    u = np.asarray(u, dtype=np.int64)
    v = np.asarray(v, dtype=np.int64)
    if u.shape != v.shape:
        raise ValueError(f"u and v must list the two ends of the same edges (got shapes {u.shape} and {v.shape})")
    if u.size and (min(u.min(), v.min()) < 0 or max(u.max(), v.max()) >= n):
        raise ValueError(f"edge ends must be node ids between 0 and n - 1 = {n - 1}")
    parent = np.arange(n, dtype=np.int64)
    while True:
        pu, pv = parent[u], parent[v]
        differ = pu != pv
        if not differ.any():
            return parent
        lo, hi = np.minimum(pu[differ], pv[differ]), np.maximum(pu[differ], pv[differ])
        np.minimum.at(parent, hi, lo)
        while True:  # pointer jumping: every node points at its root
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand
        u, v = u[differ], v[differ]


def components_by_search(n: int, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The same labels as :func:`connected_components`, by breadth-first search in plain
    Python: the reference the tests and the benchmark check the vectorised version against."""
    from collections import deque

    adj = [[] for _ in range(n)]
    for a, b in zip(np.asarray(u).tolist(), np.asarray(v).tolist()):
        adj[a].append(b)
        adj[b].append(a)
    label = [-1] * n
    for start in range(n):  # in increasing order, so a component is labelled by its smallest id
        if label[start] >= 0:
            continue
        label[start] = start
        queue = deque([start])
        while queue:
            x = queue.popleft()
            for y in adj[x]:
                if label[y] < 0:
                    label[y] = start
                    queue.append(y)
    return np.array(label, dtype=np.int64)


def fragmentation(net: Network) -> dict[str, float]:
    """How connected the network is, and how much it sorts by type.

    Returns ``largest_component`` (share of people in the largest connected group),
    ``components`` (number of connected groups, isolated people included), ``isolated``
    (share of people with no tie), ``isolated_low_rated`` (share of low-rated people with no
    tie), ``isolated_high`` (share of high types among the people with no tie: those excluded
    although they are good risks), ``same_type_ties`` (share of ties that join two people of the same type:
    ``q_same / (q_same + q_diff)`` before anyone drops a tie, 1/2 without homophily),
    ``mean_degree`` and ``ties``.
    """
    net = _net(net)
    labels = connected_components(net.n, net.u, net.v)
    sizes = np.bincount(labels, minlength=net.n)
    deg = net.degrees()
    low_rated = net.signal < 0
    same = net.high[net.u] == net.high[net.v]
    return {
        "largest_component": float(sizes.max() / net.n),
        "components": int(np.count_nonzero(sizes)),
        "isolated": float(np.mean(deg == 0)),
        "isolated_low_rated": float(np.mean(deg[low_rated] == 0)) if low_rated.any() else 0.0,
        "isolated_high": float(np.mean(net.high[deg == 0])) if np.any(deg == 0) else float("nan"),
        "same_type_ties": float(same.mean()) if same.size else float("nan"),
        "mean_degree": float(deg.mean()),
        "ties": int(net.n_ties),
    }


def _per_meeting_rates(model: SignalModel, drop_high: float, drop_low: float, basis: str) -> np.ndarray:
    """``rates[x_i, y_i, s]``: per meeting, the chance of ending with a surviving friend whose
    record is ``s`` (0 = low, 1 = high), for ``x_i`` (0 = low, 1 = high) and ``y_i`` (0 = low
    record, 1 = high record)."""
    e = model.epsilon
    q = np.array([[model.q_same, model.q_diff], [model.q_diff, model.q_same]])  # q[x_i, x_j]
    p_sig = np.array([[1 - e, e], [e, 1 - e]])  # p_sig[x, s]: record s given type x
    d = np.array([drop_low, drop_high])  # d[x]: drop probability of a type-x person
    rates = np.zeros((2, 2, 2))
    for xi in (0, 1):
        for yi in (0, 1):
            for xj in (0, 1):
                for s in (0, 1):
                    j_low = (s == 0) if basis == "rating" else (xj == 0)
                    i_low = (yi == 0) if basis == "rating" else (xi == 0)
                    survive = (1 - d[xi] * j_low) * (1 - d[xj] * i_low)
                    rates[xi, yi, s] += 0.5 * q[xi, xj] * p_sig[xj, s] * survive
    return rates


def posterior_after_dropping(
    y,
    n_low,
    n_high,
    params: NetworkParams,
    drop_high: float = 0.0,
    drop_low: float = 0.0,
    *,
    basis: str = "rating",
):
    r"""The exact posterior for a firm that knows how people drop ties (our derivation).

    Each person meets a Poisson number of others with mean :math:`\mu` = ``params.meetings``.
    Per meeting, a person of type :math:`x` with record :math:`y` ends up with a surviving
    low-record friend with probability :math:`a_L(x, y)` and a high-record friend with
    probability :math:`a_H(x, y)`, so the counts are independent Poisson variables and

    .. math::

        \log\frac{P(l \mid \cdot)}{P(h \mid \cdot)} = \log\frac{P(y \mid l)}{P(y \mid h)}
        + L \log\frac{a_L(l,y)}{a_L(h,y)} + H \log\frac{a_H(l,y)}{a_H(h,y)}
        - \mu\,[a_L(l,y) + a_H(l,y) - a_L(h,y) - a_H(h,y)].

    With no dropping the last term vanishes and the ratios equal :math:`A` and :math:`1/A`:
    this is Lemma 8 exactly (a test checks it). After dropping, the number of friends itself
    becomes evidence.
    """
    if not isinstance(params, NetworkParams):
        raise TypeError(f"params must be a NetworkParams (got {type(params).__name__})")
    dh = check_probability("drop_high", drop_high, meaning="the chance that a high type drops a tie to a low-rated contact")
    dl = check_probability("drop_low", drop_low, meaning="the chance that a low type drops a tie to a low-rated contact")
    if basis not in ("rating", "type"):
        raise ValueError(f"basis must be 'rating' or 'type' (got {basis!r})")
    model = params.signal_model
    y_arr = _as_signal(y)
    L = _as_counts("n_low", n_low).astype(float)
    H = _as_counts("n_high", n_high).astype(float)
    _same_people(y_arr, L, H)
    y_arr, L, H = np.broadcast_arrays(y_arr, L, H)
    yi = (y_arr > 0).astype(int)
    rates = _per_meeting_rates(model, dh, dl, basis)
    e = model.epsilon
    log_odds = np.where(y_arr > 0, math.log(e / (1 - e)), math.log((1 - e) / e))
    with np.errstate(divide="ignore", invalid="ignore"):
        for s, count in ((0, L), (1, H)):
            a_l, a_h = rates[0, yi, s], rates[1, yi, s]
            ratio = np.where((a_l == 0) & (a_h == 0), 0.0, np.log(a_l) - np.log(a_h))
            log_odds = log_odds + np.where(count > 0, count * ratio, 0.0)
        log_odds = log_odds - params.meetings * (rates[0, yi].sum(-1) - rates[1, yi].sum(-1))
    p = _expit_neg(log_odds)
    return float(p) if p.ndim == 0 else p


def _accuracy(p_high: np.ndarray, high: np.ndarray) -> float:
    """Share of people the 0.5 cut-off classifies correctly (a tie at exactly 0.5 counts half)."""
    right = np.where(p_high > 0.5, high, np.where(p_high < 0.5, ~high, 0.5))
    return float(np.mean(right))


def accuracy(net: Network, *, drop_high: float = 0.0, drop_low: float = 0.0, basis: str = "rating") -> dict[str, float]:
    """How well three firms classify people as high or low types.

    ``record_only``: the firm uses each person's own record (accuracy about ``1 - epsilon``);
    ``lemma8``: the firm uses Lemma 8 with the original tie probabilities, whatever people
    have done to their networks; ``refitted``: the firm knows the dropping rule
    (``drop_high``, ``drop_low``, ``basis``, the values used for :func:`drop_ties`) and uses
    :func:`posterior_after_dropping`. Also returns ``lemma8_low_as_high``, the share of low
    types that Lemma 8 scores as high.
    """
    net = _net(net)
    p = net.params
    n_low, n_high = signal_counts(net)
    lemma = posterior_high(net.signal, n_low, n_high, p.epsilon, p.q_same, p.q_diff)
    refit = posterior_after_dropping(net.signal, n_low, n_high, p, drop_high, drop_low, basis=basis)
    record = np.where(net.signal > 0, 1 - p.epsilon, p.epsilon)
    low = ~net.high
    return {
        "record_only": _accuracy(record, net.high),
        "lemma8": _accuracy(lemma, net.high),
        "refitted": _accuracy(refit, net.high),
        "lemma8_low_as_high": float(np.mean(lemma[low] > 0.5)) if low.any() else 0.0,
    }


def drop_sweep(
    drop_values,
    params: NetworkParams | None = None,
    *,
    basis: str = "rating",
    high_only: bool = False,
    seed: int | None = 0,
) -> dict[str, np.ndarray]:
    """Fragmentation and accuracy as people drop more ties, on one network.

    For each value ``d`` in ``drop_values`` every person drops each tie to a low-rated
    contact with probability ``d`` (only high types do if ``high_only``). The same network
    and the same random numbers are used for every ``d``, so the curves differ only through
    ``d`` (a tie dropped at some ``d`` is also dropped at every larger ``d``).
    """
    if params is None:
        params = NetworkParams()
    values = check_real_array(
        "drop_values", drop_values, meaning="the chance of dropping a tie to a low-rated contact", low=0, high=1, vector=True
    )
    high_only = check_bool("high_only", high_only, meaning="only high types drop ties")
    seq = np.random.SeedSequence(check_seed(seed))
    net_seed, drop_seed = seq.spawn(2)
    net = generate(params, seed=np.random.default_rng(net_seed))
    keys = ("largest_component", "components", "isolated", "isolated_low_rated", "isolated_high", "same_type_ties", "mean_degree")
    out: dict[str, list] = {k: [] for k in keys + ("lemma8", "refitted", "record_only", "lemma8_low_as_high")}
    for d in values:
        dh, dl = float(d), (0.0 if high_only else float(d))
        pruned = drop_ties(net, dh, dl, basis=basis, seed=np.random.default_rng(drop_seed))
        frag = fragmentation(pruned)
        acc = accuracy(pruned, drop_high=dh, drop_low=dl, basis=basis)
        for k in keys:
            out[k].append(frag[k])
        for k in ("lemma8", "refitted", "record_only", "lemma8_low_as_high"):
            out[k].append(acc[k])
    result = {k: np.asarray(val, dtype=float) for k, val in out.items()}
    result["drop"] = values
    return result
