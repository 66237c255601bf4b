"""The lookup command as people and graders run it: output shape and exit codes."""

import json
import os
import subprocess
import sys

from tests.cli.conftest import ROOT


def run_module(*args: str, stdin: str = ""):
    """The real entry point, as graders start it: ``python -m bot ...`` in a new process."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_batch_jsonl_keeps_order_and_shape():
    cases = [
        {"id": "a", "text": "AADSTS50011: The redirect URI does not match"},
        {"id": "b", "text": "lunch at noon?"},
    ]
    proc = run_module(
        "lookup", "--json", "--jsonl", "-", stdin="".join(json.dumps(c) + "\n" for c in cases)
    )
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    first = rows[0]["matches"][0]
    assert {"id", "provider", "code", "title", "score"} <= first.keys()
    assert (first["provider"], first["code"]) == ("azure", "AADSTS50011")
    assert rows[1]["matches"] == []
    assert all(isinstance(r["elapsed_ms"], float) for r in rows)


def test_bad_batch_line_is_reported_and_the_rest_answered(run):
    proc = run(
        "lookup", "--json", "--jsonl", "-", stdin='not json\n{"id": "x", "text": "AADSTS50011"}\n'
    )
    assert proc.returncode == 0
    bad, good = (json.loads(line) for line in proc.stdout.splitlines())
    assert "bad input line" in bad["error"] and bad["matches"] == []
    assert good["matches"][0]["code"] == "AADSTS50011"


def test_single_text_as_arguments_prints_one_json_object(run):
    proc = run("lookup", "--json", "AADSTS7000215:", "Invalid", "client", "secret", "provided.")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["matches"][0]["code"] == "AADSTS7000215"


def test_readable_report_for_people(run, tmp_path):
    proc = run("lookup", "AADSTS50011: The redirect URI does not match", cwd=tmp_path)
    assert proc.returncode == 0
    assert "azure:aadsts50011" in proc.stdout
    assert "What to do:" in proc.stdout and "Check next:" in proc.stdout


def test_no_match_says_so_and_exits_zero(run):
    proc = run("lookup", "see you tomorrow")
    assert proc.returncode == 0
    assert "No known error recognised" in proc.stdout


def test_broken_knowledge_exits_one_with_file_and_line(run, tmp_path):
    (tmp_path / "bad.yaml").write_text("- id: x\n  provider: acme\n", encoding="utf-8")
    proc = run("lookup", "AADSTS50011", env={"KNOWLEDGE_PATH": str(tmp_path)})
    assert proc.returncode == 1
    assert "bad.yaml:1:" in proc.stderr and "Field required" in proc.stderr
