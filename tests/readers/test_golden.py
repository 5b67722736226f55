"""Golden cases: `tests/fixtures/<case>/input.*` read into the JSON contract, compared with `expected.json`.

Regenerate on purpose with `BANTIN_UPDATE_GOLDEN=1 pytest tests/readers/test_golden.py` and review the diff.
A case whose source cannot be read expects `{"error": "<reason>"}`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers import SAMPLES, TESTS

from toolkit.errors import ToolkitError
from toolkit.readers import read_source
from toolkit.serialize import to_dict

FIXTURES = TESTS / "fixtures"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
UPDATE = os.environ.get("BANTIN_UPDATE_GOLDEN") == "1"
SAMPLE_CASES = {  # every shared sample has a golden case holding the same bytes
    "portal-text/hoi-nghi-so-ket-nghi-quyet.txt": "portal-text-hoi-nghi",
    "portal-text/nong-thon-moi-cam-giang.txt": "portal-text-cam-giang",
    "portal-html/tiem-chung-mo-rong.html": "portal-html-tiem-chung",
    "markdown/ban-tin-thang-10.md": "markdown-na-pai",
    "legacy/cp1258-windows.txt": "legacy-cp1258",
    "bad/empty.txt": "bad-empty",
    "bad/hostile.html": "bad-hostile",
    "bad/markers-only.txt": "bad-markers-only",
    "bad/random-bytes.txt": "bad-random-bytes",
    "bad/truncated.txt": "bad-truncated",
}


def input_of(case: str) -> Path:
    (found,) = (FIXTURES / case).glob("input.*")
    return found


def actual(case: str) -> dict:
    source = input_of(case)
    try:
        data = to_dict(read_source(source))
    except ToolkitError as exc:
        return {"error": str(exc).replace(str(source), source.name)}
    data["source"] = source.name
    for warning in data["warnings"]:
        warning["message"] = warning["message"].replace(str(source.parent), "<case>")
    return data


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str) -> None:
    expected_file = FIXTURES / case / "expected.json"
    got = actual(case)
    if UPDATE:
        expected_file.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert expected_file.exists(), f"no expected.json for {case}: run with BANTIN_UPDATE_GOLDEN=1 and review it"
    assert got == json.loads(expected_file.read_text(encoding="utf-8"))


@pytest.mark.parametrize("sample", sorted(str(p.relative_to(SAMPLES)) for p in SAMPLES.rglob("*.*")
                                          if p.parent.name != "images"))
def test_every_sample_has_a_golden_case(sample: str) -> None:
    assert sample in SAMPLE_CASES, f"new sample {sample}: add a tests/fixtures case for it"
    assert input_of(SAMPLE_CASES[sample]).read_bytes() == (SAMPLES / sample).read_bytes()
