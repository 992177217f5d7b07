"""The demo council: generated deterministically, shipped as the script writes it, honest about itself."""

from __future__ import annotations

import csv
import filecmp

from data.demo import FILES, NOTICE, demo_files
from data.demo.generate import ACTIONS, PRIORITIES, generate, reference_rows


def test_the_shipped_files_are_exactly_what_the_script_writes(tmp_path):
    written = generate(tmp_path)
    assert [p.name for p in written] == [p.name for p, _, _ in demo_files()]
    for path in written:
        assert filecmp.cmp(path, FILES / path.name, shallow=False), f"{path.name}: run python -m data.demo.generate"


def test_every_real_definition_is_in_the_demo():
    with (FILES / "definitions.csv").open(encoding="utf-8") as handle:
        shipped = {row["code"]: row for row in csv.DictReader(handle)}
    reference = reference_rows()
    assert len(reference) == 63
    for row in reference:
        assert shipped[row["code"]]["title"] == row["title"]
        assert shipped[row["code"]]["polarity"] == row["polarity"]


def test_priorities_and_actions_are_of_the_promised_size():
    assert len(PRIORITIES) == 6
    assert 35 <= len(ACTIONS) <= 45
    assert {a.kind for a in ACTIONS} == {"service plan", "remedial", "director review"}
    assert all(a.indicators for a in ACTIONS if a.kind == "remedial")


def test_both_sets_of_indicators_have_data():
    with (FILES / "values.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["actual"]]
    best_value = {r["period"] for r in rows if r["indicator"] == "BV78a"}
    national = {r["period"] for r in rows if r["indicator"] == "NI 181"}
    assert "Mar 2008" in best_value and "Apr 2008" not in best_value
    assert "Apr 2008" in national and "Mar 2008" not in national
    assert any(r["status"] == "provisional" for r in rows)
    assert any(r["note"].startswith("Barrier") for r in rows)


def test_the_notice_says_values_are_synthetic():
    assert "definitions are real" in NOTICE
    assert "synthetic" in NOTICE
