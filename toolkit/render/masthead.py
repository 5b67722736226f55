"""The nameplate a district office puts on its bulletin: who issues it, the publication's name, the
issue number, "Lưu hành nội bộ", an emblem. Never required: without it the first page starts with the
date and title as before.

Set in `bantin.toml`:

    [publication]
    issuer = "Đảng bộ huyện Bạch Thông"
    name = "Bản tin"
    number = "Số 15"
    internal = true            # "Lưu hành nội bộ" (internal circulation)
    emblem = "emblem.png"      # PNG or JPEG, relative to bantin.toml

or with `bantin build --issuer … --name … --number … --internal --emblem FILE`.
"""

from __future__ import annotations

import base64
import hashlib
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from ..errors import ConfigError, ConfigProblem
from ..i18n import _

CONFIG_NAME = "bantin.toml"
EMBLEM_TYPES = ("image/png", "image/jpeg")
MAX_EMBLEM_BYTES = 2 * 1024 * 1024
_TYPES = {"issuer": str, "name": str, "number": str, "internal": bool, "emblem": str}


@dataclass(frozen=True)
class Masthead:
    issuer: str = ""
    name: str = ""
    number: str = ""
    internal: bool = False
    emblem: Path | None = None

    @property
    def shown(self) -> bool:
        return bool(self.issuer or self.name or self.emblem)

    def problems(self) -> list[str]:
        if self.emblem is None:
            return []
        try:
            data = Path(self.emblem).read_bytes()
        except OSError as exc:
            return [ConfigProblem("emblem", _("cannot read {path} ({reason})").format(path=self.emblem,
                                                                                     reason=exc.strerror or exc))]
        if len(data) > MAX_EMBLEM_BYTES:
            return [ConfigProblem("emblem", _("{path} is larger than 2 MB").format(path=self.emblem))]
        from ..images import media_type  # (the image checks and the document model: only with an emblem)

        if media_type(data, Path(self.emblem).suffix) not in EMBLEM_TYPES:
            return [ConfigProblem("emblem", _("{path} is not a PNG or JPEG image").format(path=self.emblem))]
        return []

    def emblem_uri(self) -> str:
        """The emblem inlined as a `data:` URI: rendering reads no file outside the source's folder."""
        if self.emblem is None:
            return ""
        from ..images import media_type

        data = Path(self.emblem).read_bytes()
        return f"data:{media_type(data, Path(self.emblem).suffix)};base64,{base64.b64encode(data).decode()}"


def load_masthead(path: Path, **overrides) -> Masthead:
    """`[publication]` of the TOML file at `path`, then the `overrides` that are given (not None)."""
    if not Path(path).is_file():
        raise ConfigError([f"{path}: no such settings file"])
    try:
        table = tomllib.loads(Path(path).read_text(encoding="utf-8")).get("publication", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError([f"{path}: {exc}"]) from exc
    return masthead_of(checked_table(table, path), **overrides)


def checked_table(table: object, path: Path) -> dict:
    """The `[publication]` table with its types checked and the emblem's path made relative to `path`."""
    if not isinstance(table, dict):
        raise ConfigError([f"{path}: [publication] must be a table"])
    problems = [f"{path}: [publication] '{k}': unknown key (known: {', '.join(_TYPES)})" for k in table
                if k not in _TYPES]
    problems += [f"{path}: [publication] '{k}': expected {_TYPES[k].__name__}" for k, v in table.items()
                 if k in _TYPES and not isinstance(v, _TYPES[k])]
    if problems:
        raise ConfigError(problems)
    return {**table, **({"emblem": Path(path).parent / table["emblem"]} if "emblem" in table else {})}


def fingerprint(masthead: Masthead | None) -> str:
    """What an archive's cache keys on: the words and the emblem's bytes (a new emblem rebuilds)."""
    if masthead is None:
        return ""
    emblem = hashlib.sha256(Path(masthead.emblem).read_bytes()).hexdigest() if masthead.emblem else ""
    return f"{masthead.issuer}|{masthead.name}|{masthead.number}|{masthead.internal}|{emblem}"


def masthead_of(base: dict | None = None, **overrides) -> Masthead:
    known = {f.name for f in fields(Masthead)}
    merged = {**(base or {}), **{k: v for k, v in overrides.items() if v not in (None, False, "")}}
    if merged.get("emblem") is not None:
        merged["emblem"] = Path(merged["emblem"])
    return Masthead(**{k: v for k, v in merged.items() if k in known})
