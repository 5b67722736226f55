"""The interface language: every message bantin shows, in Vietnamese or English, through gettext.

Source strings are English (the msgids); `toolkit/locale/vi/LC_MESSAGES/bantin.po` holds the Vietnamese,
compiled to the `bantin.mo` beside it (`make locale`; a test checks the two agree). Translation happens
when a message is made, not at import: the language is chosen after the modules are loaded.

The language: `--ui-lang` (the CLI sets it with `use`), else `BANTIN_UI_LANG`, else the locale (LC_ALL,
LC_MESSAGES, LANG, the first one set), else Vietnamese. Vietnamese is the default because bantin's users
are Vietnamese office staff whose computers often run a C, POSIX or en_US locale they never chose.

Imports only the standard library, so `bantin --help` stays fast.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

DOMAIN = "bantin"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
UI_LANGUAGES = ("vi", "en")
DEFAULT_UI_LANGUAGE = "vi"
ENV_VAR = "BANTIN_UI_LANG"
_LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")

#: The language chosen for the running command (`use`); None: from the environment.
_chosen: ContextVar[str | None] = ContextVar("bantin_ui_language", default=None)


def language_from(flag: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The interface language: the flag, then BANTIN_UI_LANG, then the locale, then Vietnamese."""
    environ = os.environ if environ is None else environ
    for value in (flag, environ.get(ENV_VAR)):
        if value and value.strip().lower()[:2] in UI_LANGUAGES:
            return value.strip().lower()[:2]
    for name in _LOCALE_VARS:
        value = environ.get(name, "")
        if value:  # POSIX: the first one set wins, even C or POSIX
            return value[:2].lower() if value[:2].lower() in UI_LANGUAGES else DEFAULT_UI_LANGUAGE
    return DEFAULT_UI_LANGUAGE


def current() -> str:
    return _chosen.get() or language_from()


@contextmanager
def use(language: str) -> Iterator[None]:
    """Messages in `language` (vi or en) inside the block."""
    token = _chosen.set(language)
    try:
        yield
    finally:
        _chosen.reset(token)


@cache
def _catalog(language: str) -> _gettext.NullTranslations:
    if language == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def _(message: str) -> str:
    """`message` (English) in the interface language."""
    return _catalog(current()).gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog(current()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for the catalog where it is defined; `_()` translates it where it is shown."""
    return message
