from __future__ import annotations

import pytest
from fake_portal import Portal, build


@pytest.fixture
def portal():
    with Portal() as running:
        yield build(running)
