"""Prep packets: every motion renders to a self-contained HTML page; one prints to PDF offline."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from creditlab.debate.data import load_studio
from creditlab.debate.packet import PacketError, html_to_pdf, render_packet, write_packets
from creditlab.devtools.chromium import HOW_TO_INSTALL, find_chromium

from .conftest import ROOT


@pytest.fixture(scope="module")
def studio():
    return load_studio(ROOT / "data")


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.hrefs, self.loads, self.stack = [], [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if tag in ("script", "img", "link", "iframe") and (a.get("src") or a.get("href")):
            self.loads.append(a.get("src") or a.get("href"))


@pytest.mark.parametrize("mid", [f"M{i:02d}" for i in range(1, 18)])
def test_every_motion_renders_a_complete_offline_packet(studio, mid):
    html = render_packet(mid, studio=studio)
    page = _Page()
    page.feed(html)
    motion = studio.motion(mid)
    assert html.startswith("<!doctype html>") and '<html lang="en">' in html
    assert "@media print" in html and "@page" in html
    assert not page.loads, f"a packet must not load anything: {page.loads}"
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"
    for needed in ("motion-facts", "plan", "cards", "traps", "ballot", "references"):
        assert needed in page.ids
    if motion["core"] == "yes":
        for needed in ("case-prop", "case-opp", "map", "clash"):
            assert needed in page.ids
        assert '<svg role="img"' in html
    for href in page.hrefs:
        if href.startswith("#"):
            assert href[1:] in page.ids, f"{mid}: broken link {href}"
    assert any(i.startswith("ref-") for i in page.ids)


def test_write_packets_writes_html(tmp_path, studio):
    paths = write_packets(tmp_path, ["M02", "M09"], studio=studio)
    assert [p.name for p in paths] == ["M02.html", "M09.html"]
    assert "March Entity 2024" in (tmp_path / "M02.html").read_text(encoding="utf-8")


def test_packet_prints_to_pdf_offline_and_renders_to_png(tmp_path, studio):
    if not find_chromium():
        pytest.fail(HOW_TO_INSTALL)
    page = write_packets(tmp_path, ["M01"], studio=studio)[0]
    pdf = html_to_pdf(page, tmp_path / "M01.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages >= 5, f"the M01 packet should run to several pages (got {pages})"
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
        png = next(tmp_path.glob("page*.png"))
        assert png.stat().st_size > 5_000


def test_pdf_failure_is_explained(tmp_path, monkeypatch):
    import creditlab.devtools.chromium as chromium

    page = tmp_path / "x.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    monkeypatch.setattr(chromium, "find_chromium", lambda: None)
    with pytest.raises(PacketError, match="no Chromium found"):
        html_to_pdf(page, tmp_path / "x.pdf")
    with pytest.raises(PacketError, match="could not print x.html"):
        html_to_pdf(page, tmp_path / "x.pdf", chromium="/bin/false")
