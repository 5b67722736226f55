"""A bulletin in bantin's own JSON (what `bantin inspect --json` prints), so other tools can feed bantin.

The contract is documented in `toolkit.serialize`; image paths are relative to the JSON file.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from ..errors import SourceError
from ..i18n import _
from ..images import address_warnings
from ..model import Bulletin, Figure, SourceWarning
from ..serialize import SchemaError, from_dict
from .source import head_text, read_text

FORMAT = "json"


def sniff(head: bytes, suffix: str) -> bool:
    text = head_text(head).lstrip()
    return (text.startswith("{") and ('"title"' in text or '"blocks"' in text)) or (
        suffix == ".json" and text.startswith(("{", "["))
    )


def read(path: Path) -> Bulletin:
    decoded = read_text(path)
    try:
        duplicates: list[str] = []
        data = json.loads(decoded.text, object_pairs_hook=lambda pairs: _last_wins(pairs, duplicates))
    except json.JSONDecodeError as exc:
        reason = _("not valid JSON: {problem} (column {column})").format(problem=exc.msg, column=exc.colno)
        raise SourceError(path, reason, exc.lineno) from exc
    except RecursionError as exc:
        raise SourceError(path, _("JSON nested too deeply")) from exc
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise SourceError(path, _("not valid JSON: {problem}").format(problem=str(exc).split(';')[0])) from exc
    try:
        doc = from_dict(data, path)
    except SchemaError as exc:
        raise SourceError(path, _("not a bantin bulletin: {problem}").format(problem=exc)) from exc
    notes = [*decoded.warnings, *doc.warnings]
    notes += [SourceWarning(
        "duplicate-key", _("key “{key}” is given more than once; the last value is used").format(key=key))
              for key in dict.fromkeys(duplicates)]
    notes += address_warnings([b for b in doc.blocks if isinstance(b, Figure)], path.parent, decoded.text)
    return replace(doc, warnings=tuple(notes))


def _last_wins(pairs: list[tuple[str, object]], duplicates: list[str]) -> dict:
    """A JSON object as `json` builds it (the last of repeated keys wins), noting the repeated keys."""
    seen: set[str] = set()
    for key, _value in pairs:
        if key in seen:
            duplicates.append(key)
        seen.add(key)
    return dict(pairs)
