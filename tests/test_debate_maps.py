"""Argument maps: built from data, drawn accessibly offline, exported as Argdown and AIF JSON."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from creditlab.debate import maps as dm
from creditlab.debate.data import load_studio
from creditlab.debate.maps import Node, build_map

from .conftest import ROOT


# Loaded once: the core motions parametrise the tests below (a new core motion is tested
# without editing this file), and the fixture hands the same studio to every test.
_STUDIO = load_studio(ROOT / "data")
CORE = [m["id"] for m in _STUDIO.core_motions()]


@pytest.fixture(scope="module")
def studio():
    return _STUDIO


def test_no_core_motion_loses_its_case_files():
    assert {"M01", "M02", "M03", "M04", "M05", "M06", "M07", "M08", "M09", "M10", "M11", "M12", "M13", "M14", "M15", "M16", "M17"} <= set(CORE), CORE


@pytest.mark.parametrize("mid", CORE)
def test_map_has_claim_premises_objections_and_evidence_each_with_side_and_source(studio, mid):
    amap = build_map(studio, mid)
    kinds = {n.kind for n in amap.nodes}
    assert kinds == {"claim", "premise", "objection", "evidence"}
    for n in amap.nodes:
        assert n.side in ("prop", "opp") and n.sources, n.id
    ids = {n.id for n in amap.nodes}
    assert all(a in ids and b in ids for a, b, _ in amap.edges)
    # every node reachable from the claim in the outline
    assert {node.id for _, node, _ in amap.outline()} == ids


@pytest.mark.parametrize("mid", CORE)
def test_clash_list_comes_from_the_readings_stances(studio, mid):
    cl = build_map(studio, mid).clash_list()
    assert cl["crux"], "every core motion has at least one crux"
    for n in cl["crux"]:
        assert {n.td, n.ml} == {"accepts", "rejects"}
    for n in cl["common"]:
        assert n.td == n.ml == "accepts"
    for n in cl["reinterpretation"]:
        assert "reinterprets" in (n.td, n.ml)


@pytest.mark.parametrize(
    "td, ml, expected",
    [("accepts", "rejects", "crux"), ("rejects", "accepts", "crux"), ("accepts", "reinterprets", "reinterpretation"),
     ("reinterprets", "accepts", "reinterpretation"), ("accepts", "accepts", "common"), ("accepts", "silent", "none"),
     ("rejects", "rejects", "none")],
)
def test_stance_pairs_classify(td, ml, expected):
    assert Node("X", "premise", "prop", "t", ["k"], td=td, ml=ml).clash == expected


@pytest.mark.parametrize("mid", CORE)
def test_svg_is_offline_and_labelled_for_screen_readers(studio, mid):
    amap = build_map(studio, mid)
    svg = amap.to_svg()
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    label = root.get("aria-labelledby")
    titles = root.findall("{http://www.w3.org/2000/svg}title")
    assert len(titles) == 1 and titles[0].get("id") == label and len(titles[0].text) > 80
    assert "http" not in re.sub(r'xmlns(:\w+)?="[^"]+"', "", svg), "the SVG must not load anything"
    assert len(re.findall(r"<title>", svg)) == 0, "Graphviz's per-node titles are removed"


def test_argdown_export_lists_every_node_with_its_tags(studio):
    amap = build_map(studio, "M01")
    text = amap.to_argdown()
    assert text.startswith("===\ntitle: M01:")
    for n in amap.nodes:
        assert re.search(rf"[\[<]{re.escape(n.id)}[\]>]: ", text), n.id
    crux_line = next(line for line in text.splitlines() if "<M01-P01>" in line)
    assert "#td-rejects" in crux_line and "#ml-accepts" in crux_line and "#crux" in crux_line
    assert any(line.lstrip().startswith("- <") for line in text.splitlines()), "attacks are written with '-'"


def test_aif_export_is_well_formed(studio):
    amap = build_map(studio, "M02")
    aif = json.loads(amap.to_aif_json())
    nodes = {n["nodeID"]: n for n in aif["nodes"]}
    assert len([n for n in nodes.values() if n["type"] == "I"]) == len(amap.nodes)
    supports = sum(1 for *_, r in amap.edges if r == "supports")
    attacks = sum(1 for *_, r in amap.edges if r == "attacks")
    assert sum(1 for n in nodes.values() if n["type"] == "RA") == supports
    assert sum(1 for n in nodes.values() if n["type"] == "CA") == attacks
    for e in aif["edges"]:
        assert e["fromID"] in nodes and e["toID"] in nodes
    # every scheme node links one premise to one conclusion
    for nid, n in nodes.items():
        if n["type"] in ("RA", "CA"):
            assert sum(e["toID"] == nid for e in aif["edges"]) == 1 and sum(e["fromID"] == nid for e in aif["edges"]) == 1
    meta = aif["creditlab"]["nodes"]
    assert all(m["side"] in ("prop", "opp") and m["sources"] for m in meta.values())


def test_motion_without_map_and_missing_graphviz_are_explained(studio, monkeypatch):
    # Every motion in the bank has a map now; one added without a map must still get a
    # clear error, so the test takes M17's map away for the moment.
    with monkeypatch.context() as patch:
        patch.setattr(studio, "map_rows", lambda motion_id: [])
        with pytest.raises(KeyError, match="M17 has no argument map.*core motions: M01"):
            build_map(studio, "M17")
    monkeypatch.setattr(dm.shutil, "which", lambda name: None)
    with pytest.raises(dm.GraphvizMissing, match="apt-get install graphviz"):
        build_map(studio, "M01").to_svg()
