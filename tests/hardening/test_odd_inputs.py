"""Issue 13: dates no bulletin carries, repeated JSON keys, and a failed archive job's outputs."""

from __future__ import annotations

import zipfile

import pytest

import toolkit
from toolkit.archive import workers
from toolkit.readers import read_source


def _markdown(tmp_path, front: str, name: str = "tin.md"):
    path = tmp_path / name
    path.write_text(f"---\ntitle: Tin thử\n{front}---\n\nMột đoạn văn của bản tin.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("date", ["9999-12-31", "15/04/2204"])
def test_a_date_far_in_the_future_warns_and_still_gives_a_book(tmp_path, date):
    source = _markdown(tmp_path, f"date: {date}\n")
    result = toolkit.build([source], output_dir=tmp_path / "out", formats=("pdf", "epub"))
    assert result.ok, result.results[0].error
    assert "implausible-date" in {w.code for w in result.results[0].warnings}
    with zipfile.ZipFile(tmp_path / "out" / "tin.epub") as book:
        assert {info.date_time[0] for info in book.infolist()} == {2107}


def test_a_source_date_epoch_beyond_any_calendar_still_builds(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999")
    source = _markdown(tmp_path, "")
    result = toolkit.build([source], output_dir=tmp_path / "out", formats=("epub",))
    assert result.ok, result.results[0].error
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999")  # year 5138: kept, the zip clamps to 2107
    assert toolkit.build([source], output_dir=tmp_path / "out2", formats=("epub",)).ok


def test_repeated_json_keys_are_warned(tmp_path):
    source = tmp_path / "tin.json"
    source.write_text('{"title": "Một", "title": "Hai", "blocks": [], "blocks": []}', encoding="utf-8")
    doc = read_source(source)
    assert doc.title == "Hai"
    assert [w.message for w in doc.warnings if w.code == "duplicate-key"] == [
        "key “title” is given more than once; the last value is used",
        "key “blocks” is given more than once; the last value is used"]


def test_a_failed_archive_job_leaves_none_of_its_outputs(tmp_path, monkeypatch):
    source = _markdown(tmp_path, "date: 2024-04-15\n")
    from toolkit.writers import epub

    def broken(*args, **kwargs):
        raise OSError("no space left on device")

    monkeypatch.setattr(epub, "write", broken)
    job = workers.Job("bulletin:2024/04/tin@normal", "bulletin", "k", "normal", (str(source),), "2024/04", "tin")
    context = workers.JobContext(str(tmp_path / "arch"), "bulletin", None, "vi", None, None)
    with pytest.raises(OSError, match="no space left"):
        workers.run_job(job, context)
    assert not [p for p in (tmp_path / "arch").rglob("*") if p.is_file()]


@pytest.mark.parametrize(("args", "message"), [
    (["--timeout", "0"], "--timeout: 0 s is not a time limit"),
    (["--timeout", "-5"], "--timeout: -5 s is not a time limit"),
    (["-j", "-3"], "-j: -3 is not a number of worker processes"),
    (["--max-memory", "10"], "--max-memory: 10 MB is too low"),
])
def test_archive_options_are_checked_before_any_work(tmp_path, args, message):
    from helpers import EXAMPLES, run_cli

    done = run_cli("archive", str(EXAMPLES), "-o", str(tmp_path / "arch"), *args)
    assert done.returncode == 2 and message in done.stderr
    assert not (tmp_path / "arch").exists()


def test_an_output_folder_that_is_a_file_is_refused_before_rendering(tmp_path):
    from toolkit.errors import ConfigError

    (tmp_path / "out").write_text("a file")
    with pytest.raises(ConfigError, match=r"'output': .* is a file, not a folder"):
        toolkit.build(["no-such-source.md"], output_dir=tmp_path / "out")
