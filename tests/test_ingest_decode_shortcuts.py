"""Two shortcuts of reading a text or HTML file give the plain answers:
- _is_utf8 turns GB text away from the U+FFFD count of its first UTF8_PREFIX_BYTES (more than one over the
  tolerance there is more than the tolerance in the whole head: only a character cut at the prefix's end adds
  one), instead of decoding the whole head with replacements;
- the close tag of a page (</html>, </body>) is looked for at the end of the markup first."""

from __future__ import annotations

import random
from pathlib import Path

from pipeline.ingest import decode, html

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((PROJECT_ROOT / "data" / "raw").rglob("*.txt"))


def plain_is_utf8(head: bytes, complete: bool) -> bool:
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        if not complete and exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
            return True
    damaged = head.decode("utf-8", errors="replace").count("\ufffd")
    return damaged <= max(decode.UTF8_MAX_DAMAGED, decode.UTF8_MAX_DAMAGED_SHARE * len(head))


def damaged(data: bytes, count: int, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(count):
        out[rng.randrange(len(out))] = rng.choice([0x80, 0xBF, 0xC3, 0xE4, 0xFF])
    return bytes(out)


def test_is_utf8_is_the_plain_test() -> None:
    rng = random.Random(13)
    texts = [decode.decode_bytes(path.read_bytes()).text for path in SAMPLES]
    heads: list[bytes] = []
    for text in texts:
        heads += [text.encode("gb18030"), text.encode("utf-8"), text.encode("utf-8")[:5000], (text * 20).encode("utf-8")[: decode.SAMPLE_BYTES]]
        heads += [("�" + text).encode("utf-8")]  # a U+FFFD the text holds
    for _ in range(3000):
        source = rng.choice(heads)
        cut = source[: rng.randint(1, len(source))]
        heads.append(damaged(cut, rng.choice([0, 1, 5, 8, 9, 10, 30, 150, 400]), rng))
    # Eight damaged bytes in the prefix and a character cut by the prefix's end: nine U+FFFD in the prefix,
    # eight in the whole, which is tolerated (fails if the shortcut forgets the cut character).
    prefix = bytearray(b"a" * (decode.UTF8_PREFIX_BYTES - 1))
    for at in range(0, 80, 10):
        prefix[at] = 0xFF
    heads.append(bytes(prefix) + "政".encode() + b"b" * 1000)
    results = []
    for head in heads:
        for complete in (True, False):
            expected = plain_is_utf8(head, complete)
            assert decode._is_utf8(head, complete) == expected
            results.append(expected)
    assert plain_is_utf8(heads[-1], True) and any(results) and not all(results)


def test_close_tag_is_found_wherever_the_plain_search_finds_it() -> None:
    rng = random.Random(17)
    tags = ["</html>", "</HTML >", "</body>", "</Body\n>", "</bodyx>", "</htm>", "</p>", "<html>"]
    for _ in range(3000):
        length = rng.choice([10, 500, 1020, 1030, 3000])
        markup = list("x" * length)
        for _ in range(rng.randint(0, 3)):
            at = rng.randint(0, length)
            markup[at:at] = rng.choice(tags)
        text = "".join(markup)
        assert html._has_close_tag(text) == bool(html.HTML_CLOSE.search(text))
