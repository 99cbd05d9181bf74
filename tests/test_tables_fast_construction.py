"""model.metric_value / model.unmapped_value (the table readers' constructors) build the same objects as
MetricValue(...) / UnmappedValue(...): equal, the same instance dict in the same order (what stages writes to
the lake: {**vars(value)}), the same asdict and the same pickle bytes; rows._text_row builds the TextRow that
TextRow(...) builds."""

from __future__ import annotations

import inspect
import pickle
from dataclasses import MISSING, asdict, fields

import pytest

from pipeline.model import MetricValue, UnmappedValue, metric_value, unmapped_value
from pipeline.tables.rows import TextRow, _text_row, build_rows
from pipeline.tables.tokens import LABEL, NUMBER, Token, tokenize


def _same_object(made: object, built: object) -> None:
    assert type(made) is type(built)
    assert made == built
    assert list(vars(made).items()) == list(vars(built).items())
    assert asdict(made) == asdict(built)
    assert pickle.dumps(made) == pickle.dumps(built)
    assert pickle.loads(pickle.dumps(made)) == built


@pytest.mark.parametrize(("factory", "cls"), [(metric_value, MetricValue), (unmapped_value, UnmappedValue)])
def test_factories_take_the_fields_in_order_with_their_defaults(factory, cls) -> None:
    parameters = list(inspect.signature(factory).parameters.values())
    assert [p.name for p in parameters] == [f.name for f in fields(cls)]
    for parameter, field_ in zip(parameters, fields(cls)):
        expected = inspect.Parameter.empty if field_.default is MISSING else field_.default
        assert parameter.default == expected, field_.name


def test_metric_value_builds_what_the_dataclass_builds() -> None:
    cases = [
        ("m1", 3.0, "table", "一、本年新收 3 件", 10, 20),
        ("m2", None, "table", "—", 0, 1, "commercial", "year", "件"),
        ("m3", 1.5, "prose", "约1.5万元", 5, 9, "total", "cumulative", "万元", True),
    ]
    for args in cases:
        _same_object(metric_value(*args), MetricValue(*args))
    keywords = {"metric_id": "m4", "value": 0.0, "method": "table", "snippet": "无", "char_start": 1, "char_end": 2, "unit": "条"}
    _same_object(metric_value(**keywords), MetricValue(**keywords))


def test_unmapped_value_builds_what_the_dataclass_builds() -> None:
    for args in [("其他 合计", None, 7.0, "其他 7", 3, 8), ("行", "件", None, "行 12345", 0, 8, "cumulative")]:
        _same_object(unmapped_value(*args), UnmappedValue(*args))


def test_text_row_builds_what_the_dataclass_builds() -> None:
    parameters = list(inspect.signature(_text_row).parameters.values())
    assert [p.name for p in parameters] == [f.name for f in fields(TextRow)]
    assert parameters[2].default is TextRow().piped
    label = Token(LABEL, "一、本年新收", 0, 6)
    figure = Token(NUMBER, "3", 7, 8, 3.0)
    for args in [([label], [figure]), ([label], [figure], True), ([], [figure], False)]:
        made, built = _text_row(*args), TextRow(*args)
        assert type(made) is TextRow and made == built
        assert list(vars(made).items()) == list(vars(built).items())
        assert made.label_after_sentence() == built.label_after_sentence()


def test_build_rows_makes_rows_as_the_dataclass_does() -> None:
    text = "| 项目 | 本年新增 |\n| 主动公开规章 | 3 |\n一、本年新收 12 件 5 —\n二、上年结转 无 7"
    rows = build_rows(tokenize(text))
    assert rows and all(type(row) is TextRow for row in rows)
    assert rows == [TextRow(row.labels, row.values, row.piped) for row in rows]
    assert [list(vars(row)) for row in rows] == [["labels", "values", "piped"]] * len(rows)
