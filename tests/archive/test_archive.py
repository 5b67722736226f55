"""`bantin archive`: a month of sources into a tree, volumes, manifest, index and OPDS catalog;
incremental reruns, parallel workers, failures that stay alone, verification, crash safety."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, SAMPLES, run_cli
from lxml import etree

from toolkit.archive import ArchiveOptions, archive
from toolkit.archive import cache as archive_cache
from toolkit.archive import workers as archive_workers
from toolkit.archive.manifest import verify
from toolkit.archive.publication import Publication, load_publication
from toolkit.errors import ConfigError

pytestmark = pytest.mark.xdist_group("archive")  # one build of `first_run`
ATOM = "{http://www.w3.org/2005/Atom}"
PUBLISHER = "Ban Tuyên giáo Huyện ủy Bạch Thông"


def run(src: Path, out: Path, **changes) -> object:
    """`archive` with two workers and the test publisher unless told otherwise."""
    changes.setdefault("publication", Publication(publisher=PUBLISHER))
    options = ArchiveOptions(src, out, jobs=changes.pop("jobs", 2), **changes)
    return archive(options)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in (".bantin-cache.json", ".bantin-cards.json", ".bantin-lock")}


@pytest.fixture(scope="module")
def first_run(tmp_path_factory, source_maker):
    src = tmp_path_factory.mktemp("src")
    source_maker(src)
    shutil.copy(SAMPLES / "portal-text" / "nong-thon-moi-cam-giang.txt", src / "cam-giang.txt")
    out = tmp_path_factory.mktemp("archive")
    report = run(src, out)
    return src, out, report


def test_month_of_sources_gives_tree_volumes_and_listing(first_run):
    _, out, report = first_run
    assert report.ok, [(i.name, i.reason) for i in report.items if i.status == "failed"]
    files = set(tree(out))
    for stem in ("2024/04/tin-001", "2024/04/tin-002", "2024/05/tin-003", "2024/05/tin-006", "2024/06/cam-giang"):
        assert {f"{stem}.pdf", f"{stem}.epub"} <= files, stem
    assert {"2024/2024-04.pdf", "2024/2024-04.epub", "2024/2024-05.pdf", "2024/2024-06.epub"} <= files
    assert {"manifest.json", "index.html", "catalog.xml", "catalog/2024.xml", "catalog/2024-04.xml"} <= files
    assert report.count("built") == 7 + 7 + 3 and report.count("failed") == 0  # bulletins, reading pages, volumes


def test_manifest_lists_every_file_with_checksums(first_run):
    _, out, _ = first_run
    manifest = json.loads((out / "manifest.json").read_text())
    listed = {e["path"]: e for e in manifest["files"]}
    assert set(listed) == set(tree(out)) - {"manifest.json"}
    volume = listed["2024/2024-05.pdf"]
    assert volume["kind"] == "volume" and volume["profile"] == "normal"
    assert volume["sources"] == ["2024/tin-003.txt", "2024/tin-004.txt", "2024/tin-005.txt", "2024/tin-006.txt"]
    assert volume["pages"] >= 6 and volume["title"] == "Bản tin tháng 5/2024"
    import hashlib

    for path, entry in listed.items():
        data = (out / path).read_bytes()
        assert entry["bytes"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert verify(out).ok


def test_catalog_is_opds_navigation_then_acquisition(first_run):
    _, out, _ = first_run
    root = etree.parse(str(out / "catalog.xml")).getroot()
    assert root.tag == f"{ATOM}feed"
    for feed_path in [out / "catalog.xml", *sorted((out / "catalog").glob("*.xml"))]:
        feed = etree.parse(str(feed_path)).getroot()
        for required in ("id", "title", "updated", "author"):
            assert feed.find(f"{ATOM}{required}") is not None, (feed_path, required)
        for entry in feed.iter(f"{ATOM}entry"):
            assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")
            for link in entry.iter(f"{ATOM}link"):
                assert (feed_path.parent / link.get("href")).resolve().is_file(), link.get("href")
    hrefs = [link.get("href") for link in root.iterfind(f"{ATOM}entry/{ATOM}link")]
    assert hrefs == ["catalog/new.xml", "catalog/2024.xml"]
    april = etree.parse(str(out / "catalog" / "2024-04.xml")).getroot()
    assert "kind=acquisition" in april.find(f"{ATOM}link[@rel='self']").get("type")
    titles = [e.findtext(f"{ATOM}title") for e in april.iter(f"{ATOM}entry")]
    assert "Bản tin tháng 4/2024" in titles
    types = {link.get("type") for link in april.iter(f"{ATOM}link")
             if link.get("rel") == "http://opds-spec.org/acquisition"}
    assert types == {"application/epub+zip", "application/pdf"}


def test_index_page_links_every_output(first_run):
    _, out, _ = first_run
    html = etree.parse(str(out / "index.html"), etree.HTMLParser()).getroot()
    assert html.get("lang") == "vi"
    hrefs = {a.get("href") for a in html.iter("a")}
    outputs = {p for p in tree(out) if p.endswith((".pdf", ".epub"))}
    assert outputs <= hrefs
    assert "Tháng 5/2024" in "".join(html.itertext())


def test_rerun_is_a_no_op_and_touching_one_source_rebuilds_it_and_its_volume(first_run, tmp_path):
    src, out, _ = first_run
    work_src, work_out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(src, work_src)
    shutil.copytree(out, work_out)
    before = tree(work_out)
    again = run(work_src, work_out)
    assert again.count("built") == 0 and again.count("skipped") == 17
    assert tree(work_out) == before
    # The copied sources are new files to the cache (their ctime and inode changed): this run may have
    # saved their digests, and the next one writes nothing but its lock: not the manifest, the index, the
    # catalog or the cache.
    stamps = {p: p.stat().st_mtime_ns for p in work_out.rglob("*") if p.is_file()}
    assert run(work_src, work_out).count("built") == 0
    assert [p.name for p in work_out.rglob("*") if p.is_file() and p.stat().st_mtime_ns != stamps.get(p)
            and p.name != ".bantin-lock"] == []
    (work_out / "index.html").unlink()  # a listing file that went missing is written again
    run(work_src, work_out)
    assert (work_out / "index.html").is_file() and verify(work_out).ok
    source = work_src / "2024" / "tin-004.txt"
    source.write_text(source.read_text().replace("Phóng viên", "Phóng viên Hà Linh"))
    third = run(work_src, work_out)
    built = sorted(i.name for i in third.items if i.status == "built")
    assert built == ["2024/05/tin-004", "2024/05/tin-004", "2024/2024-05"]  # its PDF/EPUB, its page, its volume
    assert verify(work_out).ok
    (work_src / "2024" / "tin-006.txt").unlink()
    fourth = run(work_src, work_out)
    assert sorted(i.name for i in fourth.items if i.status == "built") == ["2024/2024-05"]
    assert not list(work_out.rglob("tin-006.*"))
    assert verify(work_out).ok


def test_rerun_reads_no_unchanged_source_but_sees_an_edit_that_keeps_size_and_time(first_run, tmp_path,
                                                                                   monkeypatch):
    """A source whose size, times and inode are as the cache saw them is not read again (a rerun over
    years of sources and photos stays quick). An edit is still seen when the size and the modification
    time are kept (an editor, `cp -p`, `touch -d`): the change time cannot be set back."""
    src, out, _ = first_run
    work_src, work_out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(src, work_src)
    shutil.copytree(out, work_out)
    monkeypatch.setattr(archive_cache, "RACY_NS", 0)  # the sources were just copied: trust them at once
    assert run(work_src, work_out).count("built") == 0
    read = []
    real = archive_cache.file_digest
    monkeypatch.setattr(archive_cache, "file_digest", lambda path: read.append(os.fspath(path)) or real(path))
    assert run(work_src, work_out).count("built") == 0
    sources = [p for p in read if p.startswith(os.fspath(work_src))]  # (layouts and fonts are hashed for the key)
    assert sources == []
    source = work_src / "2024" / "tin-004.txt"
    text, stamp = source.read_text(encoding="utf-8"), source.stat()
    edited = text.replace("Phóng viên", "Phóng viêm")  # same length
    assert len(edited.encode()) == len(text.encode()) and edited != text
    source.write_text(edited, encoding="utf-8")
    os.utime(source, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    third = run(work_src, work_out)
    assert sorted(i.name for i in third.items if i.status == "built") == [
        "2024/05/tin-004", "2024/05/tin-004", "2024/2024-05"]
    assert [os.path.basename(p) for p in read if p.startswith(os.fspath(work_src))] == ["tin-004.txt"]


def test_index_keeps_every_card_when_one_source_changes(first_run, tmp_path):
    """The reading pages' cards are kept apart from the cache and come back whenever the index is
    written: after one source changed, every other bulletin's card still has its lead."""
    src, out, _ = first_run
    work_src, work_out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(src, work_src)
    shutil.copytree(out, work_out)
    leads = (out / "index.html").read_text(encoding="utf-8").count('class="lead"')
    assert leads >= 7
    cache = json.loads((work_out / ".bantin-cache.json").read_text(encoding="utf-8"))
    assert not [o for job in cache["jobs"].values() for o in job["outputs"] if "card" in o]
    source = work_src / "2024" / "tin-004.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")
    assert run(work_src, work_out).count("built") == 3
    assert (work_out / "index.html").read_text(encoding="utf-8").count('class="lead"') == leads


def test_two_runs_in_different_folders_give_identical_bytes(first_run, tmp_path):
    src, out, _ = first_run
    other_src = tmp_path / "elsewhere" / "src"
    shutil.copytree(src, other_src)
    report = run(other_src, tmp_path / "archive", jobs=1)
    assert report.ok
    assert tree(tmp_path / "archive") == tree(out)


def test_verify_catches_changed_missing_and_extra_files(first_run, tmp_path):
    _, out, _ = first_run
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    assert run_cli("archive", "--verify", str(copy)).returncode == 0
    # as it was built: the sources, then the archive after -o
    assert run_cli("archive", str(tmp_path), "-o", str(copy), "--verify").returncode == 0
    wrong = run_cli("archive", "--verify", str(tmp_path))
    assert wrong.returncode == 1 and wrong.stderr.strip() == (
        f"bantin: error: {tmp_path}/manifest.json: no manifest to check against (No such file or directory): "
        "is this an archive folder?")
    pdf = copy / "2024" / "04" / "tin-001.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    pdf.write_bytes(bytes(data))
    (copy / "2024" / "05" / "tin-003.epub").unlink()
    (copy / "2024" / "stray.txt").write_text("?")
    done = run_cli("archive", "--verify", str(copy), "--json")
    assert done.returncode == 1
    result = json.loads(done.stdout)
    assert result["changed"] == ["2024/04/tin-001.pdf"]
    assert result["missing"] == ["2024/05/tin-003.epub"]
    assert result["extra"] == ["2024/stray.txt"]


def test_bad_source_fails_alone_and_a_dying_worker_fails_only_its_job(tmp_path, source_maker, monkeypatch):
    src = tmp_path / "src"
    source_maker(src, count=3)
    shutil.copy(SAMPLES / "bad" / "empty.txt", src / "empty.txt")
    real = archive_workers.run_job

    def crashing(job, context):
        if job.stem == "tin-002":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(job, context)

    monkeypatch.setattr(archive_workers, "run_job", crashing)  # workers are forked: they inherit it
    report = run(src, tmp_path / "out", jobs=2)
    failed = {(i.kind, i.name): i.reason for i in report.items if i.status == "failed"}
    assert set(failed) == {("source", "empty.txt"), ("bulletin", "2024/04/tin-002"), ("page", "2024/04/tin-002")}
    assert "worker died" in failed[("bulletin", "2024/04/tin-002")]
    assert "empty" in failed[("source", "empty.txt")]
    assert not report.ok
    assert (tmp_path / "out" / "2024" / "05" / "tin-003.pdf").is_file()
    assert (tmp_path / "out" / "2024" / "2024-04.pdf").is_file()
    assert verify(tmp_path / "out").ok
    monkeypatch.setattr(archive_workers, "run_job", real)
    retry = run(src, tmp_path / "out")
    assert sorted((i.kind, i.name) for i in retry.items if i.status == "built") == [
        ("bulletin", "2024/04/tin-002"), ("page", "2024/04/tin-002")]


def test_time_cap_stops_a_job_and_the_archive_goes_on(tmp_path, source_maker, monkeypatch):
    """Jobs that never finish (their worker waits for a signal that only the cap's kill brings) are stopped at
    the cap, each fails alone, and the archive is still written."""
    source_maker(tmp_path / "src", count=2)

    def hang(job, context):
        while True:
            signal.pause()

    monkeypatch.setattr(archive_workers, "run_job", hang)  # workers are forked: they inherit it
    report = run(tmp_path / "src", tmp_path / "out", timeout=0.05, jobs=1)
    assert sorted((i.kind, i.status) for i in report.items) == [("bulletin", "failed"), ("bulletin", "failed"),
                                                                ("page", "failed"), ("page", "failed"),
                                                                ("volume", "failed")]
    assert all(i.reason == "took longer than 0.05 s" for i in report.items), [i.reason for i in report.items]
    assert (tmp_path / "out" / "manifest.json").is_file()


def test_several_profiles_and_by_year(tmp_path, source_maker):
    src = tmp_path / "src"
    source_maker(src, count=2)
    (src / "bantin.toml").write_text('sizes = ["normal", "x-large"]\nby = "year"\nlanguage = "en"\n')
    done = run_cli("archive", str(src), "-o", str(tmp_path / "out"), "-j", "2", "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["built"] == 2 * 2 + 2 + 2 and summary["failed"] == 0  # 2 sizes of 2 bulletins, 2 volumes, 2 pages
    files = set(tree(tmp_path / "out"))
    assert {"2024/2024.pdf", "2024/2024.x-large.pdf", "2024/04/tin-001.x-large.epub"} <= files
    assert "Bulletins, 2024" in (tmp_path / "out" / "index.html").read_text()


def test_publication_settings_report_every_mistake_by_key(tmp_path):
    config = tmp_path / "bantin.toml"
    config.write_text('by = "week"\nsizes = "large"\ncolour = "red"\nvolume_title = "Tập {quarter}"\n')
    with pytest.raises(ConfigError) as caught:
        load_publication(config)
    text = str(caught.value)
    for key in ("'by'", "'sizes'", "'colour'", "'volume_title'"):
        assert key in text
    done = run_cli("archive", str(tmp_path), "-o", str(tmp_path / "out"), "--config", str(config))
    assert done.returncode == 2 and "'colour'" in done.stderr
    with pytest.raises(ConfigError, match="'by'"):
        load_publication(None, by="week")


#: A run killed at a known point: the cache is saved after every job, and the fourth job's worker, half-way
#: through writing its PDF (a `.NAME.pdf.XXXX.part` file, as `atomic_path` makes), kills the whole run.
INTERRUPTED_RUN = """
import os, pathlib, signal, sys
from toolkit.archive import ArchiveOptions, archive, workers
from toolkit.archive import run as archive_run
from toolkit.archive.publication import Publication
from toolkit.atomic import atomic_path

assert hasattr(archive_run, "SAVE_EVERY_S")
archive_run.SAVE_EVERY_S = 0
real, started = workers.run_job, []

def run_job(job, context):
    started.append(job.id)
    if len(started) == 4:
        with atomic_path(pathlib.Path(context.archive_dir) / job.out_dir / f"{job.stem}.pdf") as tmp:
            tmp.write_bytes(b"%PDF-1.7 half written")
            os.killpg(os.getpgrp(), signal.SIGKILL)
    return real(job, context)

workers.run_job = run_job  # the worker is forked: it inherits this
src, out, publisher = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
archive(ArchiveOptions(src, out, Publication(publisher=publisher), jobs=1))
print("not interrupted")
"""


def test_interrupted_run_then_rerun_gives_the_clean_manifest(first_run, tmp_path):
    """End to end, in a process that is killed (with its worker) in the middle of writing an output."""
    src, out, _ = first_run
    work = tmp_path / "out"
    killed = subprocess.run([sys.executable, "-c", INTERRUPTED_RUN, str(src), str(work), PUBLISHER], cwd=ROOT,
                            capture_output=True, text=True, timeout=300, start_new_session=True)
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    assert not (work / "manifest.json").exists()
    assert len(list(work.rglob(".*.part"))) == 1  # the half-written PDF
    done = run_cli("archive", str(src), "-o", str(work), "-j", "1", "--publisher", PUBLISHER, "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["built"], summary["skipped"]) == (17 - 3, 3)  # the three jobs finished before are kept
    assert not list(work.rglob(".*.part"))
    assert (work / "manifest.json").read_bytes() == (out / "manifest.json").read_bytes()
    assert tree(work) == tree(out)


def test_no_op_rerun_never_imports_the_renderer(first_run, tmp_path):
    """End to end, in a new process: only there can one see which modules a run imported."""
    src, out, _ = first_run
    shutil.copytree(out, tmp_path / "out")
    code = ("import sys, pathlib; from toolkit.archive import ArchiveOptions, archive; "
            "from toolkit.archive.publication import Publication; "
            f"r = archive(ArchiveOptions(pathlib.Path({str(src)!r}), pathlib.Path({str(tmp_path / 'out')!r}), "
            f"Publication(publisher={PUBLISHER!r}))); "
            "assert r.count('built') == 0, r.items; assert 'weasyprint' not in sys.modules; print('clean')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.stdout.strip() == "clean", done.stderr


def test_source_problems_are_kept_in_the_manifest(first_run):
    """What a reader doubts or finds wrong in a source reaches the manifest with the outputs it concerns."""
    _, out, _ = first_run
    listed = {e["path"]: e for e in json.loads((out / "manifest.json").read_text())["files"]}
    for path in ("2024/06/cam-giang.pdf", "2024/06/cam-giang.epub"):
        # the archive records its warnings in its publication's language (Vietnamese here)
        assert any("không có ảnh" in w for w in listed[path]["warnings"]), listed[path]["warnings"]
    assert any(w.startswith("cam-giang.txt: chú thích") for w in listed["2024/2024-06.pdf"]["warnings"])
