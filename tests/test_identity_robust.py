"""Identity never fails on hostile text, and what it returns is always well formed."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.identity import identify
from pipeline.model import ADMIN_LEVELS, TEMPLATES, Document

# Pieces of real reports, so random texts come close to what the patterns look for
PIECES = [
    "广州市", "增城区", "朝阳区", "人民政府", "政府", "办公室", "管委会", "综合实验区", "街道", "镇", "局", "关于",
    "2019", "二〇一八", "年", "年度", "政府信息公开", "工作", "年度报告", "报告", "统计期限为", "1月1日至", "12月31日",
    "标题:", "发布时间:", "2020-01-15", "由", "编制", "汇总全市", "撤销", "组建", "更名为", "十三五", "开局之年",
    "我市", "全区", "本局", "\n", " ", "|", "《", "》", "（", "）", "。", "，", "-5", "3", "條", "區", "報",
]
texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=80).map("".join)


def check(identity) -> None:  # type: ignore[no-untyped-def]
    assert identity.year is None or 2000 <= identity.year <= 2100
    assert identity.admin_level is None or identity.admin_level in ADMIN_LEVELS
    assert identity.template in TEMPLATES
    if identity.published_date is not None:
        dt.date.fromisoformat(identity.published_date)
    if identity.agency_name is None:
        assert identity.agency_key is None and identity.division_code is None
    if identity.division_code is not None:
        assert len(identity.division_code) == 6 and identity.division_code.isdigit()


@settings(max_examples=300, deadline=None)
@given(texts)
def test_identify_is_total_and_well_formed(text: str) -> None:
    check(identify(Document(content_sha256="fuzz", part=1, kind="annual_report", text=text)))


def test_empty_and_whitespace_documents() -> None:
    for text in ("", " ", "\n\n\n", "|||||"):
        identity = identify(Document(content_sha256="empty", part=1, kind="unknown", text=text))
        check(identity)
        assert (identity.agency_name, identity.year) == (None, None)
