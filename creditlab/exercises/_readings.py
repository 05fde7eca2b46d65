"""The one check behind every "argue each reading from the same model run" exercise.

A program cannot grade an argument. This check makes sure that both arguments are there,
are arguments (a few sentences, not a slogan), differ from each other, rest on the run
(quote at least one number from it) and, where the lab asks for it, speak in their own
reading's terms; its hints say what is missing. The instructor edition shows model answers.

Every lab uses :func:`check_readings`; the lab modules only choose the topic, the minimum
length and the word stems that show an argument speaks to its reading.
"""

from __future__ import annotations

import re

from . import Feedback, correct, incorrect, is_unanswered, unanswered

__all__ = ["check_readings", "check_two_readings", "check_reputation_readings"]

MIN_WORDS = 25

#: Word stems for the reputation labs (Labs I): what a shared record does / who writes the rule.
REPUTATION_TRUST_WORDS = ("record", "information", "inform", "know", "gossip", "q ", "q=", "q >", "trust",
                          "public", "shared", "stranger", "cooperat", "help")
REPUTATION_MASS_LINE_WORDS = ("rule", "who", "decide", "define", "power", "party", "state", "control", "norm",
                              "judg", "writes", "chose", "choos", "target", "bias", "govern", "authorit")


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text.lower())


def check_readings(
    trust_deficit,
    mass_line,
    *,
    topic: str = "the model",
    min_words: int = MIN_WORDS,
    trust_words: tuple[str, ...] = (),
    mass_line_words: tuple[str, ...] = (),
) -> Feedback:
    """Check two arguments (strings) written from the same run of ``topic``; never raises.

    ``trust_words`` / ``mass_line_words``: word stems of which each argument should use at
    least one (a sign that it speaks to its reading); empty means no such requirement.
    """
    if is_unanswered(trust_deficit) or is_unanswered(mass_line):
        return unanswered(
            "Write both arguments as text in quotation marks: one for the trust-deficit reading, one for "
            "Hoffman's Mass Line reading, each resting on a number from the same run."
        )
    labelled = (("trust-deficit", trust_deficit), ("Mass Line", mass_line))
    for label, value in labelled:
        if not isinstance(value, str):
            return incorrect(f"Your {label} argument should be text in quotation marks (got {type(value).__name__}).")
    a, b = set(_words(trust_deficit)), set(_words(mass_line))
    if len(a & b) / max(1, len(a | b)) > 0.8:
        return incorrect(
            "The two arguments are almost the same text. Each reading should draw a different conclusion "
            "from the same run."
        )
    for label, value in labelled:
        n = len(_words(value))
        if n < min_words:
            return incorrect(
                f"Your {label} argument has {n} words. Write at least {min_words}: the claim, the number from "
                f"your run of {topic} that supports it, and the assumption it rests on."
            )
        if not re.search(r"\d", value):
            return incorrect(
                f"Your {label} argument cites no number. Quote at least one result of your run of {topic}, "
                "so that a reader can check the argument against the same run."
            )
    if trust_words and not any(w in trust_deficit.lower() for w in trust_words):
        return incorrect(
            "Your trust-deficit argument does not yet speak in that reading's terms. Say what the run shows "
            f"about {', '.join(trust_words[:3])}... from the point of view of the 2014 Planning Outline's case."
        )
    if mass_line_words and not any(w in mass_line.lower() for w in mass_line_words):
        return incorrect(
            "Your Mass Line argument does not yet speak in Hoffman's terms. Say who sets the rule, the costs "
            f"or what counts as good ({', '.join(mass_line_words[:3])}...), and what follows from that."
        )
    return correct(
        "Both arguments are there and each rests on the run. A check cannot judge how good they are: compare "
        "them with the model answers (instructor edition) or a classmate's, and ask which assumption of the "
        "model each one needs and whether the other side would accept the number but not the conclusion."
    )


def check_two_readings(trust_deficit, mass_line) -> Feedback:
    """The trust-game and points-and-blacklists labs: two arguments of 25 words or more."""
    return check_readings(trust_deficit, mass_line)


def check_reputation_readings(trust_deficit, hoffman) -> Feedback:
    """The reputation labs (image scoring, norms): 15 words or more, each in its reading's terms."""
    return check_readings(
        trust_deficit, hoffman, topic="the reputation model", min_words=15,
        trust_words=REPUTATION_TRUST_WORDS, mass_line_words=REPUTATION_MASS_LINE_WORDS,
    )
