"""The claim audit and the reading guides as built: every claim has a row, every guide links
its article's rows, and the parts sit where the table of contents says."""

import re

import pytest
import yaml

from creditlab import datasets as ds

from .conftest import ROOT, built_html

CLAIMS = ds.load("claims")
ARTICLES = ds.load("articles")


@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_audit_page_has_a_row_for_every_claim(edition):
    page = (built_html(edition) / "book" / "claims" / "audit.html").read_text(encoding="utf-8")
    for r in CLAIMS:
        assert re.search(rf'<tr[^>]*\bid="claim-{r["id"].lower()}"', page), f"no row for {r['id']}"
    assert page.count('class="claims-row') == len(CLAIMS)
    assert '<form class="claims-filters"' in page and "hidden" in page, "the filter form starts hidden (progressive enhancement)"
    assert "claims-audit.js" in page
    assert 'role="img"' in page and "<title" in page, "the pattern chart has a text alternative"


@pytest.mark.parametrize("article", ARTICLES.records, ids=lambda a: a["label"])
def test_every_guide_links_its_audit_rows(article):
    page = (built_html("student") / f"{article['guide']}.html").read_text(encoding="utf-8")
    rows = CLAIMS.where(article=article["file"])
    for r in rows:
        assert re.search(rf'href="[^"]*audit\.html#claim-{r["id"].lower()}"', page), f"{article['guide']}: no link to {r['id']}"
    assert article["author"].replace("’", "'") in page.replace("’", "'").replace("&#8217;", "'")
    assert article["date"] in page


def test_guides_name_authorship_and_dating_problems():
    for a in ARTICLES:
        text = (ROOT / f"{a['guide']}.md").read_text(encoding="utf-8")
        assert "Authorship and date" in text, a["guide"]
        assert "## Questions for discussion" in text and "## Summary (our words)" in text
        assert "## Which reading it leans towards" in text and "## What it gets right and wrong" in text


def test_toc_places_the_two_parts_after_part_one_and_before_labs():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    captions = [p["caption"] for p in toc["parts"]]
    i = captions.index("Reading guides")
    assert captions[i - 1].startswith("Part I")
    assert captions[i + 1] == "Checking claims"
    assert captions[i + 2].startswith("Labs I")
    files = [c["file"] for c in toc["parts"][i + 1]["chapters"]]
    assert files == ["book/claims/method", "book/claims/audit"]
    exercises = next(p for p in toc["parts"] if p["caption"] == "Exercises")
    assert exercises["chapters"][-1]["file"] == "exercises/ex-claims"


def test_claim_roles_resolve_in_the_method_page():
    page = (built_html("student") / "book" / "claims" / "method.html").read_text(encoding="utf-8")
    for cid in ("C48", "C30", "C09", "C06", "C65"):
        assert f"audit.html#claim-{cid.lower()}" in page


def test_counts_in_prose_come_from_the_data():
    page = (built_html("student") / "book" / "claims" / "audit.html").read_text(encoding="utf-8")
    assert f"The audit covers <span class=\"creditlab-datum\">{len(CLAIMS)}</span> claims" in page
