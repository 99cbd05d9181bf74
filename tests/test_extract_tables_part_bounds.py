"""Run-together statistics tables (a crawler dropped the cell borders: 政府网站公开数条13886111): a part is at
most its whole in each period, so a channel's row keeps the one cut within 主动公开信息数's figures, once those
are read without a guess (here the report's own sentence confirms them). Before, the row stayed unread."""

from __future__ import annotations

from pipeline.clean import clean_text
from pipeline.extract import extract
from pipeline.model import Document, Identity

PROSE = "2012年，我县共主动公开政府信息1457条。"
TABLE = (
    "附件1：某县人民政府2012年政府信息公开情况统计表 指标名称计量单位2012年度历年累计主动公开信息数条14576451"
    "其中：1.政府网站公开数条138861112.政府公报公开数条35158受理政府信息公开申请总数条37236"
)


def read(prose: str) -> tuple[dict[tuple[str, str], float], list]:
    text = clean_text(f"某县人民政府2012年政府信息公开工作年度报告\n一、概述\n{prose}\n二、附件\n{TABLE}\n").text
    extraction = extract(Document("t", 1, "annual_report", text), Identity(template="v2008", year=2012))
    table = {(v.metric_id, v.period): v.value for v in extraction.values if v.method == "table"}
    return table, extraction.unmapped


def test_a_channel_takes_the_one_cut_within_its_whole() -> None:
    table, unmapped = read(PROSE)
    assert table[("proactive.total", "year")] == 1457 and table[("proactive.total", "cumulative")] == 6451
    assert table[("proactive.channel.website", "year")] == 1388 and table[("proactive.channel.website", "cumulative")] == 6111
    # 政府公报公开数条35158: 3|5158 and 35|158 both lie within the whole: left unread, kept whole
    assert ("proactive.channel.gazette", "year") not in table
    assert [u.label for u in unmapped if "公报" in u.label] == ["2.政府公报公开数"]


def test_no_bound_from_a_whole_that_was_itself_a_guess() -> None:
    table, _ = read("2012年，我县政府信息公开工作平稳推进。")
    assert ("proactive.total", "year") not in table  # 1|4576451, 14|576451, 145|76451, 1457|6451: four cuts
    assert ("proactive.channel.website", "year") not in table
