"""The floor of a cold single bulletin: WeasyPrint alone, used well, on bantin's own HTML.

    python bench/engine_floor.py HTML PDF

What no tool built on the engine can beat in a fresh process: WeasyPrint imported with bantin's library
lookup (one `ldconfig -p` instead of `gcc` and `ld` runs for each library name) and its array-type cache,
then one `write_pdf` with the variant bantin uses (PDF/UA-1). No EPUB, no reading, no finishing pass.
"""

from __future__ import annotations

import sys


def main(html: str, pdf: str) -> None:
    from toolkit.render.engine import import_weasyprint, share_array_types

    import_weasyprint()
    share_array_types()
    import weasyprint

    weasyprint.HTML(filename=html).write_pdf(pdf, pdf_variant="pdf/ua-1")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
