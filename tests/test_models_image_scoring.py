"""The image-scoring model: published values exactly, simulation invariants, bad input."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditlab.models import image_scoring as isc

# --- Published analytic results (Nowak & Sigmund 1998; Nowak 2006) -------------------------


def test_threshold_is_c_over_b():
    assert isc.discriminator_threshold(1.0, 0.1) == 0.1
    assert isc.discriminator_threshold(3.0, 1.0) == pytest.approx(1 / 3)


def test_minimum_rounds_about_1_2_at_paper_values():
    # "about 1.2 rounds" at b = 1, c = 0.1, q = 1 (Nowak & Sigmund 1998, Methods).
    rounds = isc.min_expected_rounds(1.0, 0.1, 1.0)
    assert rounds == pytest.approx(11 / 9, abs=1e-12)
    assert round(rounds, 1) == 1.2


def test_minimum_rounds_infinite_below_threshold():
    assert isc.min_expected_rounds(1.0, 0.1, 0.1) == math.inf
    assert isc.min_expected_rounds(1.0, 0.1, 0.05) == math.inf


def test_payoff_matrix_matches_nowak_2006():
    m = isc.payoff_matrix(1.0, 0.1, 0.5)
    assert np.allclose(m, [[0.9, -0.05], [0.5, 0.0]])


@given(b=st.floats(0.01, 100), ratio=st.floats(0.001, 0.999), q=st.floats(0, 1))
def test_resist_iff_q_exceeds_c_over_b(b, ratio, q):
    c = b * ratio
    if abs(q - c / b) < 1e-9:
        return  # the boundary itself is a tie
    assert isc.discriminators_resist(b, c, q) == (q > c / b)


def test_invasion_threshold_tends_to_c_over_b():
    values = [isc.invasion_threshold_q(1, 0.1, r) for r in (5, 10, 100, 10_000)]
    assert all(a > b for a, b in zip(values, values[1:]))
    assert values[-1] == pytest.approx(0.1, rel=1e-3)
    assert isc.invasion_threshold_q(1, 0.9, 1.5) == math.inf


# --- Bad input: clear errors naming the parameter ---------------------------------------------


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        ({"b": 1, "c": 2}, ValueError, r"cost c must be smaller than benefit b \(got c=2, b=1\)"),
        ({"b": 1, "c": 1}, ValueError, "cost c must be smaller than benefit b"),
        ({"b": 1, "c": 0}, ValueError, r"c \(the cost of helping\) must lie in \(0, inf\]"),
        ({"b": -1, "c": 0.1}, ValueError, r"b \(the benefit of being helped\)"),
        ({"b": "1", "c": 0.1}, TypeError, "b .* must be a number"),
    ],
)
def test_donation_game_rejects_bad_values(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        isc.DonationGame(**kwargs)


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        ({"n": 1}, ValueError, r"n \(the population size\) must be at least 2 \(got 1\)"),
        ({"rounds": 0}, ValueError, r"rounds \(encounters per generation\) must be at least 1"),
        ({"rounds": -5}, ValueError, "rounds"),
        ({"q": 1.5}, ValueError, r"q \(the probability that a donor knows the recipient's image\) is a probability"),
        ({"q": -0.1}, ValueError, "must lie between 0 and 1"),
        ({"generations": 0}, ValueError, "generations"),
        ({"initial_discriminators": 2}, ValueError, "initial_discriminators"),
        ({"mutation": -1}, ValueError, "mutation"),
        ({"n": 10.5}, TypeError, "n .* must be a whole number"),
        ({"c": 2.0}, ValueError, "cost c must be smaller than benefit b"),
    ],
)
def test_parameters_rejected_with_clear_messages(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        isc.BinaryImageScoring(**kwargs)


def test_simulate_rejects_bad_arguments():
    with pytest.raises(TypeError, match="params must be a BinaryImageScoring"):
        isc.simulate({"n": 10})
    with pytest.raises(ValueError, match="replicates"):
        isc.simulate(replicates=0)
    with pytest.raises(ValueError, match="is a probability"):
        isc.simulate(q=[0.5, 1.2])
    with pytest.raises(ValueError, match="seed"):
        isc.simulate(seed=-3)
    with pytest.raises(ValueError, match="at least one discriminator and one defector"):
        isc.payoff_gap([0.5], isc.BinaryImageScoring(initial_discriminators=1.0))
    # A share below 1 that still rounds to a population with no defector at all.
    with pytest.raises(ValueError, match="gives 50 discriminators and 0 defectors"):
        isc.payoff_gap([0.5], isc.BinaryImageScoring(n=50, rounds=100, initial_discriminators=0.99))


# --- The vectorised decision rule equals the sequential game -----------------------------------


def sequential_helping(disc, donors, recipients, knows):
    S, m = donors.shape
    out = np.zeros((S, m), dtype=bool)
    for s in range(S):
        image = np.ones(disc.shape[1], dtype=bool)
        for t in range(m):
            d, r = donors[s, t], recipients[s, t]
            helps = bool(disc[s, d]) and not (knows[s, t] and not image[r])
            image[d] = helps
            out[s, t] = helps
    return out


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(2, 12),
    m=st.integers(1, 80),
    S=st.sampled_from([1, 3, isc.LOOP_BELOW, isc.LOOP_BELOW + 5]),  # the loop path and the array path
    share=st.floats(0, 1),
    q=st.floats(0, 1),
)
def test_resolve_helping_equals_sequential_loop(seed, n, m, S, share, q):
    rng = np.random.default_rng(seed)
    disc = rng.random((S, n)) < share
    donors = rng.integers(0, n, (S, m))
    recipients = (donors + rng.integers(1, n, (S, m))) % n if n > 1 else donors
    knows = rng.random((S, m)) < q
    batch = isc.resolve_helping(disc, donors, recipients, knows)
    assert np.array_equal(batch, sequential_helping(disc, donors, recipients, knows))
    # Each replicate alone gives what it gives in the batch (the paths agree).
    for s in range(S):
        alone = isc.resolve_helping(disc[s : s + 1], donors[s : s + 1], recipients[s : s + 1], knows[s : s + 1])
        assert np.array_equal(alone[0], batch[s])


# --- Simulation invariants ------------------------------------------------------------------------

SMALL = isc.BinaryImageScoring(n=20, rounds=100, generations=5, initial_discriminators=0.5, mutation=0.05)


def test_same_seed_same_run_and_replicates_independent_of_batch():
    a = isc.simulate(SMALL, replicates=3, q=[0.2, 0.8], seed=11)
    b = isc.simulate(SMALL, replicates=3, q=[0.2, 0.8], seed=11)
    assert np.array_equal(a.discriminators, b.discriminators)
    assert np.array_equal(a.cooperation, b.cooperation)
    c = isc.simulate(SMALL, replicates=3, q=[0.2, 0.8], seed=12)
    assert not np.array_equal(a.discriminators, c.discriminators)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), q=st.floats(0, 1), mutation=st.floats(0, 0.5))
def test_shares_are_fractions_and_first_generation_exact(seed, q, mutation):
    params = isc.BinaryImageScoring(n=10, rounds=30, generations=3, initial_discriminators=0.3, mutation=mutation)
    run = isc.simulate(params, replicates=2, q=q, seed=seed)
    assert np.all((run.discriminators >= 0) & (run.discriminators <= 1))
    assert np.all((run.cooperation >= 0) & (run.cooperation <= 1))
    assert np.allclose(run.discriminators[:, 0], 0.3)
    # Shares move in steps of 1/n.
    assert np.allclose(run.discriminators * params.n, np.round(run.discriminators * params.n))


def test_no_discriminators_means_no_help_and_defectors_stay():
    params = isc.BinaryImageScoring(n=10, rounds=50, generations=4, initial_discriminators=0.0)
    run = isc.simulate(params, replicates=2, seed=1)
    assert np.all(run.cooperation == 0)
    assert np.all(run.discriminators == 0)


def test_without_information_discriminators_always_help():
    params = isc.BinaryImageScoring(n=10, rounds=50, generations=1, initial_discriminators=1.0, q=0.0)
    run = isc.simulate(params, replicates=2, seed=1)
    assert np.all(run.cooperation == 1)


def test_payoff_gap_has_the_right_sign_far_from_the_threshold():
    params = isc.BinaryImageScoring(n=60, rounds=600, initial_discriminators=0.9)
    gap = isc.payoff_gap([0.0, 0.6], params, replicates=60, seed=3)
    assert gap["gap_mean"][0] > 0 > gap["gap_mean"][1]
    assert np.all(gap["gap_se"] > 0)


def test_sweep_returns_one_value_per_q():
    out = isc.sweep_q([0.0, 0.5], SMALL, replicates=2, seed=0)
    assert set(out) == {"q", "disc_mean", "disc_sd", "coop_mean", "coop_sd"}
    assert all(len(v) == 2 for v in out.values())


# --- The full model (scores -5..5, strategies k = -5..6) -------------------------------------

FULL_PUBLIC = isc.ImageScoringGame(n=12, rounds=60, generations=4, mutation=0.05, q=0.7)
FULL_PRIVATE = isc.ImageScoringGame(n=12, rounds=60, generations=4, mutation=0.05, information="private", observers=4)
# The same with a bystander's chance below 1/4: the sightings are drawn sparsely (only those
# a later decision reads), where FULL_PRIVATE's are drawn densely (see isc._dense_sightings).
SPARSE_PRIVATE = isc.ImageScoringGame(n=12, rounds=60, generations=4, mutation=0.05, information="private", observers=2)


def test_the_two_private_draws_are_chosen_by_the_parameters():
    assert isc._dense_sightings(FULL_PRIVATE) and not isc._dense_sightings(SPARSE_PRIVATE)


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        ({"c": 1.0}, ValueError, "cost c must be smaller than benefit b"),
        ({"n": 1}, ValueError, r"n \(the population size\) must be at least 2"),
        ({"n": 2, "information": "private"}, ValueError, "must be at least 3 with private information"),
        ({"rounds": -1}, ValueError, "rounds"),
        ({"generations": 0}, ValueError, "generations"),
        ({"mutation": 1.5}, ValueError, r"mutation .* is a probability"),
        ({"q": -0.2}, ValueError, r"q \(the probability that a donor knows the recipient's score\)"),
        ({"offset": -0.1}, ValueError, "offset"),
        ({"information": "secret"}, ValueError, "information must be 'public'"),
        ({"n": 20, "information": "private", "observers": 19}, ValueError, r"observers .* at most n - 2 = 18"),
        ({"observers": -1}, ValueError, "observers"),
        ({"recipient_observes": "yes"}, TypeError, "recipient_observes must be True or False"),
    ],
)
def test_full_model_rejects_bad_parameters(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        isc.ImageScoringGame(**kwargs)


def test_simulate_game_rejects_bad_arguments():
    with pytest.raises(TypeError, match="params must be an ImageScoringGame"):
        isc.simulate_game(isc.BinaryImageScoring())
    with pytest.raises(ValueError, match="replicates"):
        isc.simulate_game(FULL_PUBLIC, replicates=0)
    with pytest.raises(ValueError, match="initial_k"):
        isc.simulate_game(FULL_PUBLIC, initial_k=[7] * 12)


@pytest.mark.parametrize("params", [FULL_PUBLIC, FULL_PRIVATE, SPARSE_PRIVATE], ids=["public", "private", "sparse"])
@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**31), S=st.sampled_from([1, 3, isc.RUNS_BELOW + 2]))
def test_vectorised_generation_equals_the_loop(params, seed, S):
    # Public scores: fewer than RUNS_BELOW populations take conflict-free runs, more take
    # one encounter of every population per step; both must be the loop's acts.
    rng = np.random.default_rng(seed)
    k = isc.K_VALUES[rng.integers(0, 12, (S, params.n))]
    gens = [np.random.default_rng(seed + i) for i in range(S)]
    draws = isc.draw_generation(gens, params, np.full(S, params.q))
    helps, payoff = isc._play_generation_batch(k, draws, params)
    stepped = isc._helps_by_steps(k, draws, params)  # the array path, whatever the batch size
    for s in range(S):
        h_loop, p_loop = isc.play_generation_loop(k[s], draws.population(s), params)
        assert np.array_equal(helps[s], h_loop)
        assert np.array_equal(stepped[s], h_loop)
        assert np.allclose(payoff[s], p_loop)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**31), info=st.sampled_from(["public", "private"]), q=st.floats(0, 1))
def test_payoffs_conserve_benefit_cost_and_offset(seed, info, q):
    params = isc.ImageScoringGame(n=10, rounds=40, information=info, q=q, observers=3, b=1.0, c=0.3)
    gens = [np.random.default_rng(seed)]
    k = isc.K_VALUES[np.random.default_rng(seed).integers(0, 12, (1, 10))]
    draws = isc.draw_generation(gens, params, np.array([q]))
    helps, payoff = isc._play_generation_batch(k, draws, params)
    # Every encounter adds 2 * offset, and each act of help adds b - c in total.
    expected = 40 * 2 * params.offset + helps.sum() * (params.b - params.c)
    assert payoff.sum() == pytest.approx(expected)
    assert np.all(payoff >= 0)  # the offset c covers the cost of helping


@pytest.mark.parametrize("n", [30, 60], ids=["dense", "sparse"])
def test_private_observers_are_bystanders_and_ten_on_average(n):
    params = isc.ImageScoringGame(n=n, rounds=3000, information="private", observers=10, recipient_observes=False)
    assert isc._dense_sightings(params) == (n == 30)
    draws = isc.draw_generation([np.random.default_rng(5)], params, np.ones(1), every_sighting=True)
    t, rep, o = draws.events
    assert np.all(o != draws.donors[rep, t]) and np.all(o != draws.recipients[rep, t])
    assert t.size / 3000 == pytest.approx(10, rel=0.03)
    assert np.all(np.diff(t) >= 0)


def _seen_by_hand(gen, params, donors, recipients, reserve):
    """``isc._seen_bits`` for one population, written out trial by trial."""
    n, m, p = params.n, params.rounds, params.observe_probability
    words = -(-m * n // 8)
    raw = gen.bit_generator.random_raw(words + reserve)
    byte = [(int(w) >> (8 * i)) & 255 for w in raw[:words] for i in range(8)]  # little-endian
    a = int(p * 256)
    seen = np.zeros((m, n), dtype=np.int8)
    late = []  # ties beyond the reserve: uniforms drawn afterwards, in order
    ties = 0
    for t in range(m):
        for o in range(n):
            v = byte[t * n + o]
            if v < a:
                seen[t, o] = 1
            elif v == a and p * 256 > a:
                if ties < reserve:
                    seen[t, o] = (int(raw[words + ties]) >> 11) * 2.0**-53 < p * 256 - a
                else:
                    late.append((t, o))
                ties += 1
    for (t, o), u in zip(late, gen.random(len(late))):
        seen[t, o] = u < p * 256 - a
    for t in range(m):
        seen[t, donors[t]] = 0
        seen[t, recipients[t]] = params.recipient_observes
    return seen


@pytest.mark.parametrize("reserve", [None, 1])
@pytest.mark.parametrize("observers, observes", [(10, True), (7, False), (18, True), (9, True)])
def test_dense_sightings_follow_their_rule_byte_by_byte(reserve, observers, observes, monkeypatch):
    # One random byte per (encounter, player) decides a sighting; a byte equal to
    # floor(256 p) is settled by a uniform from the reserve words (or, past them, drawn
    # after). With a reserve of one word nearly every tie takes the late way. With 18
    # bystanders, observers=18 makes p = 1 (no draw at all) and observers=9 makes p = 1/2,
    # 256 p whole (no ties, no reserve).
    n, rounds = 20, 90
    p = observers / (n - 2)
    if reserve is None:
        reserve = isc._tie_reserve(p, n * rounds)
        assert reserve == (0 if observers in (9, 18) else int(1800 / 256 + 6 * (1800 / 256) ** 0.5) + 16)
    else:
        monkeypatch.setattr(isc, "_tie_reserve", lambda p, trials: reserve)
    params = isc.ImageScoringGame(n=n, rounds=rounds, information="private", observers=observers, recipient_observes=observes)
    assert isc._dense_sightings(params)
    S = 3
    draws = isc.draw_generation([np.random.default_rng(70 + i) for i in range(S)], params, np.ones(S))
    ties = 0
    for s in range(S):
        gen = np.random.default_rng(70 + s)
        gen.random(isc.uniforms_per_generation(params))  # the block of uniforms comes first
        D, R = draws.donors[s].tolist(), draws.recipients[s].tolist()
        if p < 1:
            probe = np.random.default_rng(70 + s)
            probe.random(isc.uniforms_per_generation(params))
            ties += int((probe.bit_generator.random_raw(-(-n * rounds // 8)).view(np.uint8)[: n * rounds] == int(p * 256)).sum())
            expected = _seen_by_hand(gen, params, D, R, reserve)
        else:
            expected = np.ones((rounds, n), dtype=np.int8)
            expected[np.arange(rounds), D] = 0
            expected[np.arange(rounds), R] = observes
        assert np.array_equal(draws.seen[:, s, :n], expected)
        assert not draws.seen[:, s, n:].any()  # the padding stays empty
    if observers in (7, 10):
        assert ties > S  # the rule's ties were there to settle


def test_dense_sightings_see_with_the_stated_chance():
    # p = 10/18 is not a multiple of 1/256 (the ties make up the difference, see the test
    # above); here the share of bystanders who see an act, over 360,000 trials.
    params = isc.ImageScoringGame(n=20, rounds=20_000, information="private", observers=10, recipient_observes=False)
    draws = isc.draw_generation([np.random.default_rng(3)], params, np.ones(1))
    p = params.observe_probability
    trials = params.rounds * (params.n - 2)
    share = draws.seen.sum() / trials
    assert abs(share - p) < 4 * np.sqrt(p * (1 - p) / trials)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), info=st.sampled_from(["public", "private"]))
def test_full_runs_are_reproducible_and_counts_conserved(seed, info):
    params = FULL_PUBLIC if info == "public" else FULL_PRIVATE
    a = isc.simulate_game(params, replicates=2, seed=seed)
    b = isc.simulate_game(params, replicates=2, seed=seed)
    assert np.array_equal(a.counts, b.counts) and np.array_equal(a.cooperation, b.cooperation)
    assert np.all(a.counts.sum(axis=2) == params.n)
    assert np.all((a.cooperation >= 0) & (a.cooperation <= 1))
    assert np.all((a.cooperative_share >= 0) & (a.cooperative_share <= 1))


def test_populations_with_different_q_do_not_depend_on_one_another():
    # A population draws whether donors know the score only if 0 < q < 1 (q = 0 and q = 1
    # are certain), so in a batch mixing such values each run is still its own.
    params = isc.ImageScoringGame(n=12, rounds=60, generations=5, mutation=0.05)
    qs = [0.0, 0.4, 1.0, 0.7]
    mixed = isc.simulate_game(params, q=qs, seed=4)
    for i, q in enumerate(qs):
        alone = isc.simulate_game(params, q=qs[: i + 1], seed=4)
        assert np.array_equal(mixed.counts[i], alone.counts[i]), q
    gens = lambda: [np.random.default_rng(1) for _ in qs]  # noqa: E731
    knows = isc.draw_generation(gens(), params, np.array(qs)).knows
    assert not knows[0].any() and knows[2].all()
    assert 0 < knows[1].mean() < 1 and 0 < knows[3].mean() < 1


def test_an_empty_batch_draws_nothing():
    # No populations: no encounters, no sightings, no acts (and no error), with public
    # scores and with both kinds of private draws.
    for info, observers in (("public", 3), ("private", 3), ("private", 1)):
        params = isc.ImageScoringGame(n=7, rounds=5, information=info, observers=observers)
        draws = isc.draw_generation([], params, np.ones(0))
        assert draws.donors.shape == (0, 5)
        assert isc._helps_by_steps(np.zeros((0, 7), dtype=np.int64), draws, params).shape == (0, 5)
        if info == "private":
            assert draws.events[0].size == 0


def test_one_q_for_every_population():
    # q may be given once for the whole batch.
    params = isc.ImageScoringGame(n=9, rounds=30, q=0.5)
    gens = lambda: [np.random.default_rng(i) for i in range(3)]  # noqa: E731
    once = isc.draw_generation(gens(), params, 0.5).knows
    assert np.array_equal(once, isc.draw_generation(gens(), params, np.full(3, 0.5)).knows)


def test_one_uniform_names_donor_and_recipient_evenly():
    # Each encounter's donor and recipient come from one uniform (the recipient from the
    # fraction left over): all n (n - 1) ordered pairs, each about equally often.
    n, m = 7, 42_000
    params = isc.ImageScoringGame(n=n, rounds=m, generations=1)
    draws = isc.draw_generation([np.random.default_rng(11)], params, np.ones(1))
    d, r = draws.donors[0], draws.recipients[0]
    assert np.all(d != r) and d.min() == 0 and r.max() == n - 1
    counts = np.bincount(d * n + r, minlength=n * n).reshape(n, n)
    expected = m / (n * (n - 1))
    off = counts[~np.eye(n, dtype=bool)]
    assert np.all(np.diag(counts) == 0)
    chi2 = ((off - expected) ** 2 / expected).sum()
    assert chi2 < 100  # 41 degrees of freedom: the 99.99th percentile is about 85


@pytest.mark.parametrize("params", [FULL_PUBLIC, FULL_PRIVATE, SPARSE_PRIVATE], ids=["public", "private", "sparse"])
def test_replicate_does_not_depend_on_the_batch(params):
    # With public scores a small batch is played in conflict-free runs and a large one by
    # array steps (isc.RUNS_BELOW): the runs must still be identical, payoffs to the last bit.
    big = isc.simulate_game(params, replicates=isc.RUNS_BELOW + 2, seed=9)
    one = isc.simulate_game(params, replicates=1, seed=9)
    assert np.array_equal(big.counts[0], one.counts[0])
    assert np.array_equal(big.cooperation[0], one.cooperation[0])


def test_scores_stay_within_bounds():
    # Every donor is a cooperator (k = -5) in one run and a defector (k = 6) in the other;
    # scores are clipped, so the loop's scores never leave [-5, 5] and help is all or nothing.
    for k_value, expected in ((-5, True), (6, False)):
        params = isc.ImageScoringGame(n=5, rounds=200, generations=1)
        run = isc.simulate_game(params, initial_k=[k_value] * 5, seed=1)
        assert np.all(run.cooperation == (1.0 if expected else 0.0))
    assert isc._STEP.min() == -5 and isc._STEP.max() == 5


def test_fig1_set_up_ends_in_more_than_one_way():
    run = isc.simulate_game(isc.ImageScoringGame(generations=150), replicates=40, seed=166)
    labels = set(run.final_state())
    assert "defectors only" in labels and ({"k=0 fixed", "k<=0 only"} & labels)


def test_public_step_tables_follow_the_rules():
    # The array steps name an encounter by one index (seen score, donor's score, donor's k)
    # and look up the act and the donor's new entry: check every combination against the rules.
    B, width = isc.SCORE_BOUND, 2 * isc.SCORE_BOUND + 1
    for k in isc.K_VALUES:
        for own in range(-B, B + 1):
            entry = width * (own + B) + width * width * (k - isc.K_VALUES[0])
            assert isc._PUBLIC_SEEN[entry] == own + B  # what the player shows when it receives
            for seen in range(-B, B + 1):
                index = (seen + B) + entry
                helps = seen >= k
                assert isc._PUBLIC_HELPS[index] == helps
                new = min(B, own + 1) if helps else max(-B, own - 1)
                assert isc._PUBLIC_NEW_ENTRY[index] == width * (new + B) + width * width * (k - isc.K_VALUES[0])
    assert isc._PUBLIC_SEEN[width * B] == B  # the "unknown" entry shows a score of 0


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**31), observes=st.booleans())
def test_private_draws_keep_every_sighting_a_decision_reads(seed, observes):
    # The draws drop the sightings that no later decision reads. Played with every sighting,
    # by the loop and by the array steps, each act must come out the same; the kept ones
    # are a subset of all, and fewer.
    params = isc.ImageScoringGame(n=12, rounds=80, information="private", observers=2, recipient_observes=observes)
    assert not isc._dense_sightings(params)
    S = 3
    k = isc.K_VALUES[np.random.default_rng(seed).integers(0, 12, (S, params.n))]
    kept = isc.draw_generation([np.random.default_rng(seed + i) for i in range(S)], params, np.ones(S))
    full = isc.draw_generation([np.random.default_rng(seed + i) for i in range(S)], params, np.ones(S), every_sighting=True)
    assert np.array_equal(kept.donors, full.donors) and np.array_equal(kept.recipients, full.recipients)
    assert set(zip(*kept.events)) <= set(zip(*full.events)) and kept.cells.size < full.cells.size
    stepped = isc._helps_by_steps(k, kept, params)
    assert np.array_equal(stepped, isc._helps_by_steps(k, full, params))
    for s in range(S):
        h_full, _ = isc.play_generation_loop(k[s], full.population(s), params)
        h_kept, _ = isc.play_generation_loop(k[s], kept.population(s), params)
        assert np.array_equal(h_full, h_kept) and np.array_equal(stepped[s], h_full)


def _readable_by_brute_force(donors, recipients, n):
    """Every (t, o) with o neither donor nor recipient at t that later meets donor[t] as donor."""
    pairs = set()
    for t, (d, r) in enumerate(zip(donors.tolist(), recipients.tolist())):
        for o in range(n):
            if o not in (d, r) and any(
                d2 == o and r2 == d for d2, r2 in zip(donors[t + 1 :].tolist(), recipients[t + 1 :].tolist())
            ):
                pairs.add((t, o))
    return pairs


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31), n=st.integers(3, 14), rounds=st.integers(1, 90), S=st.integers(1, 4))
def test_readable_pairs_are_the_sightings_a_later_decision_reads(seed, n, rounds, S):
    # The private draws take as trials the (act, observer) pairs whose sighting a later
    # decision reads; checked against a search of every encounter and bystander.
    params = isc.ImageScoringGame(n=n, rounds=rounds, information="private", observers=1)
    draws = isc.draw_generation([np.random.default_rng(seed + i) for i in range(S)], params, np.ones(S))
    D, R = np.ascontiguousarray(draws.donors), np.ascontiguousarray(draws.recipients)
    pairs, _ = isc._readable_pairs(D, R, n)
    act, cell = pairs.pick(np.arange(int(pairs.per_population.sum())))
    observer = cell // n % n
    # each pair's tally is the observer's tally of the act's donor, in the act's population
    assert np.array_equal(cell % n, D.ravel()[act]) and np.array_equal(cell // (n * n), act // rounds)
    keep = R.ravel()[act] != observer  # pairs whose observer received the act are dropped after the draw
    assert np.array_equal(np.bincount(act // rounds, minlength=S), pairs.per_population)
    for s in range(S):
        mine = (act // rounds == s) & keep
        got = list(zip((act[mine] % rounds).tolist(), observer[mine].tolist()))
        assert len(got) == len(set(got)) and set(got) == _readable_by_brute_force(D[s], R[s], n)


def test_readable_pairs_sorted_per_population_or_all_at_once(monkeypatch):
    # Up to 256 players, each population's acts and reads are sorted apart on 8-bit keys;
    # larger populations sort them all at once. Both must give the same pairs.
    params = isc.ImageScoringGame(n=30, rounds=300, information="private")
    draws = isc.draw_generation([np.random.default_rng(7 + i) for i in range(4)], params, np.ones(4))
    D, R = np.ascontiguousarray(draws.donors), np.ascontiguousarray(draws.recipients)
    apart, _ = isc._readable_pairs(D, R, 30)
    monkeypatch.setattr(isc, "_ROW_SORT_UP_TO", 0)
    together, _ = isc._readable_pairs(D, R, 30)
    assert all(np.array_equal(a, b) for a, b in zip(apart, together))


def test_readable_pairs_without_the_table_of_last_reads(monkeypatch):
    # Very large populations find each tally's last read by sorting instead of with a table;
    # both ways must give the same draws.
    params = isc.ImageScoringGame(n=25, rounds=250, information="private", observers=4)
    assert not isc._dense_sightings(params)
    gens = lambda: [np.random.default_rng(40 + i) for i in range(3)]  # noqa: E731
    with_table = isc.draw_generation(gens(), params, np.ones(3))
    monkeypatch.setattr(isc, "_CELLS_PER_CHUNK", 10)
    sorted_way = isc.draw_generation(gens(), params, np.ones(3))
    # (one population per chunk now: within an encounter the sightings may come in another order)
    ka = np.lexsort((with_table.cells, with_table.events[0]))
    kb = np.lexsort((sorted_way.cells, sorted_way.events[0]))
    for a, b in zip(with_table.events + (with_table.cells,), sorted_way.events + (sorted_way.cells,)):
        assert np.array_equal(a[ka], b[kb])


@pytest.mark.parametrize("p", [0.001, 0.1, 0.3, 1 / 3, 0.34, 0.55, 0.9, 0.999])
def test_geometric_gaps_are_numpys_own(p):
    # The sightings' geometric gaps are drawn with whole-array operations as numpy draws
    # them (inversion below p = 1/3, a search from there): same numbers, same generator state.
    assert isc._GEOMETRIC_AS_NUMPY
    sizes = np.array([5000, 1, 300])
    ours = [np.random.default_rng(7 + i) for i in range(3)]
    ref = [np.random.default_rng(7 + i) for i in range(3)]
    expected = np.concatenate([g.geometric(p, int(size)) for g, size in zip(ref, sizes)])
    assert np.array_equal(isc._geometric_gaps(ours, p, sizes), expected)
    assert all(a.bit_generator.state == b.bit_generator.state for a, b in zip(ours, ref))


def test_success_positions_follow_each_generator():
    # Per-generator trial counts: each generator's successes, numbered after the trials of the
    # generators before it, are those it draws on its own.
    trials = np.array([0, 40, 1000, 7])
    for p in (0.05, 0.6):
        together = isc._success_positions([np.random.default_rng(i) for i in range(4)], p, trials)
        alone = [isc._successes(np.random.default_rng(i), p, int(t)) + off for i, (t, off) in
                 enumerate(zip(trials, np.cumsum(trials) - trials))]
        assert np.array_equal(np.sort(together), np.concatenate(alone))
        assert np.all(together < trials.sum())


def test_offset_below_cost_is_refused_and_zero_payoffs_give_equal_chances():
    # Reproduction in proportion to payoff needs payoffs of at least 0: the offset must be at
    # least c. Should every payoff of a row still be 0, everyone has an equal chance.
    with pytest.raises(ValueError, match=r"offset .* at least c, so that no payoff is negative"):
        isc.ImageScoringGame(offset=0.05)
    assert isc.ImageScoringGame(offset=0.1).offset == 0.1
    grid = (np.arange(1000) + 0.5)[None, :] / 1000  # evenly spread uniforms
    kind = np.array([[0, 0, 3, 5] + [5] * 996])
    zero = isc._offspring(kind, np.zeros((1, 1000)), grid)
    assert np.bincount(zero[0], minlength=12)[[0, 3, 5]].tolist() == [2, 1, 997]  # one chance per player


def test_offspring_take_strategies_in_proportion_to_payoff():
    # A strategy is drawn with its players' share of the row's payoff: the same chance as
    # drawing a parent in proportion to payoff. A strategy whose players earned nothing,
    # and one nobody uses, is never drawn.
    grid = (np.arange(1200) + 0.5)[None, :] / 1200
    kind = np.array([[0, 0, 3, 5, 11]])
    payoff = np.array([[1.0, 2.0, 3.0, 0.0, 6.0]])
    child = isc._offspring(np.tile(kind, 240), np.tile(payoff, 240), grid)
    assert np.bincount(child[0], minlength=12).tolist() == [300, 0, 0, 300, 0, 0, 0, 0, 0, 0, 0, 600]
    rows = isc._offspring(np.array([[0, 1], [2, 3]]), np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[0.0, 0.99], [0.0, 0.99]]))
    assert rows.tolist() == [[0, 0], [3, 3]]  # each row draws from its own players


def test_keep_freed_memory_is_a_setting_not_a_requirement(monkeypatch):
    from creditlab import _memory

    assert isinstance(_memory.keep_freed_memory(), bool)
    monkeypatch.setattr(_memory, "_state", {})
    monkeypatch.setenv("CREDITLAB_KEEP_MEMORY", "0")
    assert _memory.keep_freed_memory() is False


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**31), players=st.one_of(st.integers(2, 30), st.just(2**25)), G=st.integers(0, 200),
       unknown=st.booleans())
def test_conflict_free_runs_are_valid_and_as_long_as_they_can_be(seed, players, G, unknown):
    # Within a run no encounter's donor or recipient was a donor earlier in the run, and the
    # encounter after each run breaks that rule (so the runs are the longest). Recipients
    # numbered ``players`` stand for "score unknown": a cell nobody writes. With 2^25
    # players the sort keys (player, use) need more than 32 bits.
    rng = np.random.default_rng(seed)
    donor = rng.integers(0, players, G)
    recipient = (donor + rng.integers(1, players, G)) % players if players > 1 else donor
    if unknown:
        recipient = np.where(rng.random(G) < 0.3, players, recipient)
    bounds = isc._conflict_free_runs(donor, recipient, players + 1)
    assert bounds[0] == 0 and bounds[-1] == G and all(a < b for a, b in zip(bounds[:-1], bounds[1:]))
    for a, b in zip(bounds[:-1], bounds[1:]):
        written = set()
        for g in range(a, b):
            assert donor[g] not in written and recipient[g] not in written
            written.add(donor[g])
        if b < G:
            assert donor[b] in written or recipient[b] in written


@pytest.mark.parametrize("ahead", [3 * 8 * 8 * 128, 1 << 24])
def test_uniforms_drawn_ahead_give_the_same_runs(ahead, monkeypatch):
    # With public scores and q of 0 or 1, simulate_game draws the blocks of several
    # generations at once (at most _AHEAD_BYTES of them): the same numbers, so the same runs,
    # three generations at a time or all eleven at once as one at a time (8 bytes ahead).
    params = isc.ImageScoringGame(n=16, rounds=80, generations=11, mutation=0.05)
    assert isc.uniforms_per_generation(params) == 128
    monkeypatch.setattr(isc, "_AHEAD_BYTES", 8)
    expected = isc.simulate_game(params, replicates=4, q=[0.0, 1.0], seed=12)
    monkeypatch.setattr(isc, "_AHEAD_BYTES", ahead)
    got = isc.simulate_game(params, replicates=4, q=[0.0, 1.0], seed=12)
    assert np.array_equal(got.counts, expected.counts) and np.array_equal(got.cooperation, expected.cooperation)
    alone = isc.simulate_game(params, q=[0.0], seed=12)  # population 0 of the batch, alone
    assert np.array_equal(got.counts[0], alone.counts[0])


def test_dense_sightings_take_whole_words_from_any_generator():
    # MT19937's raw output is 32 bits wide: its words come from full-range integers instead,
    # so a bystander still sees an act with chance p.
    params = isc.ImageScoringGame(n=20, rounds=4000, information="private", observers=10, recipient_observes=False)
    gens = [np.random.Generator(np.random.MT19937(1)), np.random.Generator(np.random.PCG64(1))]
    draws = isc.draw_generation(gens, params, np.ones(2))
    p, trials = params.observe_probability, params.rounds * (params.n - 2)
    for s in range(2):
        share = draws.seen[:, s].sum() / trials
        assert abs(share - p) < 4 * np.sqrt(p * (1 - p) / trials)
    g = np.random.default_rng(3)
    assert np.array_equal(isc._words(g, 50), np.random.default_rng(3).bit_generator.random_raw(50))


def test_large_groups_draw_sparsely_whatever_the_chance():
    # Above _DENSE_UP_TO players the bytes would cost more than the sparse draws.
    big = isc.ImageScoringGame(n=isc._DENSE_UP_TO + 1, information="private", observers=isc._DENSE_UP_TO - 1)
    assert big.observe_probability >= isc._DENSE_FROM and not isc._dense_sightings(big)
    assert isc._dense_sightings(isc.ImageScoringGame(n=isc._DENSE_UP_TO, information="private", observers=20))


@pytest.mark.parametrize("bad, error", [("abc", TypeError), (True, TypeError), ([None], TypeError), ([0.5, float("nan")], ValueError), ([], ValueError)])
def test_q_lists_name_q(bad, error):
    """q given as text, a truth value, None, NaN or an empty list is refused with q named
    (True would otherwise count as 1, and None as NaN)."""
    with pytest.raises(error, match=r"^q \(the probability that a donor knows the recipient's image\)"):
        isc.simulate(isc.BinaryImageScoring(n=10, rounds=5, generations=1), q=bad)
    with pytest.raises(error, match=r"^q \("):
        isc.simulate_game(isc.ImageScoringGame(n=10, rounds=5, generations=1), q=bad)


@pytest.mark.parametrize("acts", [1e-4, 1e-9, 1e-300, 5e-324])
def test_invasion_threshold_for_almost_no_acts_is_infinite(acts):
    """With almost no acts no q is enough; tiny R must not divide by zero (R - 1 + e^-R
    cancels to 0 in floats)."""
    assert isc.invasion_threshold_q(acts_per_player=acts) == math.inf


def test_invasion_threshold_series_joins_the_formula():
    r = 1e-4
    exact = r - 1.0 + math.exp(-r)
    assert abs(r * r / 2 * (1 - r / 3) - exact) / exact < 1e-6
