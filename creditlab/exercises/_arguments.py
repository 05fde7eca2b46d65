"""A shared check for "argue both readings from the same model run" exercises (Labs II).

A free-text argument cannot be graded by a function. The check only makes sure that each
argument is there, is an argument (a few sentences, not a phrase), rests on the model run
(quotes at least one number from it) and speaks to its own reading; the hints say what is
missing. The instructor edition shows model answers to compare with.
"""

from __future__ import annotations

import re

from . import Feedback, correct, incorrect, is_unanswered, unanswered

__all__ = ["check_two_arguments"]

MIN_WORDS = 25


def _words(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9'’-]+", text))


def _has_number(text: str) -> bool:
    return re.search(r"\d", text) is not None


def check_two_arguments(
    trust_deficit_argument,
    mass_line_argument,
    *,
    trust_words: tuple[str, ...],
    mass_line_words: tuple[str, ...],
) -> Feedback:
    """Check the form of two arguments about one run; never raises.

    ``trust_words`` and ``mass_line_words`` are word stems of which each argument should use
    at least one (for example ``"accura"`` or ``"manag"``): a sign that it speaks to its
    reading.
    """
    if is_unanswered(trust_deficit_argument) or is_unanswered(mass_line_argument):
        return unanswered(
            "Write both arguments as strings: trust_deficit_argument = \"...your argument...\" and "
            "mass_line_argument = \"...\", each a few sentences that quote a number from the run."
        )
    for name, value in (("trust_deficit_argument", trust_deficit_argument), ("mass_line_argument", mass_line_argument)):
        if not isinstance(value, str):
            return incorrect(f"{name} should be a string of text in quotation marks (got {type(value).__name__}).")
    td, ml = trust_deficit_argument.strip(), mass_line_argument.strip()
    if td == ml:
        return incorrect("The two arguments are identical. Each reading should read the same numbers differently.")
    for name, text in (("trust-deficit", td), ("Mass Line", ml)):
        if _words(text) < MIN_WORDS:
            return incorrect(
                f"Your {name} argument has {_words(text)} words. Make it an argument of at least {MIN_WORDS} words: "
                "a claim, the number from the run that supports it, and why."
            )
        if not _has_number(text):
            return incorrect(f"Your {name} argument quotes no number. Rest it on the run: cite at least one value the run printed.")
    if not any(w in td.lower() for w in trust_words):
        return incorrect(
            "Your trust-deficit argument does not yet speak in that reading's terms. Say what the run shows "
            f"about {', '.join(trust_words[:3])}... from the point of view of the 2014 Planning Outline's case."
        )
    if not any(w in ml.lower() for w in mass_line_words):
        return incorrect(
            "Your Mass Line argument does not yet speak in Hoffman's terms. Say what the run shows about "
            f"{', '.join(mass_line_words[:3])}... from the point of view of her critique."
        )
    return correct(
        "Both arguments are there, each rests on the run and speaks to its reading. A check cannot judge "
        "how good they are: compare them with the model answers (instructor edition) or a classmate's, and ask "
        "which assumption of the model each argument depends on."
    )
