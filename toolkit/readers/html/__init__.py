"""HTML to blocks, shared by the portal, news-page and Markdown readers, one module per job.

Untrusted markup goes through these steps: `page` parses the raw page (lxml) to find the article and
its metadata, undo lazy loading and drop the page's furniture; `clean` keeps the allow-listed part
with `nh3` (no scripts, no styles but alignment and weight, no URL schemes but http/https and relative
paths); `walk` turns the clean fragment into intermediate paragraphs and blocks; `rules` applies the
editorial conventions last (a caption under a photo, a bold-only subheading, a right-aligned byline).
`article` reads a whole news page with them.
"""
