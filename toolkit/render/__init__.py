"""What rendering needs besides the bulletin: the validated options (`settings`), size profiles,
layout folders, template contexts, stylesheets, glyph coverage, the resource fetcher and the engine.

`typeset` is the one place WeasyPrint lays out pages; everything else here is data and templates.
"""
