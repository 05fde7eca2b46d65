"""A shared check for the "argue for each reading from the same run" exercises.

An argument cannot be marked by a machine; the check only makes sure that each argument
is there, is more than a slogan, and rests on the model run (cites one of its numbers),
and it offers a prompt for what the argument may be missing. The instructor edition shows
model answers.
"""

from __future__ import annotations

import re

from . import Feedback, correct, incorrect, is_unanswered, unanswered

__all__ = ["check_two_readings"]

_NUMBER = re.compile(r"\d")
_MIN_WORDS = 25
_HOFFMAN_CUES = ("who", "decide", "rule", "threshold", "weight", "catalog", "party", "control", "shape", "keeper", "writes")


def _words(text: str) -> int:
    return len(re.findall(r"[\w'-]+", text))


def check_two_readings(trust_deficit, mass_line) -> Feedback:
    """Both arguments present, at least 25 words each, each citing a number from the run."""
    if is_unanswered(trust_deficit) or is_unanswered(mass_line):
        return unanswered(
            "Write two short arguments as strings: trust_deficit = \"...\" and mass_line = \"...\", "
            "each resting on a number from the same model run."
        )
    if not isinstance(trust_deficit, str) or not isinstance(mass_line, str):
        return incorrect("Each argument should be a piece of text (a string in quotation marks).")
    for label, text in (("trust-deficit", trust_deficit), ("Mass Line", mass_line)):
        if _words(text) < _MIN_WORDS:
            return incorrect(
                f"Your {label} argument has {_words(text)} words. Give it at least {_MIN_WORDS}: a claim, "
                "the number from the run that supports it, and why that number matters."
            )
        if not _NUMBER.search(text):
            return incorrect(
                f"Your {label} argument does not cite the model run. Quote one of the numbers you computed, "
                "so that a reader can check the argument against the same run."
            )
    if trust_deficit.strip() == mass_line.strip():
        return incorrect("The two arguments are identical. Argue each reading as its own advocate would.")
    if not any(cue in mass_line.lower() for cue in _HOFFMAN_CUES):
        return correct(
            "Both arguments rest on the run. To sharpen the Mass Line argument, ask who writes the rule "
            "(the weights, the threshold, the catalog) and what that rule lets its author shape."
        )
    return correct(
        "Both arguments rest on the same run. Compare them with the model answers in the instructor edition, "
        "and note which facts the two sides agree on and where they part."
    )
