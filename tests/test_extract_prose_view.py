"""The prose view: sentences as one run of characters, tables left out, offsets back to the cleaned text."""

from __future__ import annotations

from pipeline.extract.prose_view import build_view


def test_pdf_line_wraps_inside_a_sentence_are_joined() -> None:
    view = build_view("2024 年，全市共受理政府信息公开申请 3119 件，答\n复 3050 件（含上年度结转申请 34 件）。")
    assert view.text == "2024年,全市共受理政府信息公开申请3119件,答复3050件(含上年度结转申请34件)。"


def test_headings_and_paragraph_ends_stay_sentence_breaks() -> None:
    view = build_view("二、主动公开政府信息情况\n2018年,全年主动公开政府信息79条。\n三、依申请公开\n未收到申请。")
    assert view.text.split("\n") == ["二、主动公开政府信息情况", "2018年,全年主动公开政府信息79条。", "三、依申请公开", "未收到申请。"]


def test_a_heading_starts_a_sentence_on_a_page_that_is_one_long_line() -> None:
    view = build_view("本报告通过网站公布。 一、总体情况 (一)以政府信息公开为基础 1.着力规范依申请公开。")
    assert view.text.split("\n") == ["本报告通过网站公布。", "一、总体情况", "(一)以政府信息公开为基础", "1.着力规范依申请公开。"]


def test_table_cells_on_their_own_lines_stay_apart() -> None:
    view = build_view("主动公开文件数\n\n2589\n\n46269\n\n受理申请总数\n\n5\n\n3581")
    assert view.text.split("\n") == ["主动公开文件数", "2589", "46269", "受理申请总数", "5", "3581"]


def test_a_wrapped_number_keeps_its_unit() -> None:
    assert build_view("全年受理申请 5\n件,均已答复。").text == "全年受理申请5件,均已答复。"


def test_numbers_separated_by_spaces_never_merge() -> None:
    assert build_view("72 64 178 37 351").text == "72 64 178 37 351"


def test_full_width_punctuation_and_digits_become_ascii_one_for_one() -> None:
    view = build_view("受理申请１２件（条），占比１９．５％；")
    assert view.text == "受理申请12件(条),占比19.5%;"
    assert view.document_span(4, 6) == (4, 6)


def test_spans_map_back_to_the_cleaned_text() -> None:
    text = "二、主动公开\n  全年主动公开政府信息 2589 条，\n回应热点27次。"
    view = build_view(text)
    start = view.text.index("主动公开政府信息")
    end = view.text.index("条") + 1
    doc_start, doc_end = view.document_span(start, end)
    assert text[doc_start:doc_end] == "主动公开政府信息 2589 条"


def test_skipped_table_regions_are_left_out() -> None:
    text = "全年主动公开政府信息79条。\n类别 | 发布条数 |\n工作动态 | 46 |\n三、依申请公开\n未收到申请。"
    table_start = text.index("类别")
    table_end = text.index("三、")
    view = build_view(text, [(table_start, table_end)])
    assert "46" not in view.text and "工作动态" not in view.text
    assert view.text.endswith("未收到申请。")
    position = view.text.index("未收到")
    assert text[view.document_offset(position) :].startswith("未收到")


def test_sentences_and_clauses() -> None:
    view = build_view("全年受理申请5件,其中网上申请3件。全年答复5件。")
    assert [view.text[s:e] for s, e in view.sentences()] == ["全年受理申请5件,其中网上申请3件", "全年答复5件"]
    position = view.text.index("网上")
    assert view.text[view.clause_start(position) : view.clause_end(position)] == "其中网上申请3件"


def _hard_wrapped(paragraph: str, width: int) -> str:
    """A paragraph as PDF text or Markdown made from a PDF gives it: cut every `width` characters."""
    return "\n".join(paragraph[i : i + width] for i in range(0, len(paragraph), width))


WRAPPED = (
    "2019年，我局共主动公开政府信息 527 条。从公开内容看，机构职能类 43 条，占 8.2%；政策法规类 241 条，"
    "占 45.7%；规划计划类 35 条，占 6.6%；工作动态类 208 条，占 39.5%。全年共受理政府信息公开申请 12 件，均在法定期限内答复。"
)


def test_numbers_cut_by_a_hard_wrap_at_the_end_of_full_lines_are_whole_again() -> None:
    text = _hard_wrapped(WRAPPED, 19)
    assert "信息 5\n27 条" in text and "法规类 24\n1 条" in text and "动态类 20\n8 条" in text
    view = build_view(text)
    for whole in ("政府信息527条。", "机构职能类43条", "政策法规类241条", "规划计划类35条", "工作动态类208条", "申请12件"):
        assert whole in view.text


def test_a_number_cut_in_the_one_hard_wrapped_paragraph_of_a_page_is_whole_again() -> None:
    """Only one paragraph is wrapped (at 33 columns, counting the spaces around its numbers, which cleaning
    took out, so its lines now differ in length): the document shows no wrap width, its lines' neighbours do."""
    text = (
        "(九)做好公开属性源头认定。在公文办理环节明确公开属性,对拟不公开的公文说明理由并严格审核,从源头上提高主动公开比例。\n"
        "二、主动公开政府信息情况\n"
        "2012年,我办共主动公开政府信息795条。\n"
        "从公开内容看,行政许可类128条,占16.1%;工作动态类 1\n"
        "98条,占24.91%;公共服务类163条,占20.5%;人\n"
        "事任免类139条,占17.48%;其他类167条,占21.\n"
        "01%。\n"
    )
    view = build_view(text).text
    assert "工作动态类198条" in view and "占21.01%" in view


# A Markdown file made from a PDF, wrapped at 32 columns, as cleaning leaves it: the wrapped lines are joined
# again except where a wrap fell between two digits ("办结 9" / "0 件") and where a page number stood
# ("…梳理编制基层政" / "务公开…", the page's last line, a full 32 columns).
REJOINED = (
    "2019年,我局坚持以习近平新时代中国特色社会主义思想为指导,认真贯彻落实《条例》和上级关于政务公开工作的部署要求。\n"
    "(一)主动公开。全年共主动公开政府信息385条,通过政府门户网站、政务新媒体等渠道及时发布。\n"
    "(二)依申请公开。全年共收到政府信息公开申请84件,办结 9\n"
    "0件,均在法定期限内答复。\n"
    "(三)政府信息管理。进一步规范公文公开属性源头认定,严格落实保密审查制度,及时清理更新政策文件。\n"
    "(八)推进基层政务公开标准化规范化。按照上级部署,梳理编制基层政\n"
    "务公开事项标准目录,规范公开内容、公开方式和公开时限。\n"
)


def test_a_number_cut_where_cleaning_rejoined_the_rest_of_the_wrap_is_whole_again() -> None:
    """The digits' line shows no wrap width of its own any more; another line of the text cut inside a sentence
    at the same width (give or take the spaces cleaning took from around its numbers) shows the wrap."""
    assert "办结90件,均在法定期限内答复" in build_view(REJOINED).text


def test_a_number_cut_needs_another_line_cut_at_its_width() -> None:
    """Without the page's cut line, nothing shows the text was hard-wrapped: the two figures stay apart."""
    alone = REJOINED.replace("梳理编制基层政\n务公开", "梳理编制基层政务公开")
    assert "办结9 0件" in build_view(alone).text


def test_rows_of_table_cells_are_no_evidence_of_a_wrap() -> None:
    """Flattened table rows break lines between figures too ("… 0 0 1" / "2.…"): they neither show a wrap nor
    have a figure cut in two."""
    rows = "1.属于国家秘密 0 0 0 0 0 0 1\n2.其他法律行政法规禁止公开 0 1 0 0 0 0 1\n3.危及“三安全一稳定” 0 0 0 0 0 0 0\n"
    alone = REJOINED.replace("梳理编制基层政\n务公开", "梳理编制基层政务公开")
    assert "办结9 0件" in build_view(rows + alone).text


def test_a_heading_is_no_evidence_of_a_wrap() -> None:
    """A heading over its paragraph ends its line wherever its words end: its length shows no wrap width."""
    alone = REJOINED.replace("梳理编制基层政\n务公开", "梳理编制基层政务公开")
    with_heading = alone + "五、因政府信息公开申请行政复议、提起行政诉讼的情况\n本年度未发生行政复议和行政诉讼。\n"
    assert "办结9 0件" in build_view(with_heading).text


def test_numbers_on_lines_of_a_text_that_is_not_hard_wrapped_stay_apart() -> None:
    text = "全年主动公开政府信息，其中政策法规类 24\n1 条，占 45.7%；其他类 3 条。\n全年受理申请 12 件。"
    assert "政策法规类24 1条" in build_view(text).text


def test_the_whitespace_class_is_what_python_calls_whitespace() -> None:
    """SPACE_RUN spells \\s out for speed; it must take exactly the characters str.isspace() takes."""
    from pipeline.extract.prose_view import SPACE_RUN

    taken = {chr(c) for c in range(0x110000) if SPACE_RUN.fullmatch(chr(c))}
    assert taken == {chr(c) for c in range(0x110000) if chr(c).isspace()}
