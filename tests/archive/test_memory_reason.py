"""Under a memory cap, a C library that runs out of address space fails in its own words (qpdf: "unable
to find /Root" in a half-written file): the job's reason is still the cap, when the process came close to it."""

from __future__ import annotations

from types import SimpleNamespace

from toolkit.archive import workers


def test_near_cap_reads_the_process_peak():
    assert workers._near_cap(0) is False  # no cap
    assert workers._near_cap(1) is True  # any Python process has used more than 1 MB
    assert workers._near_cap(1 << 30) is False  # a petabyte


def _failing(monkeypatch, near: bool):
    def boom(job, context):
        raise RuntimeError("unable to find /Root dictionary")

    monkeypatch.setattr(workers, "run_job", boom)
    monkeypatch.setattr(workers, "_near_cap", lambda memory_mb: near)
    return workers.execute(SimpleNamespace(), SimpleNamespace(language="en"), 150)


def test_an_engine_failure_near_the_cap_is_named_as_the_cap(monkeypatch):
    done = _failing(monkeypatch, near=True)
    assert not done.ok and done.reason == "the memory cap (150 MB, --max-memory) is too low for this source"


def test_an_engine_failure_far_from_the_cap_stays_an_internal_error(monkeypatch):
    done = _failing(monkeypatch, near=False)
    assert done.reason == "internal error: RuntimeError: unable to find /Root dictionary"
