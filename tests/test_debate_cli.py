"""``python -m creditlab.debate``: usable from a shell and from a notebook."""

from __future__ import annotations

import json

from creditlab.debate.__main__ import main


def test_motions_and_check(capsys):
    assert main(["motions"]) == 0
    out = capsys.readouterr().out
    assert "M01" in out and "[case files + map]" in out
    assert main(["check"]) == 0


def test_assign_prints_a_balanced_draw_and_explains_errors(capsys):
    assert main(["assign", "8", "2", "--format", "pf", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert "Round 2" in out and "1/1" in out
    assert main(["assign", "9", "2", "--format", "pf"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: n_students") and "Use 8 or 12 students" in err


def test_map_exports_and_clash(capsys):
    assert main(["map", "M03", "--as", "aif"]) == 0
    aif = json.loads(capsys.readouterr().out)
    assert aif["creditlab"]["motion"] == "M03"
    assert main(["clash", "M01"]) == 0
    assert "Cruxes:" in capsys.readouterr().out
    assert main(["map", "M99"]) == 2
    assert "no motion 'M99'" in capsys.readouterr().err


def test_plan_and_packet(capsys, tmp_path):
    assert main(["plan", "M02", "ld", "--side", "opp"]) == 0
    out = capsys.readouterr().out
    assert "value: Liberty" in out and "Constructive" in out
    assert main(["packet", "M04", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "M04.html").is_file()
