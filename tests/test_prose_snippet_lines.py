"""A value's snippet starts on the line that holds its text, not on a title above it.

A title longer than a heading and without a sentence end ("关于因政府信息公开申请提起行政复议和行政诉讼的情况说明")
is run into the first sentence below it by the prose view (PDF text breaks sentences over lines the same way), so
the clause of a figure there began on the title line, and so did its snippet. A line of hard-wrapped text is
still part of the sentence it breaks, and its snippet keeps it.
"""

from __future__ import annotations

from pipeline.extract.prose import extract_prose
from pipeline.model import Document, Identity


def values(text: str, template: str = "v2008", year: int = 2016) -> dict[str, object]:
    document = Document(content_sha256="test", part=1, kind="annual_report", text=text)
    found = extract_prose(document, Identity(template=template, year=year)).values
    for value in found:
        assert text[value.char_start : value.char_end] == value.snippet
    return {value.metric_id: value for value in found}


def test_a_title_without_a_sentence_end_is_not_the_start_of_the_snippet() -> None:
    text = "关于因政府信息公开申请提起行政复议和行政诉讼的情况说明\n本年度共发生行政复议案件5件,其中维持2件。"
    found = values(text)
    assert found["review.total"].snippet == "本年度共发生行政复议案件5件"
    assert found["review.upheld"].snippet == "其中维持2件"


def test_an_indented_sentence_under_a_long_title() -> None:
    text = "某某县人民政府办公室二〇一六年度政府信息公开工作年度报告\n\u3000\u3000全年主动公开政府信息79条,其中通过政府网站公开65条。"
    assert values(text)["proactive.total"].snippet == "全年主动公开政府信息79条"


def test_a_line_cut_inside_its_sentence_stays_in_the_snippet() -> None:
    # the clause begins mid-line: what stands before the break is the sentence's own
    text = "全年主动公开政府信息1800条,其中通过政府\n网站公开1621条。"
    assert values(text)["proactive.channel.website"].snippet == "其中通过政府\n网站公开1621条"


def test_a_hard_wrapped_paragraph_keeps_its_first_line() -> None:
    # a PDF paragraph wrapped at 32 characters, one line of it a whole clause without punctuation: the line
    # is the sentence's own (it is as long as the text's other wrapped lines), so the snippet keeps it
    wrapped = "\n".join(
        [
            "本机关高度重视政府信息公开工作认真贯彻落实条例要求建立健全制度,",
            "本年度我局通过政务微博微信公众号新闻发布会和各类渠道及时全面准确地",
            "主动公开政府信息1200条,较好地保障了公众的知情权参与权和监督权同",
            "时认真做好依申请公开工作依法按时答复各类信息公开申请做到件件回音",
            "事事有着落群众满意度进一步提升工作取得良好成效为全面推进政务公开",
            "工作打下了坚实基础下一步我局将继续加强组织领导完善制度建设提升质",
            "量。",
        ]
    )
    snippet = values(wrapped)["proactive.total"].snippet
    assert snippet == "本年度我局通过政务微博微信公众号新闻发布会和各类渠道及时全面准确地\n主动公开政府信息1200条"


def test_the_cached_wrap_width_is_the_texts_own() -> None:
    # stands_alone measures a text's wrap width once for all its snippets: the cached answer must be the text's,
    # also when texts alternate
    from pipeline.extract.prose_view import _wrap_width_of, wrap_width

    wrapped = "\n".join("政府信息公开工作稳步推进各项制度不断健全完善公开内容持续丰富" for _ in range(6)) + "。"
    texts = [wrapped, "一、概述\n全年主动公开政府信息79条。", wrapped[:200], wrapped]
    for text in texts * 2:
        assert _wrap_width_of(text) == wrap_width(text)
    assert wrap_width(wrapped) is not None
