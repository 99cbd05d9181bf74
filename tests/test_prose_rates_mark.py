"""Rate statements are looked for only in texts, and then only in sentences, that hold the character every rate
word ends with (率): a substring search, where the rate words' regex tests its start set at every character. The
shortcut must find every statement the plain reading finds."""

from __future__ import annotations

import random
from pathlib import Path

from pipeline.extract.prose_view import build_view
from pipeline.extract.rates import _phrases, _statement, extract_rates, vocabulary
from pipeline.model import RateStatement


def _every_sentence(text: str) -> list[RateStatement]:
    """extract_rates without the shortcut: the rate words' regex over every sentence of every text."""
    vocab = vocabulary()
    if not vocab.prefilter.search(text):
        return []
    view = build_view(text)
    found = []
    for sentence in view.sentences():
        for rate in vocab.rate.finditer(view.text, *sentence):
            statement = _statement(vocab, view, text, sentence, rate)
            if statement is not None:
                found.append(statement)
    return found


SENTENCES = [
    "今年我局共受理审批事项117件，办结171件，办结率100%。",
    "全年收到申请52件，已全部答复，答复率100%。",
    "受理群众来信30件,回复28件,回复率93.3%;",
    "受理投诉12件，处理12件，处理率百分之百。",
    "工作效率明显提高。",
    "全年主动公开政府信息79条。",
    "受理咨询300人次，办结12件，办结率4%。",
    "收到申请约30件,办结率100%。",
    "\n二、依申请公开\n",
]


def test_the_mark_is_the_last_character_of_every_rate_word() -> None:
    words = _phrases()["rate"]
    assert vocabulary().mark == "率"
    assert all(word.endswith(vocabulary().mark) for word in words)


def test_a_text_without_the_mark_states_no_rate() -> None:
    assert extract_rates("全年收到申请52件，已全部答复。") == []


def test_random_texts_give_the_statements_of_the_plain_reading() -> None:
    rng = random.Random(5)
    stated = 0
    for _ in range(400):
        text = "".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 8)))
        expected = _every_sentence(text)
        assert extract_rates(text) == expected
        stated += len(expected)
    assert stated > 200  # most texts state rates: the sentences skipped sit beside ones read


def test_real_reports_give_the_statements_of_the_plain_reading(shared_corpus: Path) -> None:
    data = Path(__file__).resolve().parents[1] / "data" / "raw"
    paths = sorted([*(shared_corpus / "raw").glob("*.txt"), *(shared_corpus / "raw").glob("*.md"), *data.glob("*.txt")])
    assert paths
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert extract_rates(text) == _every_sentence(text)
