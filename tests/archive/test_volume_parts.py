"""A long volume is laid out and written in parts, then joined: it must read exactly like the volume
written in one pass (text, contents page numbers, bookmarks, links, EPUB page-list) and pass the same
validators, with one structure tree whose every entry points at the joined file's own pages.

The part size is lowered to one bulletin, so the five samples make six parts: a bulletin each, and the front."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from helpers import SAMPLES, SEED, pdftotext, require_validators

import toolkit.writers.draft as draft_module
from toolkit.errors import LayoutError
from toolkit.pipeline import collect
from toolkit.render.settings import BuildOptions

pytestmark = pytest.mark.xdist_group("volume-parts")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TITLE = "Bản tin quý II/2024"


@pytest.fixture(scope="module")
def volumes(tmp_path_factory) -> dict[str, Path]:
    sources = [SEED, *sorted((SAMPLES / "portal-text").glob("*.txt")), SAMPLES / "legacy" / "cp1258-windows.txt",
               EXAMPLES / "tiem-chung-mo-rong.html"]
    out = tmp_path_factory.mktemp("parts")
    files = {name: out / name for name in ("whole.pdf", "whole.epub", "parts.pdf", "parts.epub", "again.pdf")}
    assert collect(sources, BuildOptions(), TITLE, [files["whole.pdf"], files["whole.epub"]]).ok
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(draft_module, "PART_BULLETINS", 1)
        assert collect(sources, BuildOptions(), TITLE, [files["parts.pdf"], files["parts.epub"]]).ok
        assert collect(sources, BuildOptions(), TITLE, [files["again.pdf"]]).ok
    files["sources"] = sources
    return files


def test_parts_read_exactly_like_one_pass(volumes):
    """Every page's text, laid out, including each contents line's page number and each page's number."""
    whole, parts = pdftotext(volumes["whole.pdf"], layout=True), pdftotext(volumes["parts.pdf"], layout=True)
    assert parts == whole
    assert "Mục lục" in parts and "Trang 1" in parts


@pytest.mark.parametrize("profile", ["ua1", "3a"])
def test_joined_volume_passes_pdfua_and_pdfa(volumes, profile):
    require_validators("pdfua")
    import page

    from toolkit.qa.validators import REFERENCE_DEPTH

    report = str(page.validate_pdf(str(volumes["parts.pdf"]), profile=profile,
                                   limits=page.SafetyLimits(max_reference_depth=REFERENCE_DEPTH)))
    assert "no failures in implemented checks" in report, report


def test_bookmarks_links_and_destinations_are_those_of_one_pass(volumes):
    whole, parts = _navigation(volumes["whole.pdf"]), _navigation(volumes["parts.pdf"])
    assert parts == whole
    assert len(parts["links"]) >= len(volumes["sources"]), "each contents line links to its bulletin"


def test_one_structure_tree_over_the_joined_pages(volumes):
    with pikepdf.open(volumes["parts.pdf"]) as pdf:
        pages = {page.obj.objgen for page in pdf.pages}
        root = pdf.Root.StructTreeRoot
        assert len(root.K) == 1 and root.K[0].S == "/Document"
        elements = list(_elements(root.K[0]))
        assert {element.Pg.objgen for element in elements if "/Pg" in element} <= pages
        assert {element.P.objgen for element in elements if element.objgen != root.K[0].objgen} <= (
            {element.objgen for element in elements})
        assert _kinds(elements) == _kinds_of(volumes["whole.pdf"]), "the same elements as one pass"
        numbers = root.ParentTree.Nums
        tree = {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers), 2)}
        assert len(tree) == len(numbers) // 2, "each parent-tree key once"
        keys = [int(page.obj.StructParents) for page in pdf.pages]
        keys += [int(a.StructParent) for page in pdf.pages for a in page.obj.get("/Annots", ()) if "/StructParent" in a]
        assert sorted(keys) == sorted(tree), "every page and annotation has its own entry, and only they do"
        for page in pdf.pages:
            marked = [element for element in tree[int(page.obj.StructParents)] if element is not None]
            assert all(element.Pg.objgen == page.obj.objgen for element in marked if "/Pg" in element)


def test_epub_page_list_follows_the_parts(volumes):
    """The EPUB's page-list is built from the parts' page starts: the same bytes as from one pass."""
    assert volumes["parts.epub"].read_bytes() == volumes["whole.epub"].read_bytes()


def test_sources_attached_once_and_bytes_reproducible(volumes):
    with pikepdf.open(volumes["parts.pdf"]) as pdf:
        names = pdf.Root.Names.EmbeddedFiles.Names
        assert sorted(str(names[i]) for i in range(0, len(names), 2)) == sorted(p.name for p in volumes["sources"])
        assert len(pdf.Root.AF) == len(volumes["sources"])
    assert volumes["again.pdf"].read_bytes() == volumes["parts.pdf"].read_bytes()


def test_duplex_volume_is_laid_out_in_one_pass(monkeypatch):
    """A right-hand first page depends on every page before it: duplex volumes are not split."""
    from toolkit.model import Volume
    from toolkit.pipeline import resolve_volume
    from toolkit.readers import read_source
    from toolkit.writers.draft import VolumeDraft

    monkeypatch.setattr(draft_module, "PART_BULLETINS", 1)
    docs = tuple(read_source(path) for path in (SEED, SAMPLES / "legacy" / "cp1258-windows.txt"))
    volume = Volume(TITLE, docs)
    assert VolumeDraft.of(volume, resolve_volume(BuildOptions())).in_parts
    assert not VolumeDraft.of(volume, resolve_volume(BuildOptions(duplex=True))).in_parts


def _navigation(path: Path) -> dict:
    """Bookmarks (depth, title, page), links (page, target page or URI) and named destinations (name, page)."""
    with pikepdf.open(path) as pdf:
        number = {page.obj.objgen: n for n, page in enumerate(pdf.pages, start=1)}
        names = pdf.Root.Names.Dests.Names
        dests = {bytes(names[i]): number[names[i + 1][0].objgen] for i in range(0, len(names), 2)}
        with pdf.open_outline() as outline:
            marks = [(depth, item.title, number[item.destination[0].objgen]) for depth, item in _walk(outline.root)]
        links = [(n, dests[bytes(a.Dest)] if "/Dest" in a else str(a.A.URI))
                 for n, page in enumerate(pdf.pages, start=1) for a in page.obj.get("/Annots", ())
                 if a.get("/Subtype") == "/Link"]
    return {"bookmarks": marks, "links": links, "destinations": dests}


def _walk(items, depth: int = 0):
    for item in items:
        yield depth, item
        yield from _walk(item.children, depth + 1)


def _elements(element):
    yield element
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
            yield from _elements(kid)


def test_a_layout_that_draws_its_cover_in_every_part_is_refused(tmp_path, monkeypatch):
    """A volume template older than parts (no `part`) would repeat the cover and contents in every part:
    one line naming the layout, and no file."""
    import shutil

    from toolkit.pipeline import collect as bind

    layout = tmp_path / "old-volume"
    shutil.copytree(Path(__file__).resolve().parents[2] / "layouts" / "volume", layout)
    template = layout / "volume.html.j2"
    template.write_text(template.read_text(encoding="utf-8").replace('{%- if part != "body" %}', "{%- if true %}"),
                        encoding="utf-8")
    monkeypatch.setattr(draft_module, "PART_BULLETINS", 1)
    out = tmp_path / "v.pdf"
    with pytest.raises(LayoutError, match=r"old-volume.*part"):
        bind([SEED, SAMPLES / "legacy" / "cp1258-windows.txt"], BuildOptions(layout=str(layout)), TITLE, [out])
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".*")) == []


def _kinds(elements) -> dict[str, int]:
    from collections import Counter

    return dict(Counter(str(element.S) for element in elements))


def _kinds_of(path: Path) -> dict[str, int]:
    with pikepdf.open(path) as pdf:
        return _kinds(_elements(pdf.Root.StructTreeRoot.K[0]))
