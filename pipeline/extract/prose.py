"""Figures stated in sentences ("全年主动公开政府信息79条", "受理依申请公开5件(条),其中网络申请5件").

One pass finds every number (pipeline.extract.numbers); each quantity then looks for the phrase naming
it: a topic directly before it (only filler words such as 共/为/达 in between), or after it when a
connector says so ("1件属于同意公开答复数", "另有103件顺延到下年度") or, inside a list, when the rest of its
clause names it ("其中12件同意公开"). Generic names (结果维持, 其他处理) count only inside a list whose parent
they belong to ("行政复议351件,其中结果维持72件"), and the parts one list names of one metric add up to it
("其中撤销1件,确认违法1件": 被依法纠错 2). Scope rules drop
approximate figures, last year's and other years' figures, comparisons and one office's subset of a
compiled figure, and mark cumulative ones. Zeros stated in words and category lists are found by their own
modules and merged here. Every value carries the sentence text it came from and offsets into the cleaned
document text.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from pipeline.extract.categories import find_categories
from pipeline.extract.numbers import NumberSpan, find_numbers, parse_share_words
from pipeline.extract.phrasebook import Phrasebook, TopicRule, load_phrasebook
from pipeline.extract.prose_view import ProseView, build_view, stands_alone
from pipeline.extract.scope import (
    is_comparison,
    is_cumulative,
    is_intention,
    is_office_scoped,
    is_other_period,
    prose_era,
)
from pipeline.extract.zero_statements import find_zero_statements
from pipeline.model import Document, Extraction, Identity, MetricValue
from pipeline.tables import table_spans as find_table_spans

WINDOW = 40  # how far back a topic may start before its number
RIGHT_WINDOW = 24
RIGHT_LINK = "属于"
SHARE_STARTS = frozenset(",;(占0123456789百")  # what the share cue can start with (占比19.5%, (17.46%), 百分之十五)
SUBJECTLESS = 3  # at most an adverb (已, 共, 均) before the topic: the sentence has no subject of its own
BARE_END = ",;。、)\n"
LIST_CONTINUES = "其中"  # a sentence starting so lists the parts of the previous sentence's figure
FRAME_LINK = "的"  # 在已答复的36件申请中: the verb, 的, the figure, the noun, 中
LIST_OPENER_END = "中"
ENUMERATION_MARK = "、"  # 当面申请5件、网上申请15件: the mark between two items of one clause
ALL_ALIKE_OPENERS = ",;("  # 行政复议3件,均维持…: what opens the clause saying all of a figure had one outcome


@dataclass
class Quantity:
    """A number with a unit in the prose view, and what the rules decided it states."""

    number: NumberSpan
    window_start: int  # where its label may start (after the previous clause break or number)
    right_end: int  # how far a phrase after it may reach (另有103件顺延到下年度)
    share: float | None = None
    share_end: int | None = None
    metric_id: str | None = None
    topic_start: int | None = None
    topic_end: int | None = None
    period: str = "year"
    child_of: str | None = None  # the list parent a generic name was resolved under
    dropped: str | None = None  # why a bound figure is not this report's value
    evidence_only: bool = False  # the wording leaves open what the figure counts: evidence, never a value
    list_parent: str | None = None  # a blocked wording's figure states nothing, but the list after it is this one's
    adds_up: bool = False  # named as one kind of what its metric counts (撤销 of 被依法纠错): a list's parts add up
    named_after: bool = False  # its name follows it ("其中12件同意公开"): it counts only inside a list
    parts: list[Quantity] = field(default_factory=list)  # the other parts of its list added into this figure
    candidates: tuple[TopicRule, ...] = field(default_factory=tuple)
    previous_figure_end: int | None = None  # where a number before it in its clause ends (its snippet starts after)
    start: int = field(init=False)  # where the number starts; read so often that a field beats a property

    def __post_init__(self) -> None:
        self.start = self.number.start

    @property
    def end(self) -> int:
        return self.share_end if self.share_end is not None else self.number.end

    @property
    def value(self) -> float:
        stated = float(self.number.value or 0.0)
        return stated + sum(part.value for part in self.parts) if self.parts else stated

    @property
    def stated(self) -> bool:
        return self.metric_id is not None and self.dropped is None


@dataclass
class TopicIndex:
    """Topic matches found in the windows around quantities, by position in the view."""

    spans: list[tuple[int, int]]
    _ends: list[int] = field(default_factory=list)
    _longest_from: dict[int, int] = field(default_factory=dict)  # start -> the end of the longest topic there

    def __post_init__(self) -> None:
        self.spans.sort(key=lambda s: (s[1], -s[0]))
        self._ends = [end for _, end in self.spans]
        for start, end in self.spans:  # sorted by end: the last one seen at a start is the longest
            self._longest_from[start] = end

    def ending_in(self, start: int, end: int) -> list[tuple[int, int]]:
        """Topics lying inside [start, end): the one ending last first, the longest of those first."""
        found = []
        index = bisect_right(self._ends, end) - 1
        while index >= 0 and self._ends[index] > start:
            if self.spans[index][0] >= start:
                found.append(self.spans[index])
            index -= 1
        return sorted(found, key=lambda s: (-s[1], s[0]))

    def starting_at(self, position: int) -> tuple[int, int] | None:
        end = self._longest_from.get(position)
        return (position, end) if end is not None else None


def _windows(quantities: list[Quantity]) -> list[tuple[int, int]]:
    """Where topics can be for these quantities: before each (its label) and just after it (属于…)."""
    windows = []
    for quantity in quantities:
        windows.append((quantity.window_start, quantity.start))
        windows.append((quantity.number.end, quantity.right_end))
    return windows


def _topic_index(view: ProseView, book: Phrasebook, windows: list[tuple[int, int]]) -> TopicIndex:
    """Scan only the text around numbers: one regex run over the windows joined by line breaks."""
    pieces, offsets, length = [], [], 0
    for start, end in windows:
        if end > start:
            pieces.append(view.text[start:end])
            offsets.append((length, start))
            length += end - start + 1
    joined = "\n".join(pieces)
    keys = [joined_at for joined_at, _ in offsets]
    spans = set()
    for match_start, match_end in book.topics.spans(joined):
        joined_at, view_at = offsets[bisect_right(keys, match_start) - 1]
        start = view_at + match_start - joined_at
        spans.add((start, start + match_end - match_start))
    return TopicIndex(sorted(spans))


def _attach_share(view: ProseView, book: Phrasebook, quantity: Quantity, limit: int) -> None:
    if view.text[quantity.number.end : quantity.number.end + 1] not in SHARE_STARTS:
        return
    match = book.cue("share").match(view.text, quantity.number.end, limit)
    if match is None or match.end() <= quantity.number.end:
        return
    digits, words = match.group(1, 2)
    share = float(digits) if digits is not None else parse_share_words(words)  # 占百分之十五 is 15%
    if share is not None:
        quantity.share = share
        quantity.share_end = match.end()


def _unit_fits(book: Phrasebook, metric_unit: str, number: NumberSpan) -> bool:
    if number.unit is None:
        return metric_unit in book.bare_number_units
    if number.value == 0 and number.unit not in ("%", "‰"):
        return True  # 0 元 is 0 万元
    accepted = book.accepted_units.get(metric_unit)
    return number.unit in accepted if accepted is not None else number.unit == metric_unit


def _usable_rules(
    book: Phrasebook, rules: tuple[TopicRule, ...], era: str, sentence_before: str, number: NumberSpan
) -> tuple[TopicRule, ...]:
    """The rules that hold here: in this era, with their context present, for a unit the metric takes."""
    catalog = book.catalog
    return tuple(
        rule
        for rule in rules
        if not rule.blocks
        and rule.applies(era)
        and (rule.context is None or rule.context.search(sentence_before))
        and _unit_fits(book, catalog[rule.metric_id].unit, number)
    )


def _bind_right(view: ProseView, book: Phrasebook, topics: TopicIndex, quantity: Quantity, era: str) -> bool:
    text, end = view.text, quantity.number.end
    after = book.after.match_at(text, end, min(len(text), end + RIGHT_WINDOW))
    if after:
        start, stop = after
        rules = _usable_rules(book, book.after.rules_for(text[start:stop]), era, "", quantity.number)
        if rules:
            quantity.candidates, quantity.topic_start, quantity.topic_end = rules, start, stop
            return True
    if not text.startswith(RIGHT_LINK, end):
        return False
    span = topics.starting_at(end + len(RIGHT_LINK))
    if span is None:
        return False
    sentence_before = text[view.sentence_start(quantity.start) : quantity.start]
    rules = _usable_rules(book, book.topics.rules_for(text[span[0] : span[1]]), era, sentence_before, quantity.number)
    if rules:
        quantity.candidates, quantity.topic_start, quantity.topic_end = rules, span[0], span[1]
    return bool(rules)


def _bind_frame(view: ProseView, book: Phrasebook, quantity: Quantity, era: str) -> None:
    """A figure inside the noun phrase that opens a list ("在已答复的36件申请中,…") states the metric that
    the phrase names around it (答复 + 申请) when only a frame word and scope words (在, 本年, 已) stand before
    its verb. Anything else there narrows the phrase to a part ("在网站主动公开的425条政府信息中" need not be
    the website's figure): that figure stays unread, as every other list-opening figure does."""
    text, number = view.text, quantity.number
    clause_start = view.clause_start(number.start)
    before = text[clause_start : number.start]
    if not before.endswith(FRAME_LINK):
        return
    verb = before[: -len(FRAME_LINK)]
    noun = text[number.end : view.clause_end(number.end)].removesuffix(LIST_OPENER_END)
    lead = book.cue("frame_lead").match(verb)
    lead_end = lead.end() if lead else 0
    if lead_end >= len(verb) or not noun:
        return
    joined = verb[lead_end:] + noun
    topic_start = clause_start + lead_end
    rules = _usable_rules(book, book.topics.rules_for(joined), era, _context_before(view, topic_start), number)
    if rules:
        quantity.candidates, quantity.topic_start, quantity.topic_end = rules, topic_start, clause_start + len(verb)


def _bind_named_after(view: ProseView, book: Phrasebook, topics: TopicIndex, quantity: Quantity, era: str) -> None:
    """A figure named by the rest of its clause ("其中12件同意公开,3件部分公开", "其中2件维持,1件撤销"): a list
    item written figure first. Outside a list such a figure is not read (对于公民个人提出的2件政府信息公开申请
    frames a statement; it states no count), which _resolve sees to."""
    text, end = view.text, quantity.number.end
    span = topics.starting_at(end)
    if span is None:
        link = book.cue("named_after_link").match(text, end)
        span = topics.starting_at(link.end()) if link else None
    if span is None or span[1] != view.clause_end(end):
        return
    sentence_before = _context_before(view, quantity.start)
    rules = _usable_rules(book, book.topics.rules_for(text[span[0] : span[1]]), era, sentence_before, quantity.number)
    if rules:
        quantity.candidates, quantity.topic_start, quantity.topic_end = rules, span[0], span[1]
        quantity.named_after = True


def _context_before(view: ProseView, position: int) -> str:
    """What a topic's context rule may look at: its sentence so far, and the sentence before when this one
    starts with the topic itself ("受理申请37件。已办结37件")."""
    sentence_start = view.sentence_start(position)
    if position - sentence_start <= SUBJECTLESS and sentence_start > 0:
        sentence_start = view.sentence_start(sentence_start - 1)
    return view.text[sentence_start:position]


def _bind_left(view: ProseView, book: Phrasebook, topics: TopicIndex, quantity: Quantity, era: str) -> None:
    text, number = view.text, quantity.number
    filler = book.cue("filler")
    for start, end in topics.ending_in(quantity.window_start, number.start):
        # the filler may be empty (its every word is optional): a topic right before its number needs no regex
        if end != number.start and not filler.fullmatch(text, end, number.start):
            continue
        if _joined_with_other_topic(text, topics, quantity.window_start, start, book):
            return  # 予以公开及部分公开208件 is neither of the two
        if number.unit is None and (end != number.start or text[number.end : number.end + 1] not in BARE_END):
            return  # a bare number counts only right after its topic and before a clause break (工作人员43,)
        named = book.topics.rules_for(text[start:end])
        blocking = next((rule for rule in named if rule.blocks and rule.applies(era)), None)
        if not named or blocking is not None:
            # a blocked wording (不予公开政府信息, 办结行政复议申请): no topic inside it counts either
            quantity.list_parent = blocking.parent if blocking is not None else None
            return
        rules = _usable_rules(book, named, era, _context_before(view, start), number)
        if rules:  # else a shorter wording may still name a metric of this era (网站…主动公开政府信息)
            quantity.candidates, quantity.topic_start, quantity.topic_end = rules, start, end
            return


def _joined_with_other_topic(text: str, topics: TopicIndex, window_start: int, start: int, book: Phrasebook) -> bool:
    conjunction = book.cue("conjunction").search(text, max(window_start, start - 2), start)
    if conjunction is None or conjunction.end() != start:
        return False
    return any(end == conjunction.start() for _, end in topics.ending_in(window_start, conjunction.start()))


def _resolve(quantity: Quantity, parent: str | None) -> None:
    """Pick the metric among the candidate rules: a generic name needs its list parent."""
    children = [r for r in quantity.candidates if r.child_only]
    standalone = [r for r in quantity.candidates if not r.child_only]
    if parent:
        for rule in children + standalone:
            if rule.parent == parent:
                quantity.metric_id, quantity.child_of, quantity.adds_up = rule.metric_id, parent, rule.adds_up
                return
    if quantity.named_after and not parent:
        return  # a figure named after it is a list item: with no list, it states nothing
    if standalone:
        quantity.metric_id = standalone[0].metric_id
        quantity.evidence_only = standalone[0].evidence_only


def _resolve_sentence(book: Phrasebook, quantities: list[Quantity], inherited: str | None) -> str | None:
    """Resolve a sentence's quantities in order; a bound figure with children becomes the list parent, and a
    child bound by its full name makes its parent the list parent of the figures after it."""
    parent = inherited
    for quantity in quantities:
        if not quantity.candidates:
            parent = quantity.list_parent or parent
            continue
        _resolve(quantity, parent)
        if quantity.metric_id and quantity.child_of is None and not quantity.evidence_only:
            if book.has_children(quantity.metric_id):
                parent = quantity.metric_id
            elif book.catalog[quantity.metric_id].parent_id:
                # a child named in full opens its siblings' list (行政复议结果维持1件,结果纠正1件)
                parent = book.catalog[quantity.metric_id].parent_id
    return parent


def _apply_total_word(view: ProseView, book: Phrasebook, quantities: list[Quantity], era: str) -> None:
    """"收到申请5宗, 书面申请1宗, 合计6宗": the 合计 figure is the parent; the first one was a channel."""
    total_word = book.cue("total_word")
    for index, quantity in enumerate(quantities):
        if quantity.metric_id or index == 0:
            continue
        if not total_word.fullmatch(view.text, quantity.window_start, quantity.start):
            continue
        first = next((q for q in quantities[:index] if q.metric_id and q.child_of is None), None)
        if first is None or not book.has_children(first.metric_id):
            continue
        quantity.metric_id, quantity.topic_start, quantity.topic_end = first.metric_id, quantity.window_start, quantity.start
        first.metric_id = _qualified_child(view, book, first, era)


def _qualified_child(view: ProseView, book: Phrasebook, quantity: Quantity, era: str) -> str | None:
    before = view.text[view.sentence_start(quantity.start) : quantity.topic_start or quantity.start]
    for child, words, eras in book.qualifiers.get(quantity.metric_id or "", []):
        if era in eras and words.search(before):
            return child
    return None


def _apply_scope(view: ProseView, book: Phrasebook, quantity: Quantity, report_year: int | None) -> None:
    text = view.text
    topic_start = quantity.topic_start if quantity.topic_start is not None else quantity.start
    sentence_before = text[view.sentence_start(topic_start) : topic_start]
    clause_before = text[view.clause_start(topic_start) : topic_start]
    if quantity.number.approximate:
        quantity.dropped = "approximate"
    elif is_other_period(clause_before, report_year, book):
        quantity.dropped = "other_period"
    elif is_intention(sentence_before, clause_before, report_year, book):
        quantity.dropped = "intention"
    elif quantity.topic_end is not None and quantity.topic_end <= quantity.start and is_comparison(
        text[quantity.topic_end : quantity.start], book
    ):
        quantity.dropped = "comparison"
    stock = book.catalog[quantity.metric_id].section == "org" if quantity.metric_id else False
    if not stock and is_cumulative(sentence_before, clause_before, book):
        quantity.period = "cumulative"


def _drop_office_subsets(view: ProseView, book: Phrasebook, quantities: list[Quantity]) -> None:
    """One office's figure inside a compiled report yields to the same metric stated for the whole."""
    by_metric: dict[tuple[str | None, str], list[Quantity]] = {}
    for quantity in quantities:
        if quantity.stated:
            by_metric.setdefault((quantity.metric_id, quantity.period), []).append(quantity)
    for stated in by_metric.values():
        # only a metric stated with two different values can have an office's figure yield: the subject of each
        # clause is read for those alone
        if len({quantity.value for quantity in stated}) < 2:
            continue
        office = {id(q): is_office_scoped(_clause_before_topic(view, q), book) for q in stated}
        for quantity in stated:
            if office[id(quantity)] and any(
                not office[id(other)] and other.value != quantity.value for other in stated if other is not quantity
            ):
                quantity.dropped = "office_subset"


def _clause_before_topic(view: ProseView, quantity: Quantity) -> str:
    """The clause's subject: what stands before the topic (县政府公开办 in 县政府公开办主动公开信息数为62条)."""
    topic_start = quantity.topic_start if quantity.topic_start is not None else quantity.start
    return view.text[view.clause_start(topic_start) : topic_start]


def _quantities(view: ProseView, book: Phrasebook, numbers: list[NumberSpan]) -> list[Quantity]:
    quantities = []
    previous_end = 0
    text_end = len(view.text)
    for index, number in enumerate(numbers):
        if number.kind not in ("quantity", "bare") or number.value is None:
            previous_end = max(previous_end, number.end)  # a share already read past this percent ends later
            continue
        clause_start = view.clause_start(number.start)
        window_start = max(clause_start, previous_end, number.start - WINDOW)
        following = numbers[index + 1].start if index + 1 < len(numbers) else text_end
        right_end = min(following, number.end + RIGHT_WINDOW, view.clause_end(number.end) + 1)
        quantity = Quantity(number, window_start, right_end)
        if index and previous_end >= clause_start:
            quantity.previous_figure_end = previous_end
        _attach_share(view, book, quantity, following + 12)
        previous_end = quantity.share_end if quantity.share_end is not None else number.end
        quantities.append(quantity)
    return quantities


def bind_quantities(view: ProseView, book: Phrasebook, era: str, report_year: int | None) -> list[Quantity]:
    """Every quantity in the view with the metric it states (or None) and its period."""
    numbers = find_numbers(view.text)
    quantities = _quantities(view, book, numbers)
    topics = _topic_index(view, book, _windows(quantities))
    for quantity in quantities:
        if view.opens_list(quantity.number.end):
            _bind_frame(view, book, quantity, era)  # "在已答复的36件申请中,…": the figure frames a list
            continue
        if not _bind_right(view, book, topics, quantity, era):
            _bind_left(view, book, topics, quantity, era)
            if not quantity.candidates and quantity.list_parent is None:
                _bind_named_after(view, book, topics, quantity, era)
    parent = None
    for _, group in _by_sentence(view, quantities):
        starts_with_list = _continues_list(view, view.sentence_start(group[0].start))
        parent = _resolve_sentence(book, group, parent if starts_with_list else None)
        _apply_total_word(view, book, group, era)
    for quantity in quantities:
        if quantity.metric_id:
            _apply_scope(view, book, quantity, report_year)
    _drop_office_subsets(view, book, quantities)
    _add_up_parts(quantities)
    return quantities


def _add_up_parts(quantities: list[Quantity]) -> None:
    """The parts one list states of a child metric make its value ("其中维持2件,撤销1件,确认违法1件":
    被依法纠错 = 1 + 1), held by the first part with the others in its `parts`; where the list also names the
    metric itself ("纠正2件(撤销1件,确认违法1件)"), that figure is the value and its parts state nothing more."""
    by_list: dict[tuple[int, str, str], list[Quantity]] = {}
    list_no = 0
    for quantity in quantities:
        if quantity.child_of is None:
            if quantity.metric_id or quantity.list_parent:
                list_no += 1  # a figure of its own, or one opening a list, ends the list before it
            continue
        if quantity.stated:
            by_list.setdefault((list_no, quantity.metric_id or "", quantity.period), []).append(quantity)
    for stated in by_list.values():
        parts = [quantity for quantity in stated if quantity.adds_up]
        if len(parts) == len(stated):
            parts[0].parts = parts[1:]
            for part in parts[1:]:
                part.dropped = "added_up"
        else:
            for part in parts:
                part.dropped = "part_of_stated"


def _all_alike(view: ProseView, book: Phrasebook, quantities: list[Quantity], era: str) -> list[Quantity]:
    """A figure whose next clause says all of it had one outcome ("行政复议3件,均维持原行政行为", "工作人员5人,
    均为兼职", "经审理维持原具体行政行为") states that child too, with the figure's value: the clause is a lead
    word (均, 全部, 经审理) and a name of one of the figure's children, and nothing else. Figures enumerated
    before it ("行政复议案件2起、行政诉讼案件1起,均维持…") share the clause. The child's text runs from the
    figure to that name."""
    text, starts = view.text, book.all_alike_starts
    alike = []
    for index, quantity in enumerate(quantities):
        if text[quantity.end : quantity.end + 1] not in ALL_ALIKE_OPENERS:
            continue
        if starts is not None and text[quantity.end + 1 : quantity.end + 2] not in starts:
            continue  # most clauses after a figure: no lead word, told without running the regex
        name = _all_alike_name(view, book, quantity.end + 1)
        if name is None:
            continue
        for figure in _enumerated_up_to(view, quantities, index):
            if not figure.stated or figure.child_of is not None or figure.evidence_only:
                continue
            child = next(
                (
                    rule
                    for rule in book.topics.rules_for(text[name[0] : name[1]])
                    if rule.parent == figure.metric_id and not rule.blocks and not rule.evidence_only and rule.applies(era)
                ),
                None,
            )
            if child is not None:
                outcome = Quantity(
                    figure.number, figure.window_start, figure.right_end, metric_id=child.metric_id,
                    topic_start=name[0], topic_end=name[1], period=figure.period, child_of=figure.metric_id,
                )
                outcome.previous_figure_end = figure.previous_figure_end
                alike.append(outcome)
    return alike


def _all_alike_name(view: ProseView, book: Phrasebook, clause_start: int) -> tuple[int, int] | None:
    """The name after the lead words of a clause that says all of a figure had one outcome (均维持原行政行为)."""
    lead = book.cue("all_alike").match(view.text, clause_start)
    if lead is None or lead.end() == clause_start:
        return None
    clause_end = view.clause_end(clause_start)
    # the name starts where the lead's words end, or inside them (全部予以公开: 予以公开 is the name)
    names = (book.topics.match_at(view.text, at, clause_end) for at in range(lead.end(), clause_start, -1))
    return next((span for span in names if span is not None and span[1] == clause_end), None)


def _enumerated_up_to(view: ProseView, quantities: list[Quantity], index: int) -> list[Quantity]:
    """The figure at `index` and those before it that one clause enumerates with it (2起、…1起)."""
    run = [quantities[index]]
    while index > 0:
        previous = quantities[index - 1]
        if quantities[index].previous_figure_end != previous.end or not view.text.startswith(ENUMERATION_MARK, previous.end):
            break
        run.insert(0, previous)
        index -= 1
    return run


def _continues_list(view: ProseView, sentence_start: int) -> bool:
    """其中,… or 在已办结的申请中,…: the sentence lists the parts of the previous sentence's figure."""
    if view.text.startswith(LIST_CONTINUES, sentence_start):
        return True
    first_clause_end = view.clause_end(sentence_start)
    text = view.text
    return text[first_clause_end - 1 : first_clause_end] == LIST_CONTINUES[-1] and text[first_clause_end : first_clause_end + 1] == ","


def _by_sentence(view: ProseView, quantities: list[Quantity]) -> list[tuple[int, list[Quantity]]]:
    groups: dict[int, list[Quantity]] = {}
    for quantity in quantities:
        groups.setdefault(view.sentence_start(quantity.start), []).append(quantity)
    return sorted(groups.items())


def _value(view: ProseView, document: Document, book: Phrasebook, quantity: Quantity) -> MetricValue:
    """The value with the text it was read from: its clause up to its number (or up to its name, when the name
    follows the number), or, for parts added up, the text from the first part's clause to the last part's end,
    which holds every number of the sum. An item of an enumeration starts after the mark that ends the item
    before it ("其中当面申请5件、网上申请15件": 网上申请15件), so that its text holds no other item's figure."""
    value_start = min(quantity.topic_start if quantity.topic_start is not None else quantity.start, quantity.start)
    start = min(value_start, view.clause_start(value_start))
    if quantity.previous_figure_end is not None:
        mark = view.text.rfind(ENUMERATION_MARK, quantity.previous_figure_end, value_start)
        start = mark + 1 if mark >= 0 else start
    end = _end(quantity.parts[-1] if quantity.parts else quantity)  # the parts follow it in the text
    doc_start, doc_end = view.document_span(start, end)
    doc_start = _past_lines_of_their_own(document.text, doc_start, view.document_offset(value_start))
    metric = book.catalog[quantity.metric_id or ""]
    return MetricValue(
        metric_id=metric.metric_id,
        value=quantity.value,
        method="prose",
        snippet=document.text[doc_start:doc_end],
        char_start=doc_start,
        char_end=doc_end,
        period=quantity.period,
        unit=quantity.number.unit or metric.unit,
        evidence_only=quantity.evidence_only,
    )


def _end(quantity: Quantity) -> int:
    """Where the text of a figure ends: at its number, or at its name when that follows (另有103件顺延到下年度)."""
    topic_end = quantity.topic_end
    return topic_end if topic_end is not None and topic_end > quantity.number.end else quantity.number.end


def _past_lines_of_their_own(text: str, start: int, value_start: int) -> int:
    """Where a snippet starting at `start` should start: past the whole lines before the value's text that
    stand alone (a title with no sentence end, which the view runs into the sentence below it)."""
    line_break = text.find("\n", start, value_start)
    if line_break < 0:
        return start  # most snippets: one line
    if text[text.rfind("\n", 0, start) + 1 : start].strip() or not stands_alone(text, start, line_break):
        return start  # the clause starts inside a line (what precedes it there is the sentence's own), or goes on
    while line_break >= 0 and stands_alone(text, start, line_break):
        start = line_break + 1
        line_break = text.find("\n", start, value_start)
    return start + len(text[start:value_start]) - len(text[start:value_start].lstrip())  # past the indent


def _is_list_part(book: Phrasebook, quantity: Quantity) -> bool:
    """A figure with a share of a top-level metric ("县直各单位主动公开政府信息303条,占71.3%") is a part of
    it, not the metric; a child metric with its share of the parent ("同意公开19件,占79.2%") is itself."""
    if quantity.share is None or quantity.child_of is not None:
        return False
    return book.catalog[quantity.metric_id or ""].parent_id is None


def extract_prose(document: Document, identity: Identity, table_spans: list[tuple[int, int]] | None = None) -> Extraction:
    """The figures the document states in prose; the text of its tables (`table_spans`, as the table reader
    found them; None: found here) is left to the table reader."""
    book = load_phrasebook()
    era = prose_era(identity)
    if table_spans is None:
        table_spans = find_table_spans(document.text)
    view = build_view(document.text, table_spans)
    quantities = bind_quantities(view, book, era, identity.year)
    values = [
        _value(view, document, book, q) for q in quantities if q.stated and not _is_list_part(book, q)
    ]
    values += [_value(view, document, book, q) for q in _all_alike(view, book, quantities, era)]
    for zero in find_zero_statements(view, book, era):
        doc_start, doc_end = view.document_span(zero.start, zero.end)
        values.append(
            MetricValue(
                metric_id=zero.metric_id,
                value=0.0,
                method="prose",
                snippet=document.text[doc_start:doc_end],
                char_start=doc_start,
                char_end=doc_end,
                period=zero.period,
                unit=book.catalog[zero.metric_id].unit,
            )
        )
    categories = find_categories(view, document, book, quantities)
    return Extraction(values=_without_repeats(values), categories=categories)


def _without_repeats(values: list[MetricValue]) -> list[MetricValue]:
    """One mention per statement: "收费为0元" is both a figure and a zero in words, and is one mention."""
    kept: list[MetricValue] = []
    for value in sorted(values, key=lambda v: v.char_start):
        if not any(
            (k.metric_id, k.period, k.value, k.evidence_only) == (value.metric_id, value.period, value.value, value.evidence_only)
            and k.char_start < value.char_end
            and value.char_start < k.char_end
            for k in kept
        ):
            kept.append(value)
    return kept
