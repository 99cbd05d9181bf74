"""Prose shapes that were unread or could be misread: a figure inside the noun phrase that opens a list
(在已答复的36件申请中), approximate figures (1200余条, 近300个, 约30件), and shares written in words (占百分之十五)."""

from __future__ import annotations

import pytest

from pipeline.extract import extract
from pipeline.extract.prose import extract_prose
from pipeline.extract.rates import extract_rates
from pipeline.model import Document, Extraction, Identity


def prose(text: str, template: str = "v2008", year: int = 2016) -> Extraction:
    document = Document(content_sha256="test", part=1, kind="annual_report", text=text)
    return extract_prose(document, Identity(template=template, year=year))


def stated(text: str, template: str = "v2008", year: int = 2016) -> set[tuple[str, str, float]]:
    return {(v.metric_id, v.period, v.value) for v in prose(text, template, year).values if not v.evidence_only}


@pytest.mark.parametrize(
    ("text", "template", "year", "expected"),
    [
        # the figure inside the list-opening noun phrase names the whole the list breaks down
        ("全年共受理政府信息公开申请36件。在已答复的36件申请中,同意公开30件,同意部分公开4件,不同意公开2件。", "v2008", 2014,
         {("requests.received", "year", 36), ("requests.answered", "year", 36), ("requests.answered.granted", "year", 30),
          ("requests.answered.partial", "year", 4), ("requests.answered.denied", "year", 2)}),
        ("2013年,在本年度主动公开的425条政府信息中,机构职能类信息148条,占34.8%;政策类信息277条,占65.2%。", "v2008", 2013,
         {("proactive.total", "year", 425)}),
        ("在已办结的52件政府信息公开申请中,予以公开40件,部分公开8件,不予公开4件。", "v2019", 2020,
         {("requests.processed_total", "year", 52), ("requests.granted", "year", 40),
          ("requests.partially_granted", "year", 8), ("requests.denied", "year", 4)}),
        ("本年度新收政府信息公开申请36件。在已答复的36件申请中,予以公开30件,不予公开6件。", "v2019", 2021,
         {("requests.new_received", "year", 36), ("requests.processed_total", "year", 36), ("requests.granted", "year", 30),
          ("requests.denied", "year", 6)}),
        # a qualifier before the verb narrows the phrase to a part: the figure stays unread
        ("2011年,在平潭综合实验区管委会网站主动公开的425条政府信息中,机构职能类信息148条,占34.8%;政策类信息21条,占4.9%。",
         "v2008", 2011, set()),
        # a figure in a list opener that names no metric stays unread
        ("在全年的1295件中,自然人申请1200件。", "v2019", 2020, set()),
        # approximate figures are never exact values
        ("全年主动公开政府信息1200余条,其中通过政府网站公开1000多条,通过政府公报公开近200条。", "v2008", 2015, set()),
        ("全年共受理依申请公开约30件,举办新闻发布会近300个。", "v2008", 2015, set()),
    ],
)
def test_frames_and_approximates(text: str, template: str, year: int, expected: set) -> None:
    assert stated(text, template, year) == expected


def test_shares_in_words_become_shares() -> None:
    text = "全年主动公开政府信息200条,其中政策法规类30条,占百分之十五;工作动态类169条,占百分之八十四点五;人事任免类1条,占百分之零点五。"
    categories = prose(text).categories
    assert [(c.label, c.value, c.share_pct) for c in categories] == [
        ("政策法规类", 30, 15), ("工作动态类", 169, 84.5), ("人事任免类", 1, 0.5),
    ]
    assert {c.parent_metric_id for c in categories} == {"proactive.total"}


def test_shares_in_words_read_like_percent_signs() -> None:
    words = "本年度共主动公开政府信息400条。从公开内容看,机构职能类100条,占比百分之二十五;政策文件类300条,占比百分之七十五。"
    digits = "本年度共主动公开政府信息400条。从公开内容看,机构职能类100条,占比25%;政策文件类300条,占比75%。"
    read = [[(c.parent_metric_id, c.label, c.value, c.share_pct) for c in prose(text).categories] for text in (words, digits)]
    assert read[0] == read[1] and len(read[0]) == 2 and read[0][0][3] == 25


def test_whole_share_in_words() -> None:
    text = "全年主动公开政府信息120条,其中政策法规类120条,占百分之百。"
    assert [(c.value, c.share_pct) for c in prose(text).categories] == [(120, 100)]


@pytest.mark.parametrize(
    "text",
    [
        "全年受理政府信息公开申请约30件,已全部办结,办结率100%。",
        "全年受理政府信息公开申请30件左右,已全部办结,办结率100%。",
        "全年受理政府信息公开申请30件,办结近30件,办结率100%。",
    ],
)
def test_rates_need_exact_counts(text: str) -> None:
    assert extract_rates(text) == []


def test_exact_rate_still_read() -> None:
    (rate,) = extract_rates("全年受理政府信息公开申请30件,已全部办结,办结率100%。")
    assert (rate.whole_value, rate.part_value, rate.rate_pct) == (30, 30, 100)


def test_frame_figure_through_the_whole_extraction() -> None:
    text = "二、依申请公开政府信息情况\n全年共收到政府信息公开申请12件。在已答复的12件申请中,同意公开10件,不同意公开2件。\n"
    document = Document(content_sha256="test", part=1, kind="annual_report", text=text)
    values = extract(document, Identity(template="v2008", year=2012)).values
    (answered,) = [v for v in values if v.metric_id == "requests.answered"]
    assert answered.value == 12 and text[answered.char_start : answered.char_end].endswith("已答复的12件")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年共办结申请36件。", {("requests.closed", "year", 36)}),
        ("全年共办结政府信息公开申请36件,均在法定期限内答复。", {("requests.closed", "year", 36)}),
        ("在已办结的36件申请中,同意公开30件,不同意公开6件。",
         {("requests.closed", "year", 36), ("requests.answered.granted", "year", 30), ("requests.answered.denied", "year", 6)}),
        ("办结申请人提出的申请3件。", set()),
    ],
)
def test_closed_requests_named_by_their_verb_and_noun(text: str, expected: set) -> None:
    assert stated(text) == expected
