"""The validator registry is pluggable: veraPDF is used when a `verapdf` command is on PATH (here a
stand-in that prints veraPDF's machine-readable report), and a named validator that is missing is an
error, never a silent pass."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from helpers import require_validators

from toolkit.qa import validators
from toolkit.qa.check import check_files

FIXTURES = Path(__file__).parent / "fixtures"
# veraPDF's --format mrr report: one <job> per file; the stand-in fails files whose name has "bad".
FAKE_VERAPDF = """#!{python}
import sys
flavour = sys.argv[sys.argv.index("--flavour") + 1]
files = [a for a in sys.argv[1:] if a.endswith(".pdf")]
print('<?xml version="1.0" encoding="utf-8"?><report><jobs>')
for name in files:
    bad = "untagged" in name
    compliant = str(not bad).lower()
    print(f'<job><item size="1"><name>{{name}}</name></item>'
          f'<validationReport profileName="PDF/UA-{{flavour[-1]}} validation profile" isCompliant="{{compliant}}">'
          f'<details passedRules="105" failedRules="{{int(bad)}}">')
    if bad:
        print('<rule specification="ISO 14289-1:2014" clause="7.1" testNumber="3" status="failed" failedChecks="4">'
              '<description>Content shall be marked as Artifact or tagged as real content</description></rule>')
    print('<rule specification="ISO 14289-1:2014" clause="5" testNumber="1" status="passed"/>')
    print('</details></validationReport></job>')
print('</jobs></report>')
"""


@pytest.fixture
def fake_verapdf(tmp_path, monkeypatch):
    command = tmp_path / "bin" / "verapdf"
    command.parent.mkdir()
    command.write_text(FAKE_VERAPDF.format(python=sys.executable))
    command.chmod(command.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{command.parent}{os.pathsep}{os.environ['PATH']}")
    return command


def test_verapdf_is_picked_up_when_on_path(fake_verapdf, tmp_path):
    assert "verapdf" in [v.name for v in validators.validators_for("pdf")]
    good = tmp_path / "good.pdf"
    good.write_bytes((FIXTURES / "untagged.pdf").read_bytes())
    results = validators.validate([FIXTURES / "untagged.pdf", good], ["verapdf"])
    (bad_result,) = results[FIXTURES / "untagged.pdf"]
    assert not bad_result.ok
    assert str(bad_result.findings[0]) == ("[ISO 14289-1:2014 7.1-3] Content shall be marked as Artifact or "
                                           "tagged as real content")
    assert results[good][0].ok and "PDF/UA-1" in results[good][0].summary


def test_verapdf_not_installed_is_not_offered(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert not validators.VeraPdf().available()
    with pytest.raises(validators.ValidatorUnavailable, match="veraPDF is not on PATH"):
        validators.validate([FIXTURES / "untagged.pdf"], ["verapdf"])


def test_a_validator_that_produces_no_report_fails(monkeypatch):
    """A crashed tool must read as a failure, not as zero findings."""
    require_validators("ace")  # Node and Chromium, which the stand-in still needs
    monkeypatch.setattr(validators, "ACE_CANDIDATES", (Path(sys.executable).parent / "false-ace",))
    monkeypatch.setattr(validators.Ace, "_ace", lambda self: "false")
    (result,) = validators.Ace().validate([FIXTURES / "no-metadata.epub"])
    assert not result.ok and result.findings[0].rule == "validator-failed"


def test_a_missing_validator_skips_here_and_fails_under_ci(monkeypatch, tmp_path):
    """The tests' `require_validators`: a skip that says why on a developer's machine, a failure in CI."""
    monkeypatch.setenv("PATH", str(tmp_path))  # no veraPDF
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="verapdf: veraPDF is not on PATH"):
        require_validators("pdfua", "verapdf")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="verapdf: veraPDF is not on PATH"):
        require_validators("pdfua", "verapdf")
    require_validators("pdfua")  # an installed one passes in both


def test_check_without_validators_still_judges_structure():
    reports = check_files([FIXTURES / "untagged.pdf", FIXTURES / "no-metadata.epub"], run_validators=False)
    assert [r.ok for r in reports] == [False, False]
    assert all(r.validators == [] for r in reports)
