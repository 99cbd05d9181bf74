"""Title windows and report views read by literal anchors (年, 信/资, colons, a UTF-16 table) find what the
plain regex scans and substring tests they replace find, on real reports and random text."""

from __future__ import annotations

import random
import re
from pathlib import Path

from pipeline.identity import title, view
from pipeline.identity.view import FREQUENT_TRADITIONAL, is_traditional
from pipeline.identity.vocabulary import vocabulary

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
YEAR_PIECES = ["2020", "202", "0201", "20", "19", "0", "1", "2", "二〇", "二", "〇", "一九", "年", "年度", " ", "\n", "\u3000", "县", "٣", "２", "壹", "贰零"]
PHRASE_PIECES = ["信息公开", "信", "息", "资讯", "公开", "公", "开", " ", "\n", "县", "2020年", "资 讯 公 开", "信\n息\n公\n开", "报告"]
BLANKS_BEFORE_NIAN = re.compile(r"\s*年")


def _real_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(RAW.glob("*.txt"))]


def _random_texts(pieces: list[str], seed: int, count: int = 20000) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 25))) for _ in range(count)]


def _windows(text: str, rng: random.Random) -> list[tuple[int, int]]:
    start = rng.randint(0, len(text))
    return [(0, len(text)), (start, rng.randint(start, len(text)))]


def _plain_years_before_nian(text: str, start: int, end: int) -> list[int]:
    return [m.start() for m in title.YEAR_START.finditer(text, start, end) if BLANKS_BEFORE_NIAN.match(text, m.end(), end)]


def test_years_found_from_nian_are_the_year_scan_s_years_before_a_nian() -> None:
    rng = random.Random(1)
    texts = _random_texts(YEAR_PIECES, seed=2)
    found = 0
    for text in texts:
        for start, end in _windows(text, rng):
            plain = _plain_years_before_nian(text, start, end)
            assert list(title._years_before_nian(text, start, end)) == plain, (text, start, end)
            found += bool(plain)
    assert found > 1500
    # a year the scan steps over (it took the overlapping 2020 first) is not one
    assert list(title._years_before_nian("2020201年", 0, 8)) == [] == _plain_years_before_nian("2020201年", 0, 8)
    # where the window starts decides which overlapping year the scan takes
    assert list(title._years_before_nian("20202019年", 0, 9)) == [4] == _plain_years_before_nian("20202019年", 0, 9)
    assert list(title._years_before_nian("20202019年", 1, 9)) == [] == _plain_years_before_nian("20202019年", 1, 9)


def test_years_found_from_nian_in_the_windows_before_real_report_words() -> None:
    texts = _real_texts()
    assert texts
    for text in texts:
        for report_start, _ in title._report_word_ends(text):
            start = max(0, report_start - title.WINDOW)
            assert list(title._years_before_nian(text, start, report_start)) == _plain_years_before_nian(text, start, report_start)


def _plain_last_phrase(text: str, start: int, end: int) -> tuple[int, int] | None:
    match = None
    for match in title.PHRASE_START.finditer(text, start, end):
        pass
    return match.span() if match else None


def test_the_last_phrase_read_back_is_the_phrase_scan_s_last() -> None:
    rng = random.Random(3)
    found = 0
    for text in _random_texts(PHRASE_PIECES, seed=4) + _real_texts():
        for start, end in _windows(text, rng):
            plain = _plain_last_phrase(text, start, end)
            last = title._last_phrase_start(text, start, end)
            assert (last.span() if last else None) == plain, (text, start, end)
            found += plain is not None
    assert found > 3000


def test_a_link_is_a_title_after_any_link_marker() -> None:
    markers = vocabulary().link_markers
    rng = random.Random(5)
    pieces = [*markers, "上", "一", "篇", "相关", "：", " ", "\n", "XX县", "2020年政府信息公开工作年度报告"]
    linked = 0
    for text in _random_texts(pieces, seed=6, count=5000):
        for at in (len(text), rng.randint(0, len(text))):
            line_start = text.rfind("\n", 0, at) + 1
            before = text[max(line_start, at - 40) : at]
            plain = any(marker in before for marker in markers)
            assert title._is_link(text, at) is plain, (text, at)
            linked += plain
    assert linked > 500


def test_field_names_found_from_any_position_of_real_headers() -> None:
    for text in _real_texts():
        head = text[: view.HEADER_PART]
        for at in range(0, len(head) + 1, 7):
            match = view.FIELD_NAME_COLON.search(head, at)
            assert view.first_field_name(head, at) == (match.start() if match else None)


def test_traditional_texts_read_through_utf16_code_units() -> None:
    """Past the BMP a character is two surrogate code units: neither counts as a traditional character, and a
    traditional character after one is still counted."""
    body = "中文内容，" * 100
    for extra in ("", "國", "國會", "😀國😀會", "\ud800國", "𠮷𠮷"):
        text = body + extra + body
        plain = len(set(re.findall(f"[{FREQUENT_TRADITIONAL}]", text))) >= view.MIN_TRADITIONAL
        assert is_traditional(text) is plain, extra
    assert is_traditional(body + "😀國😀會")
