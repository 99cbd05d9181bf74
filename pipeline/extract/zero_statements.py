"""Zeros stated in words: "未收到…申请", "未发生…行政复议和诉讼", "一律免收相关费用".

A negation verb denies the topic at the end of its clause and every topic coordinated with it
("未收到有关政府信息公开的行政诉讼、行政复议、投诉举报等情况" denies all three). A topic that merely modifies
what is denied is not denied itself: in "未发生…申请产生的行政复议" the 申请 are not zero, and in
"未发生…被行政复议纠错或行政诉讼败诉情形" nothing countable is denied (reviews happened; none corrected).

A section heading followed by a sentence that only says there was nothing ("三、因政府信息公开申请行政复议、提起
行政诉讼的情况\n无。", "本年度未发生此类情况。", or on the heading's own line after a colon: "…的情况：无。")
denies what the heading names, read as a negation's clause is: the topics at the heading's end and those
coordinated with them (行政复议、行政诉讼), never a topic that only modifies them (the 申请 in
因政府信息公开申请行政复议), and nothing when the heading ends in other words (收费及减免情况 names no count the
无 denies).

A zero after its topics must close a sentence, not be a cell of a table row flattened into the text: a zero
followed by more cells ("二、上年结转政府信息公开申请数量 0 0 0 …") or after a row label naming another metric
("…行政机关不再处理其政府信息公开申请 无") states nothing about the topic it happens to contain.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.extract.labels import match_metric
from pipeline.extract.phrasebook import Phrasebook
from pipeline.extract.prose_view import HEADING_MARK, ProseView
from pipeline.extract.scope import is_cumulative


ZERO_LEAD = 12  # how far before a stated zero its 的案件数量均为 may reach
HEADING_LENGTH = 40  # a section heading is one short line (三、因政府信息公开申请行政复议、提起行政诉讼的情况)


@dataclass(frozen=True)
class ZeroStatement:
    metric_id: str
    period: str
    start: int  # view offsets of the clause from the negation to its end
    end: int


def _coordinated(view: ProseView, book: Phrasebook, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The last topic and those joined to it (行政诉讼、行政复议、投诉举报)."""
    denied = [spans[-1]]
    for earlier in reversed(spans[:-1]):
        if not book.cue("zero_link").fullmatch(view.text, earlier[1], denied[-1][0]):
            break
        denied.append(earlier)
    return list(reversed(denied))


def _denied_after_verb(view: ProseView, book: Phrasebook, verb_end: int, clause_end: int) -> list[tuple[int, int]]:
    """未发生…行政复议和诉讼: the topics at the end of the clause the negation opens."""
    spans = book.zero_topics.longest_spans(view.text, verb_end, clause_end)
    if not spans or not book.cue("zero_tail").fullmatch(view.text, spans[-1][1], clause_end):
        return []
    return _coordinated(view, book, spans)


def _denied_before_zero(view: ProseView, book: Phrasebook, clause_start: int, zero_start: int) -> list[tuple[int, int]]:
    """行政复议、行政诉讼案件数量均为零: the topics right before the stated zero (and its lead words)."""
    spans = book.zero_topics.longest_spans(view.text, clause_start, zero_start)
    if not spans or spans[-1][1] != zero_start:
        return []
    return _coordinated(view, book, spans)


def _statements(
    view: ProseView, book: Phrasebook, era: str, spans: list[tuple[int, int]], anchor: int, start: int, end: int
) -> list[ZeroStatement]:
    text = view.text
    sentence_start, clause_start = view.sentence_start(anchor), view.clause_start(anchor)
    cumulative = is_cumulative(text[sentence_start:anchor], text[clause_start:anchor], book)
    period = "cumulative" if cumulative else "year"
    found: dict[str, ZeroStatement] = {}
    for topic_start, topic_end in spans:
        for rule in book.zero_topics.rules_for(text[topic_start:topic_end]):
            if rule.applies(era) and rule.metric_id not in found:
                found[rule.metric_id] = ZeroStatement(rule.metric_id, period, start, end)
    return list(found.values())


def _row_of_another_metric(view: ProseView, era: str, clause_start: int, lead_start: int, found: list[ZeroStatement]) -> bool:
    """The words before the zero are a table row label naming a metric none of the statements is about."""
    label = view.text[clause_start:lead_start]
    match = match_metric(label, era)
    return match is not None and all(match.metric_id != statement.metric_id for statement in found)


def _empty_section(view: ProseView, book: Phrasebook, era: str, verb_start: int) -> list[ZeroStatement]:
    """无。 as the whole of a section: the topics its heading names are zero. The heading is the line right before
    (三、…的情况\n无。) or the words before a colon on the same line (三、…的情况:无。)."""
    text = view.text
    start, end = view.sentence_start(verb_start), view.sentence_end(verb_start)
    nothing_start = view.clause_start(verb_start)
    if nothing_start > start and text[nothing_start - 1] == ":":
        heading_start, heading_end = start, nothing_start - 1
    elif start > 0 and text[start - 1] == "\n":
        heading_start, heading_end, nothing_start = view.sentence_start(start - 1), start - 1, start
    else:
        return []
    if not book.cue("empty_section").fullmatch(text, nothing_start, end):
        return []
    if book.cue("cell_run").match(text, end + 1):
        return []  # 无 / 无 / 0 …: cells of a table row, one a line
    mark = HEADING_MARK.match(text, heading_start, heading_end)
    if mark is None or heading_end - heading_start > HEADING_LENGTH:
        return []
    spans = _denied_after_verb(view, book, mark.end(), heading_end)
    return _statements(view, book, era, spans, heading_start, heading_start, end)


def find_zero_statements(view: ProseView, book: Phrasebook, era: str) -> list[ZeroStatement]:
    statements: list[ZeroStatement] = []
    for verb in view.finditer(book.cue("zero_verb")):
        clause_end = view.clause_end(verb.end())
        spans = _denied_after_verb(view, book, verb.end(), clause_end)
        if spans:
            statements += _statements(view, book, era, spans, verb.start(), verb.start(), clause_end)
        else:
            statements += _empty_section(view, book, era, verb.start())
    for zero in view.finditer(book.cue("zero_word")):
        clause_start = view.clause_start(zero.start())
        lead = book.cue("zero_lead").search(view.text, max(clause_start, zero.start() - ZERO_LEAD), zero.start())
        if lead is None:
            continue
        if book.cue("cell_run").match(view.text, zero.end()):
            continue  # 申请数量 0 0 0 / 申请无无无: one cell of a row
        spans = _denied_before_zero(view, book, clause_start, lead.start())
        if spans:
            found = _statements(view, book, era, spans, spans[0][0], clause_start, zero.end())
            if not _row_of_another_metric(view, era, clause_start, lead.start(), found):
                statements += found
    return statements
