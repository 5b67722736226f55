"""The built-in EPUB checks of `bantin check`: package, accessibility metadata, language, alt text,
headings, page-list.

The archive is opened with ceilings (`bounds`): a zip bomb or an archive of 60,000 entries is refused
from its directory before anything is unpacked, and each document is read with a size cap and parsed
without entity expansion. A package with missing pieces (no `full-path`, an item without `href`, an
href out of the archive) is reported by the `package` check while the other checks look at what is
there.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import UncheckableFile
from .bounds import CheckLimits, package_path, parse_xml, read_entry, refuse_costly_zip
from .findings import FAIL, PASS, WARN, Check, guarded, headings_check

OPF_NS = "http://www.idpf.org/2007/opf"
DC_NS = "http://purl.org/dc/elements/1.1/"
XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
A11Y_PROPERTIES = ("dcterms:conformsTo", "schema:accessMode", "schema:accessModeSufficient",
                   "schema:accessibilityFeature", "schema:accessibilityHazard", "schema:accessibilitySummary")
HEADING_TAG = re.compile(rf"{{{XHTML_NS}}}h([1-6])")


@dataclass
class Package:
    """The package document and the XHTML documents of its manifest, by archive name."""

    opf: etree._Element
    documents: dict[str, etree._Element] = field(default_factory=dict)
    spine: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def check_epub(path: Path, limits: CheckLimits) -> list[Check]:
    try:
        with zipfile.ZipFile(path) as book:
            refuse_costly_zip(book, limits)
            package = read_package(book, limits)
    except RuntimeError:  # what zipfile raises for an entry it cannot decrypt
        raise UncheckableFile("not a readable EPUB (its entries are locked with a zip password)") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError) as exc:
        raise UncheckableFile(f"not a readable EPUB ({exc})") from None
    return [_package_check(package), guarded("a11y-metadata", _metadata, package.opf),
            guarded("language", _language, package), guarded("alt-text", _alt_text, package),
            guarded("headings", _headings, package), guarded("page-list", _page_list, package)]


def _opf_name(book: zipfile.ZipFile, limits: CheckLimits) -> str:
    container = parse_xml(read_entry(book, "META-INF/container.xml", limits), "META-INF/container.xml")
    rootfile = container.find(".//{*}rootfile")
    if rootfile is None or not rootfile.get("full-path"):
        raise ValueError("META-INF/container.xml names no package document (rootfile full-path)")
    name = package_path("", rootfile.get("full-path"))
    if name is None:
        raise ValueError("META-INF/container.xml points outside the archive")
    return name


def read_package(book: zipfile.ZipFile, limits: CheckLimits) -> Package:
    try:
        opf_name = _opf_name(book, limits)
        package = Package(parse_xml(read_entry(book, opf_name, limits), opf_name))
    except KeyError as exc:
        raise ValueError(exc.args[0]) from None
    base = posixpath.dirname(opf_name)
    hrefs = {}
    for item in package.opf.iterfind(f".//{{{OPF_NS}}}manifest/{{{OPF_NS}}}item"):
        href, ident = item.get("href"), item.get("id", "?")
        name = package_path(base, href) if href else None
        if not href:
            package.problems.append(f"manifest item {ident!r} has no href")
        elif name is None:
            package.problems.append(f"manifest item {ident!r} points outside the archive ({href})")
        else:
            hrefs[ident] = name
            if item.get("media-type") == "application/xhtml+xml":
                _add_document(book, package, name, limits)
    package.spine = [hrefs[ref.get("idref")] for ref in package.opf.iterfind(f".//{{{OPF_NS}}}itemref")
                     if ref.get("idref") in hrefs]
    return package


def _add_document(book: zipfile.ZipFile, package: Package, name: str, limits: CheckLimits) -> None:
    try:
        package.documents[name] = parse_xml(read_entry(book, name, limits), name)
    except (KeyError, ValueError) as exc:
        package.problems.append(str(exc.args[0]))


def _package_check(package: Package) -> Check:
    if package.problems:
        more = f" (and {len(package.problems) - 3} more)" if len(package.problems) > 3 else ""
        return Check("package", FAIL, "; ".join(package.problems[:3]) + more)
    return Check("package", PASS, f"{len(package.documents)} content documents, all present and well-formed")


def _meta_values(opf, prop: str) -> list[str]:
    return [(m.text or "").strip() for m in opf.iterfind(f".//{{{OPF_NS}}}meta") if m.get("property") == prop]


def _metadata(opf) -> Check:
    missing = [p for p in A11Y_PROPERTIES if not any(_meta_values(opf, p))]
    if missing:
        return Check("a11y-metadata", FAIL, "missing " + ", ".join(missing))
    return Check("a11y-metadata", PASS, "; ".join(_meta_values(opf, "dcterms:conformsTo")))


def _language(package: Package) -> Check:
    declared = package.opf.findtext(f".//{{{DC_NS}}}language")
    unlabelled = [name for name, root in package.documents.items() if not (root.get(XML_LANG) or root.get("lang"))]
    if not declared:
        return Check("language", FAIL, "no dc:language")
    if unlabelled:
        return Check("language", FAIL, f"no lang on {', '.join(unlabelled[:5])}")
    return Check("language", PASS, declared)


def _alt_text(package: Package) -> Check:
    images = [(name, img) for name, root in package.documents.items() for img in root.iter(f"{{{XHTML_NS}}}img")]
    missing = [name for name, img in images if img.get("alt") is None]
    if missing:
        return Check("alt-text", FAIL, f"{len(missing)} of {len(images)} images have no alt ({missing[0]})")
    return Check("alt-text", PASS, f"{len(images)} images, all with alt")


def _is_nav(root) -> bool:
    return any(n.get(f"{{{EPUB_NS}}}type") == "toc" for n in root.iter(f"{{{XHTML_NS}}}nav"))


def _headings(package: Package) -> Check:
    """Heading levels across the spine's documents, in reading order (the nav document excluded)."""
    levels = []
    for name in package.spine:
        root = package.documents.get(name)
        if root is None or _is_nav(root):
            continue
        found = (HEADING_TAG.fullmatch(str(el.tag)) for el in root.iter())
        levels += [int(m.group(1)) for m in found if m]
    return headings_check(levels)


def _page_list(package: Package) -> Check:
    """A page-list is required when the book claims print page numbers, and must resolve to markers."""
    navs = [n for root in package.documents.values() for n in root.iter(f"{{{XHTML_NS}}}nav")
            if n.get(f"{{{EPUB_NS}}}type") == "page-list"]
    claims = "printPageNumbers" in _meta_values(package.opf, "schema:accessibilityFeature")
    if not navs:
        detail = "claims printPageNumbers but has no page-list" if claims else "no page-list (no print page numbers)"
        return Check("page-list", FAIL if claims else WARN, detail)
    ids = {el.get("id") for root in package.documents.values() for el in root.iter() if el.get("id")}
    targets = [a.get("href", "") for a in navs[0].iter(f"{{{XHTML_NS}}}a")]
    broken = [t for t in targets if t.partition("#")[2] not in ids]
    if broken:
        return Check("page-list", FAIL, f"{len(broken)} of {len(targets)} page links lead nowhere ({broken[0]})")
    source = _meta_values(package.opf, "pageBreakSource") or _meta_values(package.opf, "a11y:pageBreakSource")
    return Check("page-list", PASS, f"{len(targets)} pages" + (f" from {source[0]}" if source else ""))
