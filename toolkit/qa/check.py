"""`bantin check`: an accessibility report for any PDF or EPUB, whoever made it.

Built-in structural checks always run (they need only pikepdf and lxml); the validators of
`toolkit.validators` are added when installed. A file passes when no check fails and every
validator that ran reported nothing.

Heavy libraries (pikepdf) are imported inside the functions that use them, so `bantin --help` and a
no-op archive rerun never load them.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lxml import etree

from ..render.outline import nested_levels
from ..writers.pdf_artifacts import orphan_mcids
from .validators import ValidatorResult, kind_of, validate

PASS, FAIL, WARN = "pass", "fail", "warn"
OPF_NS = "http://www.idpf.org/2007/opf"
DC_NS = "http://purl.org/dc/elements/1.1/"
XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
A11Y_PROPERTIES = ("dcterms:conformsTo", "schema:accessMode", "schema:accessModeSufficient",
                   "schema:accessibilityFeature", "schema:accessibilityHazard", "schema:accessibilitySummary")
EMPTY_CMAP_ENTRY = re.compile(rb"<[0-9A-Fa-f]+>\s*<>")


@dataclass(frozen=True)
class Check:
    """One built-in check: `status` is pass, fail or warn."""

    name: str
    status: str
    detail: str = ""


@dataclass
class FileReport:
    path: Path
    kind: str
    checks: list[Check] = field(default_factory=list)
    validators: list[ValidatorResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.status != FAIL for c in self.checks) and all(v.ok for v in self.validators)

    def to_dict(self) -> dict:
        return {"path": str(self.path), "kind": self.kind, "ok": self.ok,
                "checks": [vars(c) for c in self.checks],
                "validators": [v.to_dict() for v in self.validators]}


def _check(name: str, passed: bool, detail: str = "", warn_only: bool = False) -> Check:
    return Check(name, PASS if passed else (WARN if warn_only else FAIL), detail)


# --- PDF ---------------------------------------------------------------------------------------

def check_pdf(path: Path) -> list[Check]:
    import pikepdf

    try:
        pdf = pikepdf.open(path)
    except pikepdf.PdfError as exc:
        return [Check("readable", FAIL, f"not a readable PDF: {exc}")]
    with pdf:
        root = pdf.Root
        marked = bool(root.get("/MarkInfo", {}).get("/Marked", False))
        tagged = marked and "/StructTreeRoot" in root
        detail = "structure tree" if tagged else "no structure tree (/MarkInfo /Marked, /StructTreeRoot)"
        checks = [_check("tagged", tagged, detail)]
        lang = str(root.get("/Lang", ""))
        checks.append(_check("language", bool(lang), lang or "no /Lang in the document catalog"))
        checks.append(_pdf_title(pdf))
        checks.append(_pdf_alt_text(root) if tagged else Check("alt-text", FAIL, "untagged: figures cannot carry /Alt"))
        if tagged:
            checks.append(_pdf_untagged_content(pdf))
            levels = [int(str(e.S)[2:]) for e in _struct_elements(root.StructTreeRoot)
                      if re.fullmatch(r"/H[1-6]", str(e.get("/S")))]
            checks.append(_headings(levels))
            checks.append(_pdf_bookmarks(pdf, levels))
        checks.append(_pdf_fonts(pdf))
    return checks


def _pdf_untagged_content(pdf) -> Check:
    """Marked content whose structure element is outside the tree is neither real content nor artifact."""
    orphans = orphan_mcids(pdf)
    if orphans:
        count = sum(len(m) for m in orphans.values())
        return Check("artifacts", FAIL, f"{count} pieces of content on {len(orphans)} pages are tagged outside the "
                     "structure tree (neither real content nor artifacts)")
    return Check("artifacts", PASS, "all marked content is in the structure tree or an artifact")


def _bookmark_levels(items, depth: int = 1):
    for item in items:
        yield depth
        yield from _bookmark_levels(item.children, depth + 1)


def _pdf_bookmarks(pdf, heading_levels: list[int]) -> Check:
    """Bookmarks follow the headings: one per heading, nested as deep as it (a warning otherwise)."""
    with pdf.open_outline() as outline:
        levels = list(_bookmark_levels(outline.root))
    if levels == nested_depths(heading_levels):
        return Check("bookmarks", PASS, f"{len(levels)} bookmarks, one per heading")
    return Check("bookmarks", WARN, f"{len(levels)} bookmarks for {len(heading_levels)} headings")


def nested_depths(levels: list[int]) -> list[int]:
    """The outline depth of each heading level (h1, h3 -> 1, 2), as bookmarks nest."""
    return nested_levels(levels, top=0)


def _headings(levels: list[int]) -> Check:
    """Headings start at level 1 and never skip a level going down (h2 -> h4)."""
    if not levels:
        return Check("headings", WARN, "no headings")
    skips = [f"h{a} -> h{b}" for a, b in zip([0, *levels], levels, strict=False) if b > a + 1]
    if skips:
        return Check("headings", FAIL, "skipped levels: " + ", ".join(skips[:5]))
    return Check("headings", PASS, f"{len(levels)} headings, nested")


def _pdf_title(pdf) -> Check:
    with pdf.open_metadata() as meta:
        title = meta.get("dc:title") or ""
    title = title or str(pdf.docinfo.get("/Title", ""))
    displayed = bool(pdf.Root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False))
    if not title:
        return Check("title", FAIL, "no document title (XMP dc:title or /Title)")
    if not displayed:
        return Check("title", FAIL, f"title {title!r} is not displayed (/DisplayDocTitle)")
    return Check("title", PASS, title)


def _struct_elements(node, depth: int = 0):
    import pikepdf

    if depth > 200:
        return
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _struct_elements(kid, depth + 1)


def _pdf_alt_text(root) -> Check:
    figures = [e for e in _struct_elements(root.StructTreeRoot) if e.get("/S") == "/Figure"]
    missing = [e for e in figures if not str(e.get("/Alt", "")).strip() and "/ActualText" not in e]
    if missing:
        return Check("alt-text", FAIL, f"{len(missing)} of {len(figures)} figures have no /Alt")
    return Check("alt-text", PASS, f"{len(figures)} figures, all with /Alt")


def _pdf_fonts(pdf) -> Check:
    import pikepdf

    problems, count = [], 0
    for obj in pdf.objects:
        if not (isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font") or obj.get("/Subtype") in (
                "/Type3", "/CIDFontType0", "/CIDFontType2"):
            continue
        count += 1
        name = str(obj.get("/BaseFont", "?"))
        descendant = obj.DescendantFonts[0] if "/DescendantFonts" in obj else obj
        descriptor = descendant.get("/FontDescriptor", {})
        if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            problems.append(f"{name} not embedded")
        if "/ToUnicode" not in obj:
            problems.append(f"{name} has no ToUnicode")
        elif EMPTY_CMAP_ENTRY.search(obj.ToUnicode.read_bytes()):
            problems.append(f"{name} has empty ToUnicode entries")
    if problems:
        return Check("fonts", FAIL, "; ".join(problems))
    return Check("fonts", PASS, f"{count} fonts, embedded, with ToUnicode")


# --- EPUB --------------------------------------------------------------------------------------

def check_epub(path: Path) -> list[Check]:
    try:
        with zipfile.ZipFile(path) as book:
            opf_path = _opf_path(book)
            opf = etree.fromstring(book.read(opf_path))
            documents = _content_documents(book, opf, opf_path)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as exc:
        return [Check("readable", FAIL, f"not a readable EPUB: {exc}")]
    return [_epub_metadata(opf), _epub_language(opf, documents), _epub_alt_text(documents),
            _epub_headings(opf, documents), _epub_page_list(opf, documents)]


def _opf_path(book: zipfile.ZipFile) -> str:
    container = etree.fromstring(book.read("META-INF/container.xml"))
    return container.find(".//{*}rootfile").get("full-path")


def _content_documents(book, opf, opf_path: str) -> dict[str, etree._Element]:
    base = PurePosixPath(opf_path).parent
    documents = {}
    for item in opf.iterfind(f".//{{{OPF_NS}}}manifest/{{{OPF_NS}}}item"):
        if item.get("media-type") == "application/xhtml+xml":
            name = str(base / item.get("href"))
            documents[name] = etree.fromstring(book.read(name))
    return documents


def _meta_values(opf, prop: str) -> list[str]:
    return [(m.text or "").strip() for m in opf.iterfind(f".//{{{OPF_NS}}}meta") if m.get("property") == prop]


def _epub_metadata(opf) -> Check:
    missing = [p for p in A11Y_PROPERTIES if not any(_meta_values(opf, p))]
    if missing:
        return Check("a11y-metadata", FAIL, "missing " + ", ".join(missing))
    return Check("a11y-metadata", PASS, "; ".join(_meta_values(opf, "dcterms:conformsTo")))


def _epub_language(opf, documents: dict) -> Check:
    declared = opf.findtext(f".//{{{DC_NS}}}language")
    unlabelled = [name for name, root in documents.items() if not (root.get(XML_LANG) or root.get("lang"))]
    if not declared:
        return Check("language", FAIL, "no dc:language")
    if unlabelled:
        return Check("language", FAIL, f"no lang on {', '.join(unlabelled)}")
    return Check("language", PASS, declared)


def _epub_alt_text(documents: dict) -> Check:
    images = [(name, img) for name, root in documents.items() for img in root.iter(f"{{{XHTML_NS}}}img")]
    missing = [name for name, img in images if img.get("alt") is None]
    if missing:
        return Check("alt-text", FAIL, f"{len(missing)} of {len(images)} images have no alt ({missing[0]})")
    return Check("alt-text", PASS, f"{len(images)} images, all with alt")


def _epub_headings(opf, documents: dict) -> Check:
    """Heading levels across the spine's documents, in reading order (the nav document excluded)."""
    ids = {item.get("id"): item.get("href") for item in opf.iterfind(f".//{{{OPF_NS}}}item")}
    spine = [ids.get(ref.get("idref")) for ref in opf.iterfind(f".//{{{OPF_NS}}}itemref")]
    levels = []
    for name, root in documents.items():
        is_nav = any(n.get(f"{{{EPUB_NS}}}type") == "toc" for n in root.iter(f"{{{XHTML_NS}}}nav"))
        if is_nav or not any(href and name.endswith(href) for href in spine):
            continue
        levels += [int(el.tag[-1]) for el in root.iter() if re.fullmatch(rf"{{{XHTML_NS}}}h[1-6]", str(el.tag))]
    return _headings(levels)


def _epub_page_list(opf, documents: dict) -> Check:
    """A page-list is required when the book claims print page numbers, and must resolve to markers."""
    navs = [n for root in documents.values() for n in root.iter(f"{{{XHTML_NS}}}nav")
            if n.get(f"{{{EPUB_NS}}}type") == "page-list"]
    claims = "printPageNumbers" in _meta_values(opf, "schema:accessibilityFeature")
    if not navs:
        return _check("page-list", False, "claims printPageNumbers but has no page-list" if claims else
                      "no page-list (no print page numbers)", warn_only=not claims)
    ids = {el.get("id") for root in documents.values() for el in root.iter() if el.get("id")}
    targets = [a.get("href", "") for a in navs[0].iter(f"{{{XHTML_NS}}}a")]
    broken = [t for t in targets if t.partition("#")[2] not in ids]
    if broken:
        return Check("page-list", FAIL, f"{len(broken)} of {len(targets)} page links lead nowhere ({broken[0]})")
    source = _meta_values(opf, "pageBreakSource") or _meta_values(opf, "a11y:pageBreakSource")
    return Check("page-list", PASS, f"{len(targets)} pages" + (f" from {source[0]}" if source else ""))


# --- Both --------------------------------------------------------------------------------------

def check_files(paths: list[Path], validators: list[str] | None = None, run_validators: bool = True
                ) -> list[FileReport]:
    """A report per file: built-in checks, then each installed (or each named) validator."""
    reports = []
    for path in paths:
        if not Path(path).is_file():
            reports.append(FileReport(Path(path), "?", [Check("readable", FAIL, "no such file")]))
            continue
        kind = kind_of(path)
        checks = check_pdf(path) if kind == "pdf" else check_epub(path) if kind == "epub" else [
            Check("readable", FAIL, "neither a PDF nor an EPUB")]
        reports.append(FileReport(Path(path), kind, checks))
    if run_validators:
        checkable = [r.path for r in reports if r.kind in ("pdf", "epub")]
        found = validate(checkable, validators) if checkable else {}
        for report in reports:
            report.validators = found.get(report.path, [])
    return reports
