"""Quality checks: `lint` (source problems, with their lines), `check` (accessibility of any PDF or
EPUB) and `validators` (EPUBCheck, DAISY Ace, PDF/UA rules, veraPDF, run in batches)."""
