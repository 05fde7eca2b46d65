"""Balanced side and role assignment: exact side balance, full rooms, seeded, clear errors."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from creditlab.debate.assign import assign

SIZES = {"wsdc": 6, "bp": 8, "pf": 4, "ld": 2, "kp": 6, "ap": 6}


@given(
    fmt=st.sampled_from(sorted(SIZES)),
    rooms=st.integers(min_value=1, max_value=3),
    pairs=st.integers(min_value=1, max_value=4),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_every_student_argues_each_side_equally_often(fmt, rooms, pairs, seed):
    n, rounds = SIZES[fmt] * rooms, 2 * pairs
    sched = assign(n, rounds, fmt, seed)
    assert sched.is_balanced()
    for counts in sched.side_counts().values():
        assert counts["prop"] == counts["opp"] == pairs
    for r in range(1, rounds + 1):
        seats = sched.round_seats(r)
        assert sorted(s.student for s in seats) == sorted(sched.students), "each student seated exactly once per round"
        for room in range(1, rooms + 1):
            in_room = [s for s in seats if s.room == room]
            assert len(in_room) == SIZES[fmt]
            assert Counter(s.side for s in in_room) == {"prop": SIZES[fmt] // 2, "opp": SIZES[fmt] // 2}
            assert len({(s.team, s.role) for s in in_room}) == SIZES[fmt], "every role filled once"


def test_same_seed_same_draw_other_seed_other_draw():
    a, b, c = assign(12, 4, "wsdc", 5), assign(12, 4, "wsdc", 5), assign(12, 4, "wsdc", 6)
    assert a.to_csv() == b.to_csv()
    assert a.to_csv() != c.to_csv()


def test_roles_rotate_within_a_side():
    sched = assign(12, 6, "wsdc", 3)  # each student is on each side 3 times; 3 roles per side
    for student, counts in sched.role_counts().items():
        for side in ("prop", "opp"):
            roles = [role for (s, team, role), k in counts.items() if s == side for _ in range(k)]
            assert len(set(roles)) >= 2, f"{student} repeats the same {side} role: {roles}"


def test_names_are_used_and_checked():
    sched = assign(names=["Ana", "Ben"], rounds=2, format="ld", seed=1)
    assert set(sched.students) == {"Ana", "Ben"} and sched.is_balanced()
    with pytest.raises(ValueError, match="names must be unique; repeated: Ana"):
        assign(names=["Ana", "Ana"], rounds=2, format="ld")


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        ({"n_students": 13, "rounds": 4, "format": "bp"}, ValueError, r"n_students .* British Parliamentary room needs 8 speakers.*Use 8 or 16 students.*let 5 of them judge"),
        ({"n_students": 4, "rounds": 2, "format": "wsdc"}, ValueError, r"n_students .*needs 6 speakers.*Use 6 students"),
        ({"n_students": 12, "rounds": 3, "format": "wsdc"}, ValueError, r"rounds .* must be even .*got 3; use 2 or 4"),
        ({"n_students": 12, "rounds": 0, "format": "wsdc"}, ValueError, r"rounds .* must be at least 2"),
        ({"n_students": 12, "rounds": 2, "format": "oxford"}, ValueError, r"format must be one of: wsdc .*got 'oxford'"),
        ({"n_students": True, "rounds": 2, "format": "wsdc"}, TypeError, r"n_students .* whole number"),
        ({"n_students": 12, "rounds": 2, "format": "wsdc", "seed": -1}, ValueError, r"seed .* at least 0"),
    ],
)
def test_bad_input_gets_a_clear_error_naming_the_parameter(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        assign(**kwargs)
