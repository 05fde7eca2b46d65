"""Balanced side and role assignment for a debate club.

:func:`assign` seats ``n_students`` in rooms of a format for ``rounds`` rounds so that

- every student argues each side exactly equally often (``rounds / 2`` times each), which
  is why ``rounds`` must be even;
- within a side, speaking roles (and, in British Parliamentary, opening and closing
  benches) rotate: each seat goes to the student who has held that role least often so
  far, ties broken at random;
- rooms and teammates are reshuffled every round.

The draw is seeded (a ``numpy.random.Generator`` built from ``seed``), so the same inputs
give the same schedule. ``n_students`` must fill whole rooms (6 per room in World Schools,
Karl Popper and Asian Parliamentary, 8 in British Parliamentary, 4 in Public Forum, 2 in
Lincoln-Douglas); otherwise :func:`assign` raises a ``ValueError`` that says which class
sizes fit and suggests using the spare students as judges or timekeepers.

Construction (why balance is exact): rounds come in pairs. For each pair the students are
split at random into two halves; in the first round of the pair one half is on the side for
the motion and the other against, in the second round they swap.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .._validate import check_int, make_rng

__all__ = ["Seat", "Schedule", "FormatShape", "FORMAT_SHAPES", "assign", "parse_teams"]


@dataclass(frozen=True)
class Seat:
    round: int  # 1-based
    room: int  # 1-based
    side: str  # prop / opp
    team: str
    role: str
    student: str


@dataclass(frozen=True)
class FormatShape:
    """The teams and roles of one side of a room, for each side."""

    id: str
    name: str
    side_names: tuple[str, str]
    prop: tuple[tuple[str, tuple[str, ...]], ...]
    opp: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def per_side(self) -> int:
        return sum(len(roles) for _, roles in self.prop)

    @property
    def room_size(self) -> int:
        return self.per_side + sum(len(roles) for _, roles in self.opp)

    def seats(self, side: str) -> list[tuple[str, str]]:
        teams = self.prop if side == "prop" else self.opp
        return [(team, role) for team, roles in teams for role in roles]


def parse_teams(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``'Team A:role 1,role 2|Team B:role 3'`` -> ``(('Team A', ('role 1', 'role 2')), ...)``."""
    out = []
    for part in text.split("|"):
        team, _, roles = part.partition(":")
        out.append((team.strip(), tuple(r.strip() for r in roles.split(",") if r.strip())))
    return tuple(out)


def _shapes_from_data() -> dict[str, FormatShape]:
    from .data import load_studio

    studio = load_studio()
    return {
        f["id"]: FormatShape(
            id=f["id"], name=f["name"], side_names=(f["prop_name"], f["opp_name"]),
            prop=parse_teams(f["prop_teams"]), opp=parse_teams(f["opp_teams"]),
        )
        for f in studio.formats
    }


#: Filled lazily from data/debate_formats.csv.
FORMAT_SHAPES: dict[str, FormatShape] = {}


def _shape(format: str | FormatShape) -> FormatShape:
    if isinstance(format, FormatShape):
        return format
    if not FORMAT_SHAPES:
        FORMAT_SHAPES.update(_shapes_from_data())
    if not isinstance(format, str) or format not in FORMAT_SHAPES:
        known = ", ".join(f"{k} ({v.name})" for k, v in FORMAT_SHAPES.items())
        raise ValueError(f"format must be one of: {known} (got {format!r})")
    return FORMAT_SHAPES[format]


@dataclass
class Schedule:
    format: FormatShape
    students: list[str]
    rounds: int
    seed: int | None
    seats: list[Seat] = field(default_factory=list)

    def side_counts(self) -> dict[str, Counter]:
        out = {s: Counter() for s in self.students}
        for seat in self.seats:
            out[seat.student][seat.side] += 1
        return out

    def role_counts(self) -> dict[str, Counter]:
        out = {s: Counter() for s in self.students}
        for seat in self.seats:
            out[seat.student][(seat.side, seat.team, seat.role)] += 1
        return out

    def is_balanced(self) -> bool:
        half = self.rounds // 2
        return all(c["prop"] == half and c["opp"] == half for c in self.side_counts().values())

    def round_seats(self, r: int) -> list[Seat]:
        return [s for s in self.seats if s.round == r]

    def to_csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["round", "room", "side", "team", "role", "student"])
        for s in self.seats:
            w.writerow([s.round, s.room, self.side_name(s.side), s.team, s.role, s.student])
        return buf.getvalue()

    def side_name(self, side: str) -> str:
        return self.format.side_names[0 if side == "prop" else 1]

    def to_markdown(self) -> str:
        lines = []
        for r in range(1, self.rounds + 1):
            lines.append(f"Round {r}")
            lines.append("")
            lines.append("| Room | Side | Team | Role | Student |")
            lines.append("| --- | --- | --- | --- | --- |")
            for s in self.round_seats(r):
                lines.append(f"| {s.room} | {self.side_name(s.side)} | {s.team} | {s.role} | {s.student} |")
            lines.append("")
        return "\n".join(lines)

    def to_text(self) -> str:
        out = [f"{self.format.name}: {len(self.students)} students, {self.rounds} rounds, seed {self.seed}"]
        for r in range(1, self.rounds + 1):
            out.append(f"\nRound {r}")
            rooms = sorted({s.room for s in self.round_seats(r)})
            for room in rooms:
                out.append(f"  Room {room}")
                for s in (x for x in self.round_seats(r) if x.room == room):
                    out.append(f"    {self.side_name(s.side):<12} {s.team:<22} {s.role:<32} {s.student}")
        out.append("\nSides argued (each student): " + ", ".join(
            f"{st} {c['prop']}/{c['opp']}" for st, c in self.side_counts().items()))
        return "\n".join(out)


def assign(
    n_students: int | None = None,
    rounds: int = 2,
    format: str | FormatShape = "wsdc",
    seed: int | None = 0,
    names: list[str] | None = None,
) -> Schedule:
    """Seat a club for ``rounds`` rounds of ``format`` (see the module docstring).

    Give either ``n_students`` (students are called S01, S02, ...) or ``names``.
    """
    shape = _shape(format)
    if names is not None:
        names = [str(n).strip() for n in names]
        if any(not n for n in names):
            raise ValueError("names must not be empty strings")
        dupes = [n for n, c in Counter(names).items() if c > 1]
        if dupes:
            raise ValueError(f"names must be unique; repeated: {', '.join(dupes)}")
        if n_students is not None and n_students != len(names):
            raise ValueError(f"n_students ({n_students}) does not match the number of names ({len(names)})")
        n_students = len(names)
    if n_students is None:
        raise TypeError("give n_students (the number of students) or names (a list of them)")
    n = check_int("n_students", n_students, meaning="the number of students in the club", low=1)
    r = check_int("rounds", rounds, meaning="the number of rounds to schedule", low=2, high=200)
    if r % 2:
        raise ValueError(
            f"rounds (the number of rounds to schedule) must be even so that every student argues each "
            f"side equally often (got {r}; use {r - 1} or {r + 1})"
        )
    size = shape.room_size
    if n % size:
        lower, upper = (n // size) * size, (n // size + 1) * size
        fits = f"{lower} or {upper}" if lower else f"{upper}"
        raise ValueError(
            f"n_students (the number of students) must fill whole rooms: a {shape.name} room needs {size} "
            f"speakers ({_describe(shape)}), so {n} students do not fit. Use {fits} students, or let "
            f"{n % size} of them judge or keep time and schedule the rest."
        )
    rng = make_rng(seed)
    names = names or [f"S{i:0{max(2, len(str(n)))}d}" for i in range(1, n + 1)]
    rooms = n // size
    schedule = Schedule(format=shape, students=list(names), rounds=r, seed=seed)
    held: dict[str, Counter] = {s: Counter() for s in names}
    idx = np.arange(n)
    for pair in range(r // 2):
        perm = rng.permutation(idx)
        first, second = perm[: n // 2], perm[n // 2 :]
        for k, prop_group in enumerate((first, second)):
            rnd = 2 * pair + k + 1
            opp_group = second if k == 0 else first
            for side, group in (("prop", prop_group), ("opp", opp_group)):
                slots = [(room, team, role) for room in range(1, rooms + 1) for team, role in shape.seats(side)]
                students = [names[i] for i in rng.permutation(group)]
                # Least-held role first; random order breaks ties (a greedy, exact-enough rotation).
                order = rng.permutation(len(slots))
                taken: set[int] = set()
                for student in students:
                    best, best_cost = None, None
                    for j in order:
                        if j in taken:
                            continue
                        room, team, role = slots[j]
                        cost = held[student][(side, role)] * 100 + held[student][("any", role)] * 10 + held[student][(side, team)]
                        if best_cost is None or cost < best_cost:
                            best, best_cost = j, cost
                    taken.add(best)
                    room, team, role = slots[best]
                    held[student][(side, role)] += 1
                    held[student][("any", role)] += 1
                    held[student][(side, team)] += 1
                    schedule.seats.append(Seat(rnd, room, side, team, role, student))
    schedule.seats.sort(key=lambda s: (s.round, s.room, s.side != "prop", shape.seats(s.side).index((s.team, s.role))))
    return schedule


def _describe(shape: FormatShape) -> str:
    parts = []
    for side, teams in (("prop", shape.prop), ("opp", shape.opp)):
        for team, roles in teams:
            parts.append(f"{team} {len(roles)}")
    return ", ".join(parts)
