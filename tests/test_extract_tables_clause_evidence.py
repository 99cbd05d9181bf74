"""A run of digits in a v2008 statistics table that no sum separates is read only where the report's sentences
state its figures, and a figure vouches for a row only from the clause that names the row: in
"对申请的答复总数为18件，其中同意公开10件，同意部分公开4件，不予公开2件" the 2 is 不予公开's, not 答复总数's.
Before, any number of the sentence counted, and "对申请的答复总数条2887" (28 | 87, its year figure not the sum
of its parts) was read 2 | 887 because "不予公开2件" stood in the same sentence."""

from __future__ import annotations

from pipeline.clean import clean_text
from pipeline.extract.tables import extract_tables
from pipeline.model import Document, Identity

TABLE = (
    "指标名称计量单位2012年度历年累计主动公开信息数条9584770其中：1.政府网站公开数条93746172.政府公报公开数条313"
    "受理政府信息公开申请总数条1887其中：1.当面申请数条7242.网上申请数条8413.信函、传真申请数条322"
    "对申请的答复总数条{answered}其中：1.同意公开答复数条10372.同意部分公开答复数条493.不予公开答复数条26"
    "4.其他类型答复数条235接受行政申诉、举报数件13行政复议数件00行政诉讼数件00"
)
PROSE = "三、依申请公开情况\n对申请的答复总数为{year}件，其中同意公开10件，同意部分公开4件，不予公开2件，其他类型答复2件。\n"


def _answered(year_in_prose: int, run: str) -> dict[str, float]:
    text = "某县卫生局2012年政府信息公开工作年度报告\n" + PROSE.format(year=year_in_prose) + "附表\n" + TABLE.format(answered=run) + "\n"
    cleaned = clean_text(text).text
    extraction = extract_tables(Document("t", 1, "annual_report", cleaned), Identity(template="v2008"))
    return {v.period: v.value for v in extraction.values if v.metric_id == "requests.answered"}


def test_a_figure_of_another_clause_does_not_choose_the_cut() -> None:
    assert _answered(18, "2887") == {}  # 28 | 87 or 2 | 887: no sum or clause says which


def test_the_clause_naming_the_row_still_chooses_the_cut() -> None:
    assert _answered(28, "2887") == {"year": 28, "cumulative": 87}
