from __future__ import annotations

import pytest
from fake_portal import FAST, Portal, build

from toolkit.fetch import FetchOptions


@pytest.fixture
def portal():
    with Portal() as running:
        yield build(running)


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    """The pauses the client asked for (retries, Retry-After), without waiting."""
    asked: list[float] = []
    monkeypatch.setattr("toolkit.fetch.client.time.sleep", lambda seconds: seconds and asked.append(seconds))
    return asked


@pytest.fixture
def options(tmp_path):
    """`FetchOptions` into `tmp/src` with the fast client settings, changed by keyword."""
    def make(**given) -> FetchOptions:
        return FetchOptions(given.pop("output", tmp_path / "src"), client=given.pop("client", FAST), **given)
    return make
