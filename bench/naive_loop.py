"""The baseline bantin must beat: one process, `weasyprint.HTML(...).write_pdf()` per bulletin.

    python bench/naive_loop.py HTML_DIR OUT_DIR

Renders every `*.html` that `bantin build -f html` wrote, with the same PDF variant bantin uses
(PDF/UA-1, tagged), and nothing shared between documents: what a first script would do.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(html_dir: Path, out_dir: Path) -> None:
    import weasyprint

    out_dir.mkdir(parents=True, exist_ok=True)
    for html in sorted(html_dir.glob("*.html")):
        weasyprint.HTML(filename=str(html)).write_pdf(out_dir / f"{html.stem}.pdf", pdf_variant="pdf/ua-1")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
