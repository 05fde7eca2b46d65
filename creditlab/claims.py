"""Rules of the claim audit that a schema cannot express.

``data/claims.schema.yml`` checks each field on its own. The rules here relate fields and data
sets: every verdict other than "supported" needs a correction; every claim's reading must be
listed in ``data/articles.csv``; ids from the research team's partial check (C01-C93) record
their earlier verdict, and claims added later (C94 on) are marked "new". The tests and the
book's build both call :func:`rule_problems`, so a broken record fails with the file, the
record and the field named.
"""

from __future__ import annotations

from .datasets import Dataset

__all__ = ["rule_problems", "FIRST_NEW_ID"]

FIRST_NEW_ID = 94


def rule_problems(claims: Dataset, articles: Dataset) -> list[str]:
    """One message per broken rule, naming the file, the record and the field."""
    where = claims.path.name
    known = {a["file"] for a in articles}
    problems = []
    for r in claims:
        rid = r["id"]
        at = claims.locate(r)
        if r["verdict"] != "supported" and not (r["correction"] or "").strip():
            problems.append(f"{where}: {at}: field 'correction': a verdict of {r['verdict']!r} needs a correction")
        if r["article"] not in known:
            problems.append(f"{where}: {at}: field 'article': {r['article']!r} is not in {articles.path.name}")
        if not r["sources"]:
            problems.append(f"{where}: {at}: field 'sources': at least one source is needed")
        number = int(rid[1:])
        if number >= FIRST_NEW_ID and r["prior_verdict"] != "new":
            problems.append(f"{where}: {at}: field 'prior_verdict': claims from C{FIRST_NEW_ID} on were added by us; use 'new'")
        if number < FIRST_NEW_ID and r["prior_verdict"] == "new":
            problems.append(f"{where}: {at}: field 'prior_verdict': ids below C{FIRST_NEW_ID} come from the partial check; give its verdict")
    return problems
