"""The whole bad-source corpus through `bantin archive -j 2`: each source is built or reported as
failed with its reason, the archive finishes, nothing leaks and nothing is written outside -o."""

from __future__ import annotations

import json
import shutil

import pytest
from hardening.checks import CASES, Case, assert_no_leak, corpus, make_case, snapshot
from helpers import run_cli

pytestmark = pytest.mark.xdist_group("archive-corpus")  # one run of `archived`
SKIPPED = {"many-paragraphs.txt"}  # the same as in test_corpus, and slow under two workers


@pytest.fixture(scope="module")
def archived(tmp_path_factory) -> tuple[Case, dict, str]:
    root = tmp_path_factory.mktemp("archive")
    case = make_case(root, {})
    for name in set(CASES) - SKIPPED:
        shutil.copyfile(corpus() / name, case.src / name)
    before = snapshot(case.root, case.out)
    done = run_cli("archive", str(case.src), "-o", str(case.out), "-j", "2", "--timeout", "120", "--json",
                   cwd=case.cwd)
    assert snapshot(case.root, case.out) == before, "something was written outside -o"
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1, done.stderr  # some sources fail, and say so
    return case, json.loads(done.stdout), done.stderr


def test_every_source_is_built_or_failed_with_a_reason(archived):
    _, summary, _ = archived
    sources = {item["name"]: item for item in summary["items"] if item["kind"] == "source"}
    built = {item["name"].rsplit("/", 1)[-1] for item in summary["items"] if item["kind"] == "bulletin"
             and item["status"] == "built"}
    for name in set(CASES) - SKIPPED:
        allowed, _, _ = CASES[name]
        stem = name.rsplit(".", 1)[0]
        failed = name in sources and sources[name]["status"] == "failed"
        if failed:
            assert name in sources[name]["reason"] and "\n" not in sources[name]["reason"]
        got = "error" if failed else "build"
        assert failed or any(b == stem or b.startswith(f"{stem}-") for b in built), name
        assert got in allowed, (name, sources.get(name))


def test_archive_outputs_leak_nothing(archived):
    case, summary, _ = archived
    assert summary["built"] > 10
    assert_no_leak(case)
