"""Where bantin's own data lives: the built-in layouts and the bundled fonts."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYOUTS_DIR = ROOT / "layouts"
FONTS_DIR = ROOT / "fonts"
PROFILES_FILE = LAYOUTS_DIR / "profiles.toml"
