"""The synthetic corpus's truth for prose 其中 lists: what its labels call inconsistent is
what the report's own text contradicts, and no more."""

from __future__ import annotations

from pipeline.synth.truth import Relation, Truth, inconsistencies, key


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
