"""Layouts: folders of Jinja2 templates and CSS that users copy and change (like MkDocs themes).

A layout folder holds `layout.toml`; `extends = "NAME"` names a parent whose files are used for
anything the folder does not have. Templates only ever receive bulletin text as data, autoescaped:
source text is never compiled as a template.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import LayoutError
from ..paths import LAYOUTS_DIR, PROFILES_FILE

if TYPE_CHECKING:
    import jinja2

MAX_EXTENDS = 8


@dataclass(frozen=True)
class Layout:
    name: str
    folders: tuple[Path, ...]
    templates: dict[str, str]
    stylesheets: dict[str, tuple[str, ...]]
    labels: dict[str, dict[str, str]]
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return self.folders[0]

    @property
    def profile_files(self) -> list[Path]:
        """Built-in profiles first, then any `profiles.toml` of the parents and of the layout itself."""
        extra = [folder / "profiles.toml" for folder in reversed(self.folders)]
        return [PROFILES_FILE, *[p for p in extra if p.is_file()]]

    @property
    def environment(self) -> jinja2.Environment:
        return _environment(self.folders)

    def label(self, language: str) -> dict[str, str]:
        return {**self.labels.get("vi", {}), **self.labels.get(language, {})}

    def render(self, template: str, context: dict[str, Any]) -> str:
        import jinja2  # when a template is first rendered: resolving settings (an archive rerun) needs none

        try:
            return self.environment.get_template(template).render(context)
        except jinja2.TemplateError as exc:
            where = f"{getattr(exc, 'filename', None) or template}"
            line = getattr(exc, "lineno", None)
            raise LayoutError(f"layout '{self.name}': {where}{f':{line}' if line else ''}: {exc}") from exc

    def find(self, name: str) -> Path:
        """A static file of the layout (e.g. `assets/reading.css`): the user's copy first, then the parents'."""
        for folder in self.folders:
            if (folder / name).is_file():
                return folder / name
        raise LayoutError(f"layout '{self.name}' has no file {name}")

    def template_for(self, output: str) -> str:
        try:
            return self.templates[output]
        except KeyError as exc:
            raise LayoutError(f"layout '{self.name}' has no template for {output}") from exc


@functools.cache
def _environment(folders: tuple[Path, ...]) -> jinja2.Environment:
    """One environment per layout folder chain, so every `Layout` loaded for it (a worker resolves
    one per profile) shares compiled templates; the bytecode cache spares the next process the
    compiling (~20 ms). Jinja keys it by template source, so an edited template is compiled anew."""
    import jinja2

    from . import typography

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in folders]),
        autoescape=jinja2.select_autoescape(["html", "xhtml", "html.j2", "xhtml.j2"]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )
    environment.filters["typeset"] = typography.markup  # Vietnamese clean-up, see typography.py
    return environment


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    import jinja2

    try:  # Jinja's private per-user folder in the temp directory (mode 0700, refused if unsafe)
        return jinja2.FileSystemBytecodeCache(pattern="__bantin_%s.cache")
    except (OSError, RuntimeError):
        return None


def available_layouts() -> list[str]:
    return sorted(p.parent.name for p in LAYOUTS_DIR.glob("*/layout.toml"))


def _resolve(name_or_path: str | Path) -> Path:
    candidate = Path(name_or_path)
    if (candidate / "layout.toml").is_file():
        return candidate.resolve()
    builtin = LAYOUTS_DIR / str(name_or_path)
    if (builtin / "layout.toml").is_file():
        return builtin
    raise LayoutError(
        f"no layout '{name_or_path}': not a folder with layout.toml, nor a built-in layout "
        f"(installed: {', '.join(available_layouts())})"
    )


def _read_toml(folder: Path) -> dict[str, Any]:
    try:
        return tomllib.loads((folder / "layout.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LayoutError(f"{folder / 'layout.toml'}: {exc}") from exc


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(parent.get(key), dict):
            merged[key] = _merge(parent[key], value)
        else:
            merged[key] = value
    return merged


def load_layout(name_or_path: str | Path = "bulletin") -> Layout:
    """The layout named (built-in) or found at a path, with its parents' files behind it."""
    folders: list[Path] = []
    chain: list[dict[str, Any]] = []
    current: str | Path | None = name_or_path
    while current:
        folder = _resolve(current)
        if folder in folders or len(folders) > MAX_EXTENDS:
            raise LayoutError(f"layout '{name_or_path}': 'extends' goes round in a circle")
        data = _read_toml(folder)
        folders.append(folder)
        chain.append(data)
        current = data.get("extends")
    config: dict[str, Any] = {}
    for data in reversed(chain):
        config = _merge(config, data)
    return Layout(
        name=str(config.get("name", folders[0].name)),
        folders=tuple(folders),
        templates=dict(config.get("templates", {})),
        stylesheets={k: tuple(v) for k, v in config.get("stylesheets", {}).items()},
        labels=config.get("labels", {}),
        settings=config,
    )
