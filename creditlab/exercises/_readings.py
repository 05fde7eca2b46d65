"""A check shared by the Labs II exercise notebooks: one argument for each reading.

The exercise asks for two short arguments from the *same* model run, one for the
trust-deficit reading and one for Hoffman's Mass Line reading. A program cannot grade an
argument; this check makes sure both are there, are the student's own sentences of some
length, differ from each other and cite at least one number from the run, and then points
to the questions a good answer addresses.
"""

from __future__ import annotations

import re

from . import Feedback, correct, incorrect, is_unanswered, unanswered

__all__ = ["check_readings"]

_MIN_WORDS = 25


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text.lower())


def check_readings(trust_deficit, mass_line, *, topic: str = "the model") -> Feedback:
    """Check two arguments (strings) written from the same run of ``topic``."""
    if is_unanswered(trust_deficit) or is_unanswered(mass_line):
        return unanswered(
            "Write both arguments as text (in quotation marks): trust_deficit for the state's reading, "
            "mass_line for Hoffman's."
        )
    for name, value in (("trust_deficit", trust_deficit), ("mass_line", mass_line)):
        if not isinstance(value, str):
            return incorrect(f"{name} should be text in quotation marks (got {type(value).__name__}).")
    for name, value in (("trust_deficit", trust_deficit), ("mass_line", mass_line)):
        n = len(_words(value))
        if n < _MIN_WORDS:
            return incorrect(
                f"{name} has {n} words. Write at least {_MIN_WORDS}: state the claim, the number from your run "
                "that supports it, and the assumption it rests on."
            )
    a, b = set(_words(trust_deficit)), set(_words(mass_line))
    if len(a & b) / max(1, len(a | b)) > 0.8:
        return incorrect("The two arguments are almost the same text. Each reading should draw a different conclusion from the run.")
    for name, value in (("trust_deficit", trust_deficit), ("mass_line", mass_line)):
        if not re.search(r"\d", value):
            return incorrect(f"{name} cites no number. Quote at least one result of your run of {topic}, so the argument rests on the model.")
    return correct(
        "Both arguments are there and each cites the run. Now test them: does each state the assumption it "
        "depends on, and would the other side accept the number but not the conclusion? The instructor "
        "edition has model answers."
    )
