"""Writers: one module per output format, each with `write(doc, settings, out, ...)`."""
