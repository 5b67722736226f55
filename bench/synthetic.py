"""Realistic synthetic Vietnamese bulletins, as PublishingPortal text dumps, generated deterministically.

    python bench/synthetic.py 200 /tmp/corpus --seed 8

Each bulletin looks like the samples in tests/samples/portal-text: toolbar and dateline, title, lead,
a photo caption, body paragraphs with subheadings, numbered items, sometimes a second caption, and a
byline. Body lengths are drawn so that the normal profile prints 1 to 8 A4 pages (about 2,500
characters of body text per page). The same seed always gives the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path

CHARS_PER_PAGE = 2500
PAGE_WEIGHTS = {1: 22, 2: 30, 3: 20, 4: 12, 5: 7, 6: 4, 7: 3, 8: 2}
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")

DISTRICTS = ("Bạch Thông", "Chợ Đồn", "Ba Bể", "Na Rì", "Ngân Sơn", "Pác Nặm", "Chợ Mới")
COMMUNES = ("Cẩm Giàng", "Quân Hà", "Nguyên Phúc", "Vi Hương", "Sĩ Bình", "Đôn Phong", "Lục Bình",
            "Mỹ Thanh", "Dương Phong", "Quang Thuận", "Tân Tú", "Phương Linh")
VILLAGES = ("Nà Lẹng", "Nà Pài", "Khuổi Chang", "Bản Chiêng", "Nà Cà", "Pác Cáp", "Nà Đúng", "Khau Vai")
TOPICS = (
    ("xây dựng nông thôn mới", "tiêu chí nông thôn mới"),
    ("công tác xây dựng Đảng", "chất lượng sinh hoạt chi bộ"),
    ("giảm nghèo bền vững", "tỷ lệ hộ nghèo"),
    ("tiêm chủng mở rộng", "tỷ lệ trẻ em được tiêm đủ liều"),
    ("chuyển đổi số", "dịch vụ công trực tuyến"),
    ("phát triển kinh tế tập thể", "hợp tác xã"),
    ("bảo vệ và phát triển rừng", "tỷ lệ che phủ rừng"),
    ("học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "mô hình điển hình"),
    ("phòng, chống thiên tai", "phương án ứng phó"),
    ("cải cách hành chính", "chỉ số hài lòng của người dân"),
)
BODIES = ("Ban Chấp hành Đảng bộ huyện", "Ủy ban nhân dân huyện", "Ủy ban Mặt trận Tổ quốc huyện",
          "Hội Nông dân huyện", "Huyện đoàn", "Trung tâm Y tế huyện", "Phòng Giáo dục và Đào tạo",
          "Hội Liên hiệp Phụ nữ huyện", "Ban Tuyên giáo Huyện ủy", "Đảng ủy xã")
VERBS = ("tổ chức", "triển khai", "chỉ đạo thực hiện", "phối hợp tổ chức", "sơ kết", "tổng kết", "kiểm tra")
OPENERS = ("Thời gian qua,", "Năm 2023,", "Trong 6 tháng đầu năm,", "Thực hiện kế hoạch của tỉnh,",
           "Sau hơn ba năm triển khai,", "Với sự vào cuộc của cả hệ thống chính trị,", "Bên cạnh đó,",
           "Để đạt được kết quả trên,", "Từ đầu năm đến nay,", "Cùng với đó,")
RESULTS = ("đạt {n}% kế hoạch", "tăng {n}% so với cùng kỳ", "vượt {n}% chỉ tiêu Nghị quyết đề ra",
           "giảm còn {f}%", "huy động được trên {n} tỷ đồng", "thu hút {n}.{m:03d} lượt người tham gia")
CLAUSES = ("góp phần nâng cao đời sống vật chất và tinh thần của Nhân dân",
           "tạo sự chuyển biến tích cực trong nhận thức và hành động của cán bộ, đảng viên",
           "củng cố niềm tin của Nhân dân đối với cấp ủy, chính quyền",
           "gắn với phát triển du lịch cộng đồng và bảo tồn bản sắc văn hóa dân tộc",
           "bảo đảm đúng tiến độ, chất lượng và hiệu quả",
           "phù hợp với điều kiện thực tế của địa phương",
           "qua đó khơi dậy tinh thần tự lực, tự cường trong Nhân dân")
HEADINGS = ("Kết quả nổi bật", "Những hạn chế, yếu kém", "Nhiệm vụ trọng tâm thời gian tới",
            "Huy động sức dân", "Chuyển biến từ cơ sở", "Bài học kinh nghiệm", "Đổi mới phương thức lãnh đạo",
            "Những con số ấn tượng", "Quyết tâm về đích")
ITEMS = ("Tốc độ tăng giá trị sản xuất bình quân đạt {f}%/năm", "Có {k}/{t} xã đạt chuẩn nông thôn mới",
         "Tỷ lệ che phủ rừng duy trì ở mức {f}%", "Tổng sản lượng lương thực có hạt đạt trên {n}.{m:03d} tấn",
         "Kết nạp {n} đảng viên mới, đạt {p}% kế hoạch", "Tỷ lệ hộ nghèo giảm còn {f}%",
         "Mở mới và nâng cấp {f} km đường giao thông nông thôn", "{p}% thủ tục hành chính được giải quyết đúng hạn")
PEOPLE = ("Hương Dịu", "Thu Trang", "Minh Quân", "Hoàng Nam", "Lan Hương", "Nông Thị Hà", "Triệu Văn Đức",
          "Lường Thị Mai", "Hà Văn Thắng", "Bế Thị Ngọc")


@dataclass(frozen=True)
class Synthetic:
    name: str
    date: dt.date
    pages: int
    text: str


def generate(count: int, seed: int = 8, start: dt.date = dt.date(2024, 1, 2)) -> list[Synthetic]:
    """`count` bulletins, a few per day from `start`; the same arguments give the same texts."""
    rng = random.Random(seed)
    day = start
    out = []
    for index in range(count):
        day += dt.timedelta(days=rng.choice((0, 0, 1, 1, 2)))
        pages = rng.choices(list(PAGE_WEIGHTS), weights=list(PAGE_WEIGHTS.values()))[0]
        text = unicodedata.normalize("NFC", bulletin(rng, day, pages))
        out.append(Synthetic(f"{index + 1:04d}-{_slug(rng, index)}.txt", day, pages, text))
    return out


def bulletin(rng: random.Random, day: dt.date, pages: int) -> str:
    """One text dump: header part, ViewData marker, body, byline."""
    district, commune = rng.choice(DISTRICTS), rng.choice(COMMUNES)
    topic, measure = rng.choice(TOPICS)
    title = f"{rng.choice(('Xã', 'Huyện'))} {commune if rng.random() < 0.5 else district} {rng.choice(VERBS)} " \
            f"{topic}"
    lead = f"{_sentence(rng, district, commune, topic, measure)} {_sentence(rng, district, commune, topic, measure)}"
    lines = ["PublishingPortal - Block_BanTin_Toolbar", "", _dateline(rng, day), "Tăng cỡ chữ Giảm cỡ chữ",
             title[0].upper() + title[1:], lead, "", " PublishingPortal - Block_BanTin_ViewData", "",
             _caption(rng, commune), ""]
    lines += _body(rng, int((pages - 0.45) * CHARS_PER_PAGE), district, commune, topic, measure)
    lines.append(_byline(rng))
    return "\n".join(lines) + "\n"


def _dateline(rng: random.Random, day: dt.date) -> str:
    numeric = f"{day.day:02d}/{day.month:02d}/{day.year}"
    posted = f"Ngày đăng: {numeric} 08:{rng.randint(0, 59):02d}"
    return rng.choice((numeric, f"{WEEKDAYS[day.weekday()]}, {numeric}", posted))


def _caption(rng: random.Random, commune: str) -> str:
    village = rng.choice(VILLAGES)
    if rng.random() < 0.4:
        return f"Ảnh: Cán bộ xã {commune} hướng dẫn người dân thôn {village}"
    return f"Quang cảnh buổi làm việc tại thôn {village}, xã {commune}"


def _body(rng: random.Random, target: int, district: str, commune: str, topic: str, measure: str) -> list[str]:
    lines: list[str] = []
    size = 0
    while size < target:
        roll = rng.random()
        if roll < 0.12 and lines:
            block = [rng.choice(HEADINGS)]
        elif roll < 0.22:
            block = [f"{n}. {_fill(rng, rng.choice(ITEMS))}." for n in range(1, rng.randint(3, 6))]
        elif roll < 0.26 and lines:
            block = [_caption(rng, commune)]
        else:
            block = [" ".join(_sentence(rng, district, commune, topic, measure) for _ in range(rng.randint(2, 5)))]
        for text in block:
            lines += [text, ""]
            size += len(text)
    lines[-2] = lines[-2].rstrip(".") + "./."
    return lines


def _sentence(rng: random.Random, district: str, commune: str, topic: str, measure: str) -> str:
    who = rng.choice(BODIES)
    where = rng.choice((f"huyện {district}", f"xã {commune}", f"thôn {rng.choice(VILLAGES)}, xã {commune}"))
    result = _fill(rng, rng.choice(RESULTS))
    return (f"{rng.choice(OPENERS)} {who} {where} đã {rng.choice(VERBS)} {topic}, {measure} {result}, "
            f"{rng.choice(CLAUSES)}.")


def _fill(rng: random.Random, pattern: str) -> str:
    total = rng.randint(10, 20)
    return pattern.format(n=rng.randint(2, 95), m=rng.randint(0, 999), t=total, k=rng.randint(2, total),
                          p=rng.randint(60, 100), f=f"{rng.randint(1, 90)},{rng.randint(1, 9)}")


def _byline(rng: random.Random) -> str:
    name = rng.choice(PEOPLE)
    return rng.choice((name, f"Tin, ảnh: {name}", f"{name} (Ban Tuyên giáo Huyện ủy)", "Theo Báo Bắc Kạn"))


def _slug(rng: random.Random, index: int) -> str:
    words = ("ban-tin", "nong-thon-moi", "xay-dung-dang", "giam-ngheo", "chuyen-doi-so", "tiem-chung")
    return f"{words[index % len(words)]}-{rng.randint(1000, 9999)}"


def write_corpus(folder: Path, count: int, seed: int = 8) -> list[Path]:
    """Write `count` bulletins into `folder` (made if missing); returns their paths in order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for item in generate(count, seed):
        path = folder / item.name
        path.write_text(item.text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    paths = write_corpus(args.folder, args.count, args.seed)
    print(f"wrote {len(paths)} bulletins to {args.folder}")


if __name__ == "__main__":
    main()
