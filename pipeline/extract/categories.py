"""Category breakdowns stated in prose ("涉及政府机构职能类信息506条,占比19.5%;…") under their parent metric.

A list is recognised by how it is introduced, and its parent is the metric it breaks down:
- 其中 after a figure ("新增主动公开政府信息45条。其中,政策法规类的信息32条;…"): the parent is that figure;
- a category intro ("主动公开政府信息的主要类别有:…", "主动公开的425条政府信息中,…"): the parent is named by
  the intro's verb (主动公开 -> proactive.total), the total is the figure in the intro if there is one;
- an enumeration right after the verb ("全年主动公开市政府规章22件、人事任免文件196件…");
- shares of the parent figure by subject ("县直各单位主动公开政府信息303条,占71.3%");
- a bracketed part of a listed figure ("其他处理319件(26.78%,含申请人主动撤回157件)");
- numbered headings each followed by its count ("1、机构职能人事任免。主要公开…222条政府信息。").
Named children of a parent (不予公开 under 办结) are metric values already; they are also listed here only
when the list gives shares. Lists introduced as 主要/其中/包括/含 are marked partial.
A 其中 list after a figure that names no metric (咨询约4900人次, 受理审批事项117件) is kept under that whole
(parent None, parent_label the words naming it) only when its parts add up to the figure exactly; nested or
overlapping breakdowns (可在线申办4008项: 一级深度…二级深度…) do not, and stay unlisted.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipeline.extract.phrasebook import Phrasebook
from pipeline.extract.prose_view import HEADING_MARK, ProseView
from pipeline.model import CategoryValue, Document

if TYPE_CHECKING:
    from pipeline.extract.prose import Quantity

EDGE = " 、,;:()\n"
LEADING_YEAR = re.compile(r"^(?:(?:19|20)\d{2}年度?|\d{1,2}-\d{1,2}月)")
TRAILING_FILLER = re.compile(r"(?:共计|合计|总计|共|计|为|达|有|的)+$")
NUMBERED_HEADING = re.compile(r"^\d{1,2}[、.](?P<label>[^,;:。!?\d]{2,20})$")
CONTINUES_ENUMERATION = "、"
SECTION_HEADING_LENGTH = 30
SHARE_UNITS = ("%", "‰")
DATE_TAIL = re.compile(r"^(?:年度?|月份?|日)")  # "2013年有约4900人次": what a date's number leaves before a label
HEADING_RUN_END = re.compile(r"[,;:()。!?\d]")
BARE_END = ",;。、)\n"  # where a figure without a unit may end (as for metric values in prose)
SHARE_LEAD = 12  # how far before a figure its 占 may start
MAX_INTRO_CLAUSE = 10  # a clause introducing a list after a figure (主要包括, 按内容划分为) is short and has no figure


@dataclass
class CategoryList:
    parent: str | None  # None: the whole is no catalog metric (咨询约4900人次), named by parent_label
    kind: str  # complete, partial, or by_subject (shares by publisher, listed as complete)
    total: float | None
    items: list[tuple[Quantity, str]] = field(default_factory=list)  # (figure, raw label)
    parent_label: str | None = None


def _strip_prefixes(label: str, book: Phrasebook) -> str:
    prefix = book.label_lead
    previous = None
    while label != previous:
        previous = label
        label = label.strip(EDGE)
        label = LEADING_YEAR.sub("", label)
        label = prefix.sub("", label)
        for verb, _ in book.list_verbs:
            match = verb.match(label)
            if match:
                label = label[match.end() :]
    return label


def clean_label(raw: str, book: Phrasebook) -> str:
    """The words naming a category, without connectors (其中, 含, 涉及), scope words and filler."""
    return TRAILING_FILLER.sub("", _strip_prefixes(raw, book)).strip(EDGE)


def _framed(raw_first: str, cleaned: list[str], book: Phrasebook) -> list[str]:
    """涉及X类信息, Y类信息…: the frame set by the first entry is not part of any label."""
    first = LEADING_YEAR.sub("", raw_first.strip(EDGE))
    frame, suffix = book.cue("label_frame"), book.frame_suffix_end
    if not (frame.match(first) and suffix.search(first)):
        return cleaned
    return [suffix.sub("", label) for label in cleaned]


def _label_text(view: ProseView, quantity: Quantity) -> str:
    """The raw label: the window before the figure, or only the qualifier before a parent-naming topic."""
    end = quantity.start
    if quantity.topic_start is not None and quantity.topic_start >= quantity.window_start and quantity.child_of is None:
        end = quantity.topic_start
    return view.text[quantity.window_start : end]


def _partial(intro: str, book: Phrasebook) -> bool:
    """主要类别, 其中, 包括, 含: the list may name only some of the parts."""
    return any(book.cue(kind).search(intro) for kind in ("partial_intro", "list_intro", "nested_intro"))


def _list_verb_metric(text: str, book: Phrasebook) -> str | None:
    for verb, metric_id in book.list_verbs:
        if verb.search(text):
            return metric_id
    return None


def _uncertain(view: ProseView, book: Phrasebook, quantity: Quantity) -> bool:
    """A figure that may not be a count at all: one right after 占 (a share whose % was cut off: "占1 9.01%"),
    or one without a unit that its clause does not end after ("规划计划类 3 3条", a number a line break cut
    in two, or a cell of a row)."""
    if book.cue("share_lead").search(view.text, max(0, quantity.start - SHARE_LEAD), quantity.start):
        return True
    number = quantity.number
    return number.unit is None and quantity.share is None and view.text[number.end : number.end + 1] not in BARE_END


def _accepts(book: Phrasebook, parent: str, quantity: Quantity, has_shares: bool, any_unnamed: bool) -> bool:
    """Whether a figure in a list under `parent` is one of its categories. A figure naming no metric is one
    when the list gives shares, when the parent has no named children (proactive.total), or when the list
    itself says it is a part (含…); a named child is listed only beside shares."""
    if quantity.number.approximate or quantity.dropped not in (None, "office_subset"):
        return False  # last year's, a target, a change: not a part of this year's figure
    if quantity.child_of == parent:
        return has_shares
    if quantity.metric_id == parent:
        return quantity.share is not None
    if quantity.metric_id is None:
        return any_unnamed or has_shares or not book.has_children(parent)
    return False


class _Finder:
    """Walks a document's sentences once, collecting lists and remembering which figures are used."""

    def __init__(self, view: ProseView, book: Phrasebook, quantities: list[Quantity]) -> None:
        self.view, self.book = view, book
        self.sentences = view.sentences()
        self.sentence_starts = [start for start, _ in self.sentences]
        self.by_sentence: dict[int, list[Quantity]] = {}
        for quantity in quantities:
            self.by_sentence.setdefault(view.sentence_start(quantity.start), []).append(quantity)
        self.used: set[int] = set()
        self.lists: list[CategoryList] = []

    def add(
        self, parent: str, kind: str, total: float | None, items: list[Quantity], has_shares: bool, any_unnamed: bool = False
    ) -> None:
        chosen = [
            q
            for q in items
            if id(q) not in self.used
            and not _uncertain(self.view, self.book, q)
            and _accepts(self.book, parent, q, has_shares, any_unnamed)
        ]
        if not chosen:
            return
        self.used.update(id(q) for q in chosen)
        self.lists.append(CategoryList(parent, kind, total, [(q, _label_text(self.view, q)) for q in chosen]))

    def nested(self, group: list[Quantity]) -> None:
        """办结1191件(含上年结转189件): a bracketed 含/包括 figure is a part of the figure before the bracket."""
        text = self.view.text
        nested_intro = self.book.cue("nested_intro")
        for previous, quantity in zip(group, group[1:]):
            between = text[previous.number.end : quantity.start]
            if between.count("(") <= between.count(")") or not previous.metric_id:
                continue
            clause = text[self.view.clause_start(quantity.start) : quantity.start]
            if nested_intro.match(clause.lstrip(EDGE)) and quantity.metric_id is None:
                self.add(previous.metric_id, "partial", previous.value, [quantity], False, any_unnamed=True)

    def after_qizhong(self, group: list[Quantity], previous_group: list[Quantity]) -> None:
        """其中 after a figure: the figure is the parent, what follows its parts."""
        for index, quantity in enumerate(group):
            intro = self._list_intro(quantity)
            if intro is None or (intro != "其中" and index == 0):
                continue  # an intro other than 其中 follows its figure in the sentence; alone it is category_intro's
            parent = self._parent_before(group[:index], group[index:], previous_group)
            if parent is None:
                self._unnamed_whole(group[:index], group[index:], previous_group)
                return
            items = []
            for item in group[index:]:
                if item.metric_id and item.child_of is None and item.metric_id != parent.metric_id:
                    break  # the next parent figure starts a new statement (行政诉讼46件,其中…)
                if self._names_this_year(item):
                    break  # 累计…12563条,其中本年度新增1523条: this year's share of a total, not a category
                items.append(item)
            has_shares = any(q.share is not None for q in items)
            kind = "partial" if _partial(intro, self.book) else "complete"
            self.add(parent.metric_id, kind, parent.value, items, has_shares, any_unnamed=self._framed_list(items))
            return

    def _names_this_year(self, quantity: Quantity) -> bool:
        label = _label_text(self.view, quantity).strip(EDGE).removeprefix("其中").lstrip(EDGE)
        return bool(self.book.this_year_lead.match(label))

    def _list_intro(self, quantity: Quantity) -> str | None:
        """The words introducing a list after a figure, when the quantity's clause starts with 其中 or follows a
        clause that only introduces a list ("其中,政策法规类的信息32条", "主要包括:…", "按内容划分为:…")."""
        text, view = self.view.text, self.view
        clause_start = view.clause_start(quantity.start)
        if text.startswith("其中", clause_start):
            return "其中"
        if clause_start == 0:
            return None
        clause = text[view.clause_start(clause_start - 1) : clause_start - 1].strip(EDGE)
        if clause == "其中":
            return clause
        if len(clause) > MAX_INTRO_CLAUSE or any(map(str.isdigit, clause)):  # map: no Python frame per character
            return None
        if self.book.cue("list_intro").search(clause) or self.book.cue("category_intro").search(clause):
            return clause
        return None

    def _framed_list(self, items: list[Quantity]) -> bool:
        """其中涉及土地征收类12件,涉及房屋拆迁类5件,其他3件: a list its first item frames as 涉及… names categories,
        not the parent's children (as the label frame is read off the first entry)."""
        frame = self.book.cue("label_frame")
        first = _label_text(self.view, items[0]).strip(EDGE).removeprefix("其中").lstrip(EDGE) if items else ""
        return len(items) > 1 and all(q.metric_id is None for q in items) and bool(frame.match(first))

    @staticmethod
    def _parent_before(before: list[Quantity], after: list[Quantity], previous_group: list[Quantity]) -> Quantity | None:
        """The figure 其中 refers to: the one right before it, else the previous sentence's figure whose
        children the list names, else that sentence's last stated figure."""
        if before:
            last = before[-1]
            return last if last.metric_id and last.child_of is None else None
        named_parents = {q.child_of for q in after if q.child_of}
        stated = [q for q in previous_group if q.metric_id and q.child_of is None and q.dropped is None]
        for candidate in reversed(stated):
            if candidate.metric_id in named_parents:
                return candidate
        return stated[-1] if stated else None

    def _unnamed_whole(self, before: list[Quantity], after: list[Quantity], previous_group: list[Quantity]) -> None:
        """其中 after a figure that names no metric ("有约4900人次…咨询…,其中现场咨询1600人次,…"; "受理审批事项117件,
        办结171件。其中…91件;…7件;…19件"): its parts are a list under that whole when they add up to it exactly,
        counted in its unit. The whole is the nearest such figure before 其中 (in its sentence, else the one before)."""
        if any(q.metric_id for q in before):
            return
        items = []
        for item in after:
            if item.metric_id:
                break
            items.append(item)
        for whole in reversed(before or previous_group):
            unit = whole.number.unit
            if whole.metric_id or unit is None or unit in SHARE_UNITS or whole.dropped is not None:
                continue
            parts = [q for q in items if q.number.unit == unit and not q.number.approximate and id(q) not in self.used]
            if len(parts) < 2 or abs(sum(q.value for q in parts) - whole.value) > 1e-6 * max(1.0, whole.value):
                continue
            self.used.update(id(q) for q in parts)
            labelled = [(q, _label_text(self.view, q)) for q in parts]
            self.lists.append(CategoryList(None, "partial", whole.value, labelled, self._whole_name(whole)))
            return

    def _whole_name(self, whole: Quantity) -> str:
        """The words naming an unnamed whole: its label before the figure, else the rest of its clause."""
        name = clean_label(DATE_TAIL.sub("", _label_text(self.view, whole).lstrip(EDGE)), self.book)
        if len(name) >= 2:
            return name
        text = self.view.text
        return text[whole.end : self.view.clause_end(whole.end)].strip(EDGE)

    def _figure_just_before(self, sentence_start: int, previous_group: list[Quantity]) -> str | None:
        """"全年共主动公开政府信息2356条。从公开内容看,…": an intro naming no parent breaks down the figure the
        sentence right before it states (its last one), when that sentence states one."""
        before = self._sentence_before(sentence_start)
        if before is None or not previous_group:
            return None
        stated = [
            q for q in previous_group
            if q.metric_id and q.child_of is None and q.dropped is None and self.view.sentence_start(q.start) == before
        ]
        return stated[-1].metric_id if stated else None

    def _heading_before(self, sentence_start: int) -> tuple[str, int] | None:
        """The sentence right before, with where it starts, when it is a short heading without figures."""
        start = self._sentence_before(sentence_start)
        if start is None:
            return None
        heading = self.view.text[start:sentence_start]
        if len(heading) > SECTION_HEADING_LENGTH or start in self.by_sentence:
            return None
        return heading, start

    def _sentence_before(self, sentence_start: int) -> int | None:
        """Where the sentence before the one starting here starts (line breaks between them skipped)."""
        index = bisect_right(self.sentence_starts, sentence_start - 1) - 1
        return self.sentence_starts[index] if index >= 0 else None

    def category_intro(self, group: list[Quantity], sentence_start: int, previous_group: list[Quantity]) -> None:
        """主动公开政府信息的主要类别有: … / 在网站主动公开的425条政府信息中, …"""
        text = self.view.text
        total = None
        items = group
        if len(group) > 1 and self.view.opens_list(group[0].number.end):
            total, items = group[0].value, group[1:]
        intro = text[sentence_start : items[0].window_start]
        figure_before = sentence_start  # the sentence before this one may state the whole the list breaks down
        if total is None and not intro.strip(EDGE) and (heading := self._heading_before(sentence_start)):
            intro, figure_before = heading  # "（二）公开类别。机构职能类120条,…": the heading is the intro
        names_categories = self.book.cue("category_intro").search(intro) or intro.rstrip(EDGE).endswith("中")
        if total is None and not names_categories:
            return  # "主要类别有:", "主动公开的政府信息中," (or a total: "主动公开的425条政府信息中,")
        parent = _list_verb_metric(intro, self.book) or self._section_metric(figure_before)
        if parent is None and total is None:
            parent = self._figure_just_before(figure_before, previous_group)
        if parent:
            kind = "partial" if _partial(intro, self.book) else "complete"
            self.add(parent, kind, total, items, any(q.share is not None for q in items))

    def _section_metric(self, sentence_start: int) -> str | None:
        """The metric named by the heading of the section a sentence stands in (二、主动公开政府信息情况)."""
        text = self.view.text
        for start, end in reversed(self.sentences):
            if start >= sentence_start:
                continue
            mark = HEADING_MARK.match(text, start, end)
            if not mark:
                continue
            if end - start > SECTION_HEADING_LENGTH:
                # a page that lost its line breaks runs the heading into its first sentence
                # ("二、主动公开政府信息情况2010年,我省共…"): the heading is the words before the first figure or stop
                body = HEADING_RUN_END.search(text, mark.end(), end)
                end = body.start() if body else end
                if end - start > SECTION_HEADING_LENGTH:
                    continue
            return _list_verb_metric(text[start:end], self.book)
        return None

    def enumeration(self, group: list[Quantity]) -> None:
        """全年主动公开市政府规章22件、人事任免文件196件…: figures listed right after the verb."""
        first = group[0]
        if first.metric_id is not None:
            return
        label = self.view.text[first.window_start : first.start]
        stripped = self.book.this_year_lead.sub("", LEADING_YEAR.sub("", label.strip(EDGE)))
        parent = next((m for verb, m in self.book.list_verbs if verb.match(stripped)), None)
        if parent is None:
            return
        items = [first]
        for previous, quantity in zip(group, group[1:]):
            if not self.view.text.startswith(CONTINUES_ENUMERATION, previous.end):
                break
            items.append(quantity)
        if len(items) > 1:
            self.add(parent, "complete", None, items, False)

    def shares_by_subject(self, group: list[Quantity]) -> None:
        """县直各单位主动公开政府信息303条,占71.3%: the parent figure split by who published it."""
        for quantity in group:
            if quantity.share is None or quantity.metric_id is None or quantity.child_of is not None:
                continue
            if clean_label(_label_text(self.view, quantity), self.book):
                previous = self.lists[-1] if self.lists else None
                if previous and previous.parent == quantity.metric_id and previous.kind == "by_subject":
                    if id(quantity) not in self.used:
                        self.used.add(id(quantity))
                        previous.items.append((quantity, _label_text(self.view, quantity)))
                    continue
                self.add(quantity.metric_id, "by_subject", None, [quantity], True)

    def numbered_headings(self) -> None:
        """分成11大项: 1、机构职能人事任免。主要公开…222条政府信息。 2、…: each heading names the count after it."""
        starts = [start for start, _ in self.sentences]
        resume = 0
        for intro in self.view.finditer(self.book.cue("category_intro")):
            index = bisect_right(starts, intro.start()) - 1
            if index < resume:
                continue
            start, end = self.sentences[index]
            parent = _list_verb_metric(self.view.text[start:end], self.book)
            if parent is None:
                continue
            items, resume = self._headed_items(index + 1)
            if len(items) > 1:
                self.used.update(id(q) for q, _ in items)
                self.lists.append(CategoryList(parent, "complete", None, items))

    def _headed_items(self, index: int) -> tuple[list[tuple[Quantity, str]], int]:
        items: list[tuple[Quantity, str]] = []
        pending: str | None = None
        first = index
        while index < len(self.sentences):
            start, end = self.sentences[index]
            sentence = self.view.text[start:end]
            heading = NUMBERED_HEADING.match(sentence)
            if heading:
                pending = heading.group("label")
            elif HEADING_MARK.match(sentence):
                break  # the section the list belongs to has ended
            elif pending is not None:
                figures = self.by_sentence.get(start, [])
                if len(figures) == 1 and figures[0].metric_id is None and figures[0].number.unit and id(figures[0]) not in self.used:
                    items.append((figures[0], pending))
                pending = None
            elif not items and index - first >= 2:
                break  # the headings must follow the intro
            index += 1
        return items, index


def _category_values(view: ProseView, document: Document, book: Phrasebook, lists: list[CategoryList]) -> list[CategoryValue]:
    values = []
    for list_no, category_list in enumerate(lists, start=1):
        raw_labels = [raw for _, raw in category_list.items]
        cleaned = _framed(raw_labels[0], [clean_label(label, book) for label in raw_labels], book)
        kind = "complete" if category_list.kind == "by_subject" else category_list.kind
        for (quantity, _), label in zip(category_list.items, cleaned):
            if not label:
                continue
            start, end = view.document_span(quantity.window_start, quantity.end)
            values.append(
                CategoryValue(
                    parent_metric_id=category_list.parent,
                    label=label,
                    value=quantity.value,
                    share_pct=quantity.share,
                    snippet=document.text[start:end],
                    char_start=start,
                    char_end=end,
                    list_no=list_no,
                    list_kind=kind,
                    list_total=category_list.total,
                    parent_label=category_list.parent_label,
                )
            )
    return values


def find_categories(view: ProseView, document: Document, book: Phrasebook, quantities: list[Quantity]) -> list[CategoryValue]:
    """Every category entry stated in the prose, grouped into numbered lists."""
    finder = _Finder(view, book, quantities)
    previous_group: list[Quantity] = []
    for sentence_start, group in sorted(finder.by_sentence.items()):
        finder.nested(group)
        finder.after_qizhong(group, previous_group)
        finder.category_intro(group, sentence_start, previous_group)
        finder.enumeration(group)
        finder.shares_by_subject(group)
        previous_group = group
    finder.numbered_headings()
    finder.lists.sort(key=lambda lst: lst.items[0][0].start)
    return _category_values(view, document, book, finder.lists)
