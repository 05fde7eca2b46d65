"""The case-file pages: every core motion has one, with the boxes the index promises, listed in the table of contents under the
index of case files, which the ``{debate-case-index}`` directive renders from the motion bank
(easiest first); a core motion without its page is named in a build warning."""

from __future__ import annotations

import yaml

from creditlab.debate.data import load_studio
from creditlab.sphinxext.debate import case_index, case_page

from .conftest import ROOT

INDEX = "book/debate/cases"


def _core_pages(studio) -> list[str]:
    return [case_page(m["id"]) for m in sorted(studio.core_motions(), key=lambda m: m["id"])]


def _sections_of(node, target: str):
    """The files listed under ``target`` in the table of contents (None if it is not there)."""
    if isinstance(node, dict):
        if node.get("file") == target:
            return [s["file"] for s in node.get("sections", [])]
        node = list(node.values())
    if isinstance(node, list):
        for item in node:
            found = _sections_of(item, target)
            if found is not None:
                return found
    return None


def test_every_core_motion_has_a_case_page_under_the_index_in_the_toc():
    studio = load_studio(ROOT / "data")
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    listed = _sections_of(toc, INDEX)
    assert listed is not None, f"_toc.yml: list {INDEX} in the debate studio, with the case pages as its sections"
    assert listed == _core_pages(studio), f"_toc.yml: the sections of {INDEX} should be the core motions' case pages, in order"
    for page in listed:
        assert (ROOT / f"{page}.md").is_file(), f"{page}.md is listed in _toc.yml but does not exist"
    assert "```{debate-case-index}" in (ROOT / f"{INDEX}.md").read_text(encoding="utf-8")


def test_case_index_goes_from_novice_to_advanced_and_names_a_missing_page():
    studio = load_studio(ROOT / "data")
    pages = set(_core_pages(studio))
    rows, missing = case_index(studio, pages)
    assert not missing
    assert [m["id"] for m in rows] and len(rows) == len(pages)
    levels = studio.motions.schema.fields["difficulty"]["values"]
    assert levels[0] == "novice" and levels[-1] == "advanced"
    keys = [(levels.index(m["difficulty"]), m["id"]) for m in rows]
    assert keys == sorted(keys), "the index should list novice motions first, then by id"

    rows, missing = case_index(studio, pages - {"book/debate/case-m09"})
    assert "M09" not in [m["id"] for m in rows]
    assert len(missing) == 1
    assert "motion M09" in missing[0] and "book/debate/case-m09.md" in missing[0] and "debate_motions.csv" in missing[0]


def test_every_case_page_has_the_boxes_the_index_promises():
    """The index of case files says every page has a box to read before preparing and a box on
    where each side's evidence is thin, before the case files themselves."""
    studio = load_studio(ROOT / "data")
    for page in _core_pages(studio):
        text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
        first_case = text.index("```{debate-case}")
        before = text.find("```{admonition} Before you prepare")
        thin = text.find("```{admonition} Where the evidence is thin")
        assert 0 <= before < first_case, f"{page}.md: add a 'Before you prepare' box above the case files"
        assert 0 <= thin < first_case, f"{page}.md: add a 'Where the evidence is thin' box above the case files"
        assert ":class: warning" in text[thin : thin + 80], f"{page}.md: the evidence-thin box should be class warning"
