"""The kb command: validate, lint, coverage and stats, with their exit codes."""

import json

from tests.cli.conftest import ROOT


def test_validate_ok(run):
    proc = run("kb", "validate")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok: ")


def test_validate_names_file_and_line(run, tmp_path):
    (tmp_path / "org.yaml").write_text(
        "- id: org-x\n  provider: acme\n  code: x\n  title: T\n  cause: C\n  fix: [f]\n"
        "  checks: [a, b]\n  colour: red\n",
        encoding="utf-8",
    )
    proc = run("kb", "validate", env={"KNOWLEDGE_PATH": str(tmp_path)})
    assert proc.returncode == 1
    assert "org.yaml:8: colour: unknown field (entry org-x)" in proc.stderr


def test_lint_is_clean(run):
    proc = run("kb", "lint")
    assert proc.returncode == 0, proc.stdout[-3000:]


def test_lint_flags_generic_alias_and_dead_related_key(run, tmp_path):
    (tmp_path / "org.yaml").write_text(
        "- id: org-x\n  provider: acme\n  code: x\n  title: Something specific went wrong here\n"
        "  aliases: [access denied]\n  related: [acme:nothing]\n  cause: C\n  fix: [f]\n"
        "  checks: [a, b]\n",
        encoding="utf-8",
    )
    proc = run("kb", "lint", env={"KNOWLEDGE_PATH": str(tmp_path)})
    assert proc.returncode == 1
    assert "org-x: alias “access denied” is too short or generic" in proc.stdout
    assert "org-x: related key acme:nothing has no entry" in proc.stdout


def test_coverage_lists_missing_codes(run, tmp_path):
    tsv = tmp_path / "zoom.tsv"
    tsv.write_text("code\tmessage\n4733\tCode is expired\n9999\tNot a code\n", encoding="utf-8")
    proc = run("kb", "coverage", str(tsv))
    assert proc.returncode == 0
    assert "missing: zoom:9999" in proc.stdout
    assert "zoom: 1/2 codes covered (50.0%)" in proc.stdout


def test_stats_lists_providers(run):
    proc = run("kb", "stats")
    assert proc.returncode == 0 and "zoom" in proc.stdout


def test_schema_file_is_current(run):
    proc = run("kb", "schema")
    assert json.loads(proc.stdout) == json.loads((ROOT / "knowledge" / "schema.json").read_text())
