"""The readers against the corpus of realistic sources (`tests/corpus/`): every field of every source right.

`score.py` does the work; this loads it from its path (pytest runs with `--import-mode=importlib`, where
`tests/corpus` is not an importable package) and asserts 100% on every field, listing the misses.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_SCORE_PATH = Path(__file__).with_name("score.py")
_MODULE_NAME = "bantin_corpus_score"


def _load_score():
    if _MODULE_NAME in sys.modules:
        return sys.modules[_MODULE_NAME]
    spec = importlib.util.spec_from_file_location(_MODULE_NAME, _SCORE_PATH)
    assert spec and spec.loader, f"cannot load {_SCORE_PATH}"
    module = importlib.util.module_from_spec(spec)
    sys.modules[_MODULE_NAME] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


score = _load_score()


@pytest.mark.xdist_group("corpus")
def test_the_corpus_is_well_formed():
    assert score.check_corpus() == []


@pytest.mark.xdist_group("corpus")
def test_the_readers_get_every_field_of_the_corpus_right():
    result = score.score_all()
    assert result.total >= 34
    if not result.perfect:  # the table and every miss, without pytest's repr of the whole Score
        pytest.fail(f"the readers are not 100% on the corpus:\n{result.report()}", pytrace=False)
