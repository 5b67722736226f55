"""Problems in the characters of a source, found once when it is read, with their line: a tone mark
NFC could not attach to a letter (printed as a stray dot or accent, as in "trị ̣huyên"), and Icelandic
`Ð` typed for Vietnamese `Đ` (they look alike; spell-checkers, search and screen readers treat them
as other letters). Every command that reads the source reports them: inspect, lint, build, archive."""

from __future__ import annotations

import re
import unicodedata

from ..i18n import _
from ..model import SourceWarning

#: Findings of one kind kept per source: a file typed wrongly throughout needs one fix, not a page of lines.
MAX_PER_KIND = 10
_ETH = re.compile(r"[\u00d0\u00f0]")


def character_warnings(text: str) -> tuple[SourceWarning, ...]:
    stray: list[SourceWarning] = []
    eth: list[SourceWarning] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stray += _stray_marks(line, number)
        if match := _ETH.search(line):
            eth.append(SourceWarning(
                "eth-for-d", _("'{char}' (U+{code}, Icelandic eth) typed for 'Đ/đ' in “{text}”").format(
                char=match.group(), code=f"{ord(match.group()):04X}", text=around(line, match.start())), number))
    return (*stray[:MAX_PER_KIND], *eth[:MAX_PER_KIND])


def _stray_marks(line: str, number: int) -> list[SourceWarning]:
    """Combining marks that NFC could not attach to a letter: a tone mark typed after a space or twice."""
    findings = []
    for index, char in enumerate(line):
        if unicodedata.combining(char) and (index == 0 or not line[index - 1].isalpha()
                                           or unicodedata.combining(line[index - 1])):
            name = unicodedata.name(char, f"U+{ord(char):04X}").lower()
            findings.append(SourceWarning(
                "stray-mark", _("stray combining mark ({name}) in “{text}”: it prints as a loose accent; delete it or "
                   "retype the word").format(name=name, text=around(line, index)), number))
    return findings


def around(line: str, index: int, width: int = 12) -> str:
    return line[max(0, index - width): index + width].strip()
