"""Line-level evidence that a line of copied page text is the site's chrome, not the article's.

Each rule is small and named, and looks at the form of a line (bullets, separators, shortness, a
run of link-like lines) or at words every Vietnamese site uses for the same furniture (hotline,
licence, share and print buttons, "related news" headings): never at one site's exact lines.
`classify` gives each line its kind of chrome, or None for text that may be the article's.
"""

from __future__ import annotations

import re

from . import heuristics as h

MENU, BREADCRUMB, CONTACT, BUTTONS, RELATED, COUNTER, BANNER = (
    "menu", "breadcrumb", "contact", "buttons", "related", "counter", "banner")
#: Chrome that, once the article's running text has begun, means the article is over.
ENDS_ARTICLE = frozenset({BUTTONS, RELATED, CONTACT})
#: Shortest run of short link-like lines that is a menu rather than a caption or a byline.
MENU_RUN = 3
MENU_WORDS = 4

_BULLET = re.compile(r"^\s*[•·▪►▸◦○●■□◆◇*+–-]\s+\S")
_CRUMB_SEPARATOR = re.compile(r"\s[›»>/|]\s|\s?[›»]\s?")
_CONTACT = re.compile(
    r"đường dây nóng|hotline|điện thoại\s*:|\bđt\s*:|\bfax\b|e-?mail\s*:|địa chỉ\s*:|giấy phép|©|copyright|"
    r"bản quyền|ghi rõ nguồn|chịu trách nhiệm|tổng biên tập|cơ quan chủ quản|thiết kế bởi|phát triển bởi|"
    r"liên hệ quảng cáo|all rights reserved", re.IGNORECASE)
_BUTTON_WORDS = sorted((
    "chia sẻ", "share", "facebook", "zalo", "twitter", "tweet", "linkedin", "gửi email", "email", "e-mail",
    "in bài viết", "in bài", "in trang", "bản in", "in", "print", "đóng", "close", "quay lại", "trở lại", "back",
    "lên đầu trang", "về đầu trang", "bình luận", "tăng cỡ chữ", "giảm cỡ chữ", "cỡ chữ", "a-", "a+", "aa",
    "lưu bài", "lưu", "tải về", "xem bản đầy đủ", "bản đầy đủ", "phiên bản máy tính", "bản mobile", "thích",
    "like", "sao chép liên kết", "copy link", "nghe bài", "nghe", "đọc bài", "phóng to", "thu nhỏ",
    "đăng nhập", "đăng ký", "tìm kiếm", "english", "tiếng việt", "rss", "báo in", "sơ đồ trang", "sitemap",
    "trang chủ", "liên hệ", "góp ý", "hỏi đáp", "nghe bài viết", "nghe đọc bài", "chia sẻ bài viết", "bài viết",
    "đóng cửa sổ", "cửa sổ", "gửi bạn bè", "bạn bè", "|", "/", "-",
), key=len, reverse=True)
_BUTTONS = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in _BUTTON_WORDS) + r")(?!\w)", re.IGNORECASE)
_RELATED = re.compile(
    r"^(các\s+)?(tin|bài|bài viết)\s+(liên quan|cùng chuyên mục|cùng chủ đề|khác|đã đưa|mới|mới nhất|"
    r"mới cập nhật|nổi bật|tiêu điểm|xem nhiều|đọc nhiều|bài khác|đã đăng)|^(đọc|xem) (nhiều|thêm)(?!\s*:)|"
    r"^có thể bạn quan tâm|^ý kiến bạn đọc|^gửi (ý kiến|bình luận)|^chuyên mục khác",
    re.IGNORECASE)
#: A keyword line ends an article whatever its length.
_TAGS = re.compile(r"^(tags?|từ khóa|từ khoá|keywords?)\s*:", re.IGNORECASE)
#: A link to another article inside this one ("Xem thêm: …"): chrome, but the article goes on.
_INLINE_LINK = re.compile(r"^(xem thêm|đọc thêm|mời (bạn )?(xem|đọc)|tin liên quan|bài liên quan)\s*:",
                          re.IGNORECASE)
_PLAYER = re.compile(r"^\d{1,2}:\d{2}\s*/\s*\d{1,2}:\d{2}$")
_ADDRESS = re.compile(r"^(địa chỉ bài viết|đường dẫn|link bài viết|nguồn bài viết)?\s*:?\s*https?://\S+$",
                      re.IGNORECASE)


def classify(lines: list[str], raw: list[str]) -> list[str | None]:
    """The kind of chrome of each (cleaned) line, None where it may be the article's; `raw` keeps bullets."""
    kinds = [_kind(text, original) for text, original in zip(lines, raw, strict=True)]
    return _mark_menu_runs(lines, kinds)


def _kind(text: str, raw: str) -> str | None:
    if not text:
        return None
    for kind, rule in ((RELATED, is_related_heading), (COUNTER, h.is_view_counter), (CONTACT, _is_contact),
                       (BUTTONS, _is_buttons), (BREADCRUMB, _is_breadcrumb), (BANNER, is_uppercase_banner),
                       (MENU, _is_inline_link)):
        if rule(text):
            return kind
    if _BULLET.match(raw) and _short_label(text.lstrip("•·▪►▸◦○●■□◆◇*+–- ")):
        return MENU
    return None


def _short_label(text: str, words: int = 8) -> bool:
    """A link's text: a few words, no sentence punctuation at the end."""
    return 0 < _words(text) <= words and not text.rstrip().endswith(h.FINAL_PUNCTUATION)


def _words(text: str) -> int:
    """Words, not counting lone dashes and slashes ("Tin tức - Sự kiện" has four)."""
    return sum(1 for token in text.split() if any(c.isalnum() for c in token))


def is_related_heading(text: str) -> bool:
    """"Tin liên quan", "Tin cùng chuyên mục", "Đọc nhiều nhất", "Tags: …": what follows is not the article."""
    return (h.words(text) <= 8 and bool(_RELATED.match(text))) or bool(_TAGS.match(text))


def _is_inline_link(text: str) -> bool:
    return bool(_INLINE_LINK.match(text)) and h.words(text) <= 30


def _is_contact(text: str) -> bool:
    signals = {m.group(0).lower() for m in _CONTACT.finditer(text)}
    return (len(signals) >= 2 or (len(signals) == 1 and h.words(text) <= 14)
            or text.lower().startswith(("©", "copyright", "bản quyền")) or bool(_ADDRESS.match(text)))


def _is_buttons(text: str) -> bool:
    """A line made of button words only ("Chia sẻ  Facebook  Zalo  In bài", "In trang  Đóng", "Bình luận (0)"),
    or an audio player's clock ("0:00 / 3:25")."""
    rest = re.sub(r"\(\s*\d*\s*\)", " ", _BUTTONS.sub(" ", text))
    return (not rest.strip(" :.·•|/-–") and h.words(text) <= 12) or bool(_PLAYER.match(text))


def _is_breadcrumb(text: str) -> bool:
    parts = [p for p in _CRUMB_SEPARATOR.split(text) if p.strip()]
    return len(parts) >= 2 and all(_short_label(p, 5) for p in parts) and len(_CRUMB_SEPARATOR.findall(text)) >= 1


def is_uppercase_banner(text: str) -> bool:
    """The site's name in capitals ("BÁO ĐIỆN TỬ TỈNH", "UBND HUYỆN CHỢ MỚI")."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and h.words(text) <= 10


def _mark_menu_runs(lines: list[str], kinds: list[str | None]) -> list[str | None]:
    """Runs of at least `MENU_RUN` short link-like lines (a menu without bullets) are chrome too; chrome
    and blank lines inside a run neither break nor lengthen it, but a "related news" heading starts anew."""
    marked = list(kinds)
    run: list[int] = []
    for index, (text, kind) in enumerate([*zip(lines, kinds, strict=True), ("end", None)]):
        if (kind is not None and kind != RELATED) or not text:
            continue
        if kind is None and _short_label(text, MENU_WORDS) and index < len(lines):
            run.append(index)
            continue
        if len(run) >= MENU_RUN:
            for member in run:
                marked[member] = MENU
        run = []
    return marked


def is_furniture(text: str) -> bool:
    """A line that is the page's furniture wherever it stands: buttons, contact or licence lines, counters."""
    return bool(text) and (_is_buttons(text) or _is_contact(text) or h.is_view_counter(text))


def without_buttons(text: str) -> str:
    """`text` without button words, view counters and bare counts: what is left of a toolbar line once its
    furniture is gone ("06:30 - 16/09/2024 Lượt xem: 1.102 A+ A-" -> "06:30 - 16/09/2024")."""
    text = re.sub(r"(số\s+)?lượt\s+(xem|đọc)\s*:?\s*[\d.,]+", " ", text, flags=re.IGNORECASE)
    text = _BUTTONS.sub(" ", text)
    return " ".join(token for token in text.split() if not re.fullmatch(r"[\d.,]+", token))
