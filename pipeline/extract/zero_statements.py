"""Zeros stated in words: "未收到…申请", "未发生…行政复议和诉讼", "一律免收相关费用".

A negation verb denies the topic at the end of its clause and every topic coordinated with it
("未收到有关政府信息公开的行政诉讼、行政复议、投诉举报等情况" denies all three). A topic that merely modifies
what is denied is not denied itself: in "未发生…申请产生的行政复议" the 申请 are not zero, and in
"未发生…被行政复议纠错或行政诉讼败诉情形" nothing countable is denied (reviews happened; none corrected).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.extract.phrasebook import Phrasebook
from pipeline.extract.prose_view import ProseView
from pipeline.extract.scope import is_cumulative


@dataclass(frozen=True)
class ZeroStatement:
    metric_id: str
    period: str
    start: int  # view offsets of the clause from the negation to its end
    end: int


def _denied_spans(view: ProseView, book: Phrasebook, verb_end: int, clause_end: int) -> list[tuple[int, int]]:
    spans = book.zero_topics.longest_spans(view.text, verb_end, clause_end)
    if not spans or not book.cue("zero_tail").fullmatch(view.text, spans[-1][1], clause_end):
        return []
    denied = [spans[-1]]
    for earlier in reversed(spans[:-1]):
        if not book.cue("zero_link").fullmatch(view.text, earlier[1], denied[-1][0]):
            break
        denied.append(earlier)
    return list(reversed(denied))


def find_zero_statements(view: ProseView, book: Phrasebook, era: str) -> list[ZeroStatement]:
    statements: list[ZeroStatement] = []
    text = view.text
    for verb in book.cue("zero_verb").finditer(text):
        clause_end = view.clause_end(verb.end())
        sentence_start = view.sentence_start(verb.start())
        clause_start = view.clause_start(verb.start())
        cumulative = is_cumulative(text[sentence_start : verb.start()], text[clause_start : verb.start()], book)
        period = "cumulative" if cumulative else "year"
        seen: set[str] = set()
        for start, end in _denied_spans(view, book, verb.end(), clause_end):
            for rule in book.zero_topics.rules_for(text[start:end]):
                if rule.applies(era) and rule.metric_id not in seen:
                    seen.add(rule.metric_id)
                    statements.append(ZeroStatement(rule.metric_id, period, verb.start(), clause_end))
    return statements
