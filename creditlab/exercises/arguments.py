"""A check for the open exercise "argue each reading from the same model run".

An argument cannot be marked by a machine, but a check can make sure a student has written
two arguments, one for each reading, each resting on a number from the run, and can point
to what is missing. The instructor edition gives model answers.
"""

from __future__ import annotations

import re

from . import Feedback, correct, incorrect, is_unanswered, unanswered

__all__ = ["check_two_readings"]

_NUMBER = re.compile(r"\d")
_TRUST_WORDS = ("record", "information", "inform", "know", "gossip", "q ", "q=", "q >", "trust", "public", "shared", "stranger", "cooperat", "help")
_HOFFMAN_WORDS = ("rule", "who", "decide", "define", "power", "party", "state", "control", "norm", "judg", "writes", "chose", "choos", "target", "bias", "govern", "authorit")


def _words(text: str) -> int:
    return len(re.findall(r"[A-Za-z']+", text))


def check_two_readings(trust_deficit, hoffman, *, min_words: int = 15) -> Feedback:
    """Check that both arguments are written, distinct, long enough and cite a number."""
    if is_unanswered(trust_deficit) or is_unanswered(hoffman):
        return unanswered("Write both arguments as text: replace each ... with a string in quotation marks.")
    if not isinstance(trust_deficit, str) or not isinstance(hoffman, str):
        return incorrect("Each argument should be a piece of text (a string in quotation marks).")
    a, b = trust_deficit.strip(), hoffman.strip()
    for label, text in (("trust-deficit", a), ("Hoffman", b)):
        if _words(text) < min_words:
            return incorrect(f"Your {label} argument has fewer than {min_words} words: state the claim and the evidence from the run.")
        if not _NUMBER.search(text):
            return incorrect(f"Your {label} argument cites no number. Rest it on a number from the run (a share, a threshold, a group size).")
    if a.lower() == b.lower():
        return incorrect("The two arguments are the same text. Each reading draws a different lesson from the same run.")
    if not any(w in a.lower() for w in _TRUST_WORDS):
        return incorrect("The trust-deficit argument should say what a shared record or more information does to cooperation among strangers.")
    if not any(w in b.lower() for w in _HOFFMAN_WORDS):
        return incorrect("Hoffman's argument should say who sets the rule, the costs or what counts as good, and what follows from that.")
    return correct(
        "Both arguments are written and each rests on a number from the run. Compare them with the model answers in the "
        "instructor edition, and ask which assumption of the model each one needs."
    )
