"""Golden cases: each `tests/fixtures/<case>/` names an input, read into the JSON contract and compared
with its `expected.json`.

The input is `input.*` in the case folder, or, when the input is kept elsewhere in the repository
(a sample or an example: one copy of each input), the path given as `input` in the case's
`case.toml`. A `[files]` table there names files the input refers to (images), taken from their one
home and put beside the input under the name the input uses. Either way the input is called
`input.<suffix>` in `expected.json`, so a case does not depend on where its input lives.

Regenerate on purpose with `BANTIN_UPDATE_GOLDEN=1 pytest tests/readers/test_golden.py` and review the diff.
A case whose source cannot be read expects `{"error": "<reason>"}`.
"""

from __future__ import annotations

import json
import os
import shutil
import tomllib
from pathlib import Path

import pytest
from helpers import EXAMPLES, ROOT, SAMPLES, TESTS

from toolkit.errors import ToolkitError
from toolkit.readers import read_source
from toolkit.serialize import to_dict

FIXTURES = TESTS / "fixtures"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
UPDATE = os.environ.get("BANTIN_UPDATE_GOLDEN") == "1"


def case_config(case: str) -> dict:
    config = FIXTURES / case / "case.toml"
    return tomllib.loads(config.read_text(encoding="utf-8")) if config.exists() else {}


def input_of(case: str) -> Path:
    """Where the case's input lives (in the case folder, or where `case.toml` says)."""
    config = case_config(case)
    if "input" in config:
        return ROOT / config["input"]
    (found,) = (FIXTURES / case).glob("input.*")
    return found


def prepared(case: str, tmp_path: Path) -> Path:
    """The input to read: in place, or in `tmp_path` beside the files it refers to."""
    source, files = input_of(case), case_config(case).get("files", {})
    if not files:
        return source
    shutil.copyfile(source, tmp_path / source.name)
    for name, home in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / home, tmp_path / name)
    return tmp_path / source.name


def actual(source: Path) -> dict:
    name = f"input{source.suffix}"
    try:
        data = to_dict(read_source(source))
    except ToolkitError as exc:
        return {"error": str(exc).replace(str(source), name)}
    data["source"] = name
    for warning in data["warnings"]:
        warning["message"] = warning["message"].replace(str(source.parent), "<case>")
    return data


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, tmp_path: Path) -> None:
    expected_file = FIXTURES / case / "expected.json"
    got = actual(prepared(case, tmp_path))
    if UPDATE:
        expected_file.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert expected_file.exists(), f"no expected.json for {case}: run with BANTIN_UPDATE_GOLDEN=1 and review it"
    assert got == json.loads(expected_file.read_text(encoding="utf-8"))


def test_every_sample_and_example_has_a_golden_case() -> None:
    sources = {p for folder in (SAMPLES, EXAMPLES) for p in folder.rglob("*.*") if p.parent.name != "images"}
    covered = {input_of(case).resolve() for case in CASES}
    assert sorted(str(p.relative_to(ROOT)) for p in sources - covered) == [], "add a tests/fixtures case for these"
    assert all(p.is_file() for p in covered), "a case names an input that is not there"
