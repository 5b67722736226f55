"""The allow-listed part of untrusted HTML (nh3): structure, emphasis, alignment and image paths only.

Heavy libraries (nh3) are imported inside the functions that use them, so `bantin --help` and a
no-op archive rerun never load them.
"""

from __future__ import annotations

ALLOWED_TAGS = {
    "p", "div", "section", "article", "main", "center", "span", "font", "br", "hr", "a", "strong", "b", "em",
    "i", "u", "sup", "sub", "small", "big", "mark", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
    "dl", "dt", "dd", "blockquote", "q", "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
    "caption", "img", "figure", "figcaption", "picture",
}
_ATTRIBUTES = {"*": {"class", "align", "style"}, "img": {"src", "alt"}, "ol": {"start"}, "td": {"colspan"}}
_DROPPED_WITH_CONTENT = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
                         "form", "button", "select", "textarea", "video", "audio", "canvas"}


def sanitize(html: str) -> str:
    """The allow-listed part of untrusted HTML: structure, emphasis, alignment and image paths only."""
    import nh3

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=_DROPPED_WITH_CONTENT,
        attributes=_ATTRIBUTES,
        filter_style_properties={"text-align", "font-weight", "font-style"},
        url_schemes={"http", "https"},
        link_rel=None,
    )
