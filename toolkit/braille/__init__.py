"""Braille editions: the bulletin in Vietnamese braille (liblouis), laid out in cells and lines as a
transcriber would, for embossers (BRF) and braille software (PEF).

- `tables`: translation and back-translation with liblouis's Vietnamese tables, grade 1 or 2;
- `pages`: the text on braille pages (title page, headings, paragraphs, print page indicators);
- `encodings`: North American braille ASCII (BRF) and PEF 1.0.
"""
