"""The synthetic corpus's truth for prose 其中 lists: what its labels call inconsistent is
what the report's own text contradicts, and no more."""

from __future__ import annotations

from pipeline.synth.truth import CategoryList, Relation, Truth, inconsistencies, key


def _breakdown(stated: float, parts: list[float], partial: bool) -> list[dict]:
    truth = Truth()
    truth.state(key("requests.received"), stated)
    children = ["requests.received.in_person", "requests.received.online", "requests.received.mail"][: len(parts)]
    for metric_id, value in zip(children, parts):
        truth.state(key(metric_id), value)
    truth.relations.append(Relation("sum", ("requests.received",), (key("requests.received"),),
                                    tuple(key(m) for m in children), "requests.received is not the sum of the parts the prose lists",
                                    partial=partial))
    return inconsistencies(truth)


def test_a_short_list_of_highlights_is_no_inconsistency():
    """收到申请13件，其中当面申请2件，网络申请1件: a selection; nothing says the other 10 are wrong."""
    assert _breakdown(13, [2, 1], partial=True) == []
    assert _breakdown(11, [10], partial=True) == []  # one part is a subset statement, not a list


def test_a_list_above_its_total_or_covering_most_of_it_is():
    assert [(f["stated"], f["computed"]) for f in _breakdown(13, [12, 3], partial=True)] == [(13, 15)]
    assert [(f["stated"], f["computed"]) for f in _breakdown(39, [20, 17], partial=True)] == [(39, 37)]
    assert [(f["stated"], f["computed"]) for f in _breakdown(13, [2, 1], partial=False)] == [(13, 3)]


def _categories(total: float, entries: list[tuple[float, float | None]], complete: bool, decimals: int = 2) -> list[dict]:
    truth = Truth()
    truth.state(key("proactive.total"), total)
    listing = CategoryList("proactive.total", key("proactive.total"), complete=complete)
    for n, (value, share) in enumerate(entries):
        listing.entries.append({"label": f"类别{n}", "value": value, "share_pct": share, "share_decimals": decimals})
    truth.category_lists.append(listing)
    return inconsistencies(truth)


def test_a_main_categories_list_well_short_of_its_total_is_no_inconsistency():
    """主要类别有：应急管理类71条；重大建设项目类45条；机构职能类13条 of 259: a selection (129, under half)."""
    assert _categories(259, [(71, None), (45, None), (13, None)], complete=False) == []
    assert [(f["stated"], f["computed"]) for f in _categories(259, [(171, None), (45, None)], complete=False)] == [(259, 216)]
    assert [(f["stated"], f["computed"]) for f in _categories(259, [(71, None), (45, None)], complete=True)] == [(259, 116)]


def test_a_share_is_judged_to_the_digits_it_is_printed_with():
    """A two-decimal list prints 9.00% as "占9%": 477 of 5243 (9.098%) rounds to that, whatever the list's
    other shares show; 9.5% would not."""
    assert _categories(5243, [(477, 9.0), (4766, 90.9)], complete=True, decimals=2) == []
    [found] = _categories(5243, [(477, 9.5), (4766, 90.9)], complete=True, decimals=2)
    assert (found["kind"], found["stated"], found["computed"]) == ("share", 9.5, 9.1)
