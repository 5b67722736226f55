"""PDF variants come from WeasyPrint's own list (issue 11: a hand copy had drifted, `pdf/a-4b` was accepted
and then failed with `internal error: KeyError`)."""

from __future__ import annotations

import hashlib

import pytest
from helpers import EXAMPLES, run_cli

import toolkit
from toolkit.errors import ConfigError
from toolkit.render.engine import UNOFFERED_VARIANTS, pdf_variants

SOURCE = str(EXAMPLES / "tiem-chung-mo-rong.html")


def test_the_choices_are_the_engines_variants():
    from weasyprint.pdf import VARIANTS

    assert pdf_variants() == [*sorted(set(VARIANTS) - set(UNOFFERED_VARIANTS)), "none"]
    assert "pdf/a-4b" not in pdf_variants() and "debug" not in pdf_variants()


def test_unknown_variant_is_refused_before_anything_is_read(tmp_path):
    with pytest.raises(ConfigError, match=r"Config value 'pdf_variant': unknown 'pdf/a-4b' \(choose from .*pdf/a-4u"):
        toolkit.build(["no-such-file.txt"], output_dir=tmp_path, pdf_variant="pdf/a-4b")


def test_unknown_variant_on_the_command_line_is_one_line_and_exit_2(tmp_path):
    done = run_cli("build", SOURCE, "-o", str(tmp_path), "--pdf-variant", "pdf/a-4b")
    assert done.returncode == 2
    assert done.stderr.startswith("bantin: error: --pdf-variant: unknown 'pdf/a-4b'")
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def _digest(variant: str, out) -> str:
    result = toolkit.build([SOURCE], output_dir=out, formats=("pdf",), pdf_variant=variant)
    assert result.ok, result.results[0].error
    return hashlib.sha256(result.outputs[0].path.read_bytes()).hexdigest()


@pytest.mark.parametrize("variant", ["pdf/x-5g", "pdf/a-4e"])
def test_a_newer_variant_builds_and_is_reproducible(variant, tmp_path):
    assert _digest(variant, tmp_path / "a") == _digest(variant, tmp_path / "b")


@pytest.mark.slow
@pytest.mark.parametrize("variant", pdf_variants())
def test_every_offered_variant_builds_and_is_reproducible(variant, tmp_path):
    assert _digest(variant, tmp_path / "a") == _digest(variant, tmp_path / "b")
