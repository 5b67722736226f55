"""`bantin fetch`: articles from a portal's feed, sitemap or listing pages into a source folder.

`policy` decides which addresses may be requested, `client` requests them politely, `lists` reads
feeds, sitemaps and listing pages, `page` hardens an article page and checks it reads, `store` names
the files and keeps the record of where each came from, `run` puts them together.
"""

from __future__ import annotations

from .client import ClientSettings, Logged
from .policy import UrlPolicy
from .run import FetchOptions, FetchReport, fetch
from .store import INDEX_NAME

__all__ = ["INDEX_NAME", "ClientSettings", "FetchOptions", "FetchReport", "Logged", "UrlPolicy", "fetch"]
