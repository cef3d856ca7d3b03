"""`toilint rules`, `toilint explain`, and the generated rule pages the diagnostics link to."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import Runner

from toilint.bench import results as store
from toilint.docs import DOCS_DIR, measured_mismatches, stale_pages
from toilint.report import docs_base_url
from toilint.rules.base import all_rules


def test_rules_json_lists_every_rule_with_its_page(run: Runner) -> None:
    result = run("rules", "--format", "json")
    assert result.code == 0
    items = json.loads(result.out)
    assert [r["code"] for r in items] == list(all_rules())
    for item in items:
        assert {"code", "name", "summary", "fix", "url", "explanation"} <= set(item)
        assert item["url"] == f"{docs_base_url()}{item['code']}.md"
        # with no published home, the link is the page shipped with toilint: it must open
        assert item["url"] == (DOCS_DIR / f"{item['code']}.md").as_uri()
        assert (DOCS_DIR / f"{item['code']}.md").is_file()


def test_docs_url_base_is_configurable(run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOILINT_DOCS_URL", "https://docs.example.org/toilint/rules")
    items = json.loads(run("rules", "--format", "json").out)
    assert items[0]["url"] == f"https://docs.example.org/toilint/rules/{items[0]['code']}.md"
    assert "Documentation: https://docs.example.org/toilint/rules/PERF303.md" in run("explain", "PERF303").out


def test_rules_text(run: Runner) -> None:
    out = run("rules").out
    assert "PERF303  length-emptiness-test" in out


def test_explain_by_code_and_by_name(run: Runner) -> None:
    by_code = run("explain", "PERF303")
    by_name = run("explain", "length-emptiness-test")
    assert by_code.code == by_name.code == 0
    assert by_code.out == by_name.out
    assert "## Why is this bad?" in by_code.out
    assert f"Documentation: {DOCS_DIR / 'PERF303.md'}" in by_code.out
    missing = run("explain", "PERF999")
    assert missing.code == 2 and "PERF999" in missing.err


def test_committed_rule_pages_are_current() -> None:
    # after adding or changing a rule: python -m toilint.docs
    assert stale_pages() == [], "run `python -m toilint.docs` and commit docs/rules/"


def test_docs_check_mode_finds_a_stale_page(tmp_path: Path) -> None:
    from toilint.docs import write_pages

    write_pages(tmp_path)
    assert stale_pages(tmp_path) == []
    (tmp_path / "E001.md").write_text("edited by hand\n")
    (tmp_path / "X999.md").write_text("a rule that is gone\n")
    assert stale_pages(tmp_path) == ["E001.md", "X999.md"]


def test_measured_numbers_in_rule_docs_match_the_recorded_results() -> None:
    assert measured_mismatches() == [], "update the rule's ## Measured section (or re-run `toilint bench`)"


def test_a_new_recorded_run_shows_up_as_a_docs_mismatch(tmp_path: Path) -> None:
    data = json.loads(store.RESULTS_PATH.read_text(encoding="utf-8"))
    data["cases"]["PERF303"]["after_median_s"] = 0.2
    data["cases"]["PERF303"]["speedup"] = 8.09
    data["cases"]["PERF101"]["runs"] = 9
    del data["cases"]["PERF201"]
    data["cases"]["PERF205"]["after_median_s"] = 0.4615  # 0.461 and 0.462 both round it
    results = tmp_path / "results.json"
    results.write_text(json.dumps(data), encoding="utf-8")
    assert measured_mismatches(results) == [
        "PERF101: 7 runs in the docs, 9 in results.json",
        "PERF201: cites benchmarks/cases/PERF201, which results.json does not record",
        "PERF303: after of PERF303 is 0.163 in the docs, 0.2 in results.json",
        "PERF303: speedup of PERF303 is 9.95 in the docs, 8.09 in results.json",
    ]


def test_rules_show_each_rules_status(run: Runner) -> None:
    items = {r["code"]: r for r in json.loads(run("rules", "--format", "json").out)}
    assert items["PERF401"]["status"] == "preview" and items["PERF401"]["default"] is False
    assert items["W209"]["status"] == "preview"
    assert items["E201"]["status"] == "stable" and items["E201"]["default"] is True
    text = run("rules").out.splitlines()
    assert next(line for line in text if line.startswith("W208")).endswith("(preview)")
    assert not next(line for line in text if line.startswith("E201")).endswith(")")
