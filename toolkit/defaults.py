"""Defaults a user can change with an option, each defined once (the CLI's help shows these values)."""

#: Seconds one source may take to read, and again to render (`--timeout`).
DEFAULT_TIMEOUT_S = 120.0
#: Largest source accepted (`--max-size`).
DEFAULT_MAX_SOURCE_BYTES = 20 * 1024 * 1024
#: Tagged PDF/UA-1, for screen readers (`--pdf-variant`); other variants come from the engine's own list.
DEFAULT_PDF_VARIANT = "pdf/ua-1"
#: The `--pdf-variant` that asks for no variant: a plain tagged PDF.
NO_PDF_VARIANT = "none"
#: Paper when neither the options nor the profile name one (`--page-size`).
DEFAULT_PAGE_SIZE = "A4"
