"""Issue 13: one bad entry in a source folder fails alone, and links out of the folder are not followed.
What the archive records is in the publication's language (Vietnamese unless `bantin.toml` says otherwise)."""

from __future__ import annotations

import os

import pytest
from helpers import SEED

from toolkit.archive import ArchiveOptions, archive
from toolkit.archive import cache as archive_cache

pytestmark = pytest.mark.xdist_group("archive")


@pytest.fixture
def src(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    return folder


def _failed(report) -> dict[str, str]:
    return {item.name: item.reason for item in report.items if item.status == "failed"}


def test_a_file_name_that_is_not_utf8_fails_alone(src, tmp_path):
    with open(os.fsencode(src) + b"/tin\xff.md", "w", encoding="utf-8") as handle:
        handle.write("# Tin\n\nMột đoạn.\n")
    report = archive(ArchiveOptions(src, tmp_path / "out", jobs=1))
    assert _failed(report) == {"tin\ufffd.md": "tên tệp không phải UTF-8 hợp lệ; hãy đổi tên tệp"}
    assert (tmp_path / "out" / "2024" / "04" / "seed.pdf").is_file()


def test_an_unreadable_source_fails_alone(src, tmp_path, monkeypatch):
    (src / "khoa.txt").write_bytes(SEED.read_bytes())
    real = archive_cache.file_digest

    def digest(path):
        if os.path.basename(path) == "khoa.txt":  # the tests run as root, for whom chmod 000 changes nothing
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(archive_cache, "file_digest", digest)
    report = archive(ArchiveOptions(src, tmp_path / "out", jobs=1))
    assert _failed(report) == {"khoa.txt": "không đọc được (Permission denied)"}
    assert (tmp_path / "out" / "2024" / "04" / "seed.pdf").is_file()


def test_a_link_out_of_the_folder_is_refused_unless_asked(src, tmp_path):
    secret = tmp_path / "mat-khau.txt"
    secret.write_text(SEED.read_text(encoding="utf-8").replace("Bạch Thông", "Mật khẩu"), encoding="utf-8")
    (src / "link.txt").symlink_to(secret)
    report = archive(ArchiveOptions(src, tmp_path / "out", jobs=1))
    assert _failed(report) == {"link.txt": "là liên kết tượng trưng: không theo (dùng --follow-symlinks để lấy)"}
    assert not (tmp_path / "out" / "2024" / "04" / "link.pdf").exists()
    followed = archive(ArchiveOptions(src, tmp_path / "out2", jobs=1, follow_symlinks=True))
    assert not _failed(followed) and (tmp_path / "out2" / "2024" / "04" / "link.pdf").is_file()
