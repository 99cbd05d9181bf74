"""The plain records that flow between pipeline stages.

Every stage is a pure function from one of these to the next; the Dagster layer only moves them between
Parquet datasets. Field names match the warehouse columns they end up in.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

DOCUMENT_KINDS = (
    "annual_report",
    "essay",
    "news",
    "progress_report",
    "rectification_report",
    "template",
    "unknown",
)
TEMPLATES = ("v2008", "v2019", "v2021", "narrative")
ADMIN_LEVELS = ("province", "city", "county", "township", "department")
APPLICANTS = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_service",
    "other_org",
    "total",
)
PERIODS = ("year", "cumulative")
METHODS = ("table", "prose")
SEVERITIES = ("error", "warn", "info")


@dataclass(frozen=True)
class RawFile:
    """One file found under the raw folder."""

    source_path: str  # POSIX path relative to the raw folder
    size: int
    mtime_ns: int
    sha256: str
    format: str  # txt, md, html, docx, pdf, doc, or the extension of an unsupported file
    encoding: str | None  # detected text encoding (None for binary formats or when undecidable)


@dataclass
class Cell:
    """A table cell: its text and where that text sits in the cleaned document text."""

    text: str
    start: int
    end: int


@dataclass
class Table:
    """A table recognised in a text, as rows of cells (merged cells already expanded): what
    pipeline.tables.recognize_tables gives on demand; documents do not carry them (extraction finds its own)."""

    rows: list[list[Cell]]
    layout: str  # html, docx, pdf, pipe, cell_per_line, spaced, run_together, number_run
    start: int = 0
    end: int = 0

    def cell_texts(self) -> list[list[str]]:
        return [[cell.text for cell in row] for row in self.rows]


@dataclass
class Document:
    """One document of a raw file, after decoding, cleaning and splitting.

    `text` is the cleaned text every later stage reads; `source_text` is the text as extracted from the
    file (before normalisation) and `offset_map` maps cleaned offsets back into it, as sorted
    (cleaned_offset, source_offset) anchor pairs: a cleaned offset c maps to s + (c - c0) for the last
    anchor (c0, s) with c0 <= c.
    """

    content_sha256: str
    part: int  # 1-based position of the document inside its file
    kind: str  # one of DOCUMENT_KINDS
    text: str
    source_text: str = ""
    offset_map: list[tuple[int, int]] = field(default_factory=list)
    part_label: str | None = None  # how the file marks the document (篇1), if it does
    excluded_reason: str | None = None  # why a non-annual-report is left out of the warehouse
    title: str | None = None

    @property
    def included(self) -> bool:
        return self.kind == "annual_report" and self.excluded_reason is None

    def source_offset(self, cleaned_offset: int) -> int:
        """Map an offset in `text` back to `source_text`."""
        anchor_clean, anchor_source = 0, 0
        for clean_at, source_at in self.offset_map:
            if clean_at > cleaned_offset:
                break
            anchor_clean, anchor_source = clean_at, source_at
        return anchor_source + (cleaned_offset - anchor_clean)


@dataclass
class Identity:
    """Who reported which year, and in which template."""

    agency_name: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    division_code: str | None = None
    admin_level: str | None = None
    year: int | None = None
    template: str | None = None
    published_date: str | None = None  # ISO date
    evidence: dict[str, str] = field(default_factory=dict)  # field -> the text it was read from
    agency_key: str | None = None  # same body -> same key in every report and run (see pipeline.identity.keys)
    lineage: str | None = None  # JSON list of the renames/mergers the report states (see pipeline.identity.lineage)


@dataclass
class MetricValue:
    """A figure a report states for a catalog metric, with the text it came from (value None: a blank cell,
    see Extraction.blanks)."""

    metric_id: str
    value: float | None
    method: str  # table or prose
    snippet: str
    char_start: int
    char_end: int
    applicant: str = "total"
    period: str = "year"
    unit: str | None = None
    # A statement kept as evidence only, never a value: its wording leaves open what it counts (v2019+ prose
    # 收到申请75件 is 新收 alone in some reports, 新收 + 上年结转 in others). The cross-section check compares it.
    evidence_only: bool = False


_new_object = object.__new__


def metric_value(
    metric_id: str,
    value: float | None,
    method: str,
    snippet: str,
    char_start: int,
    char_end: int,
    applicant: str = "total",
    period: str = "year",
    unit: str | None = None,
    evidence_only: bool = False,
) -> MetricValue:
    """MetricValue(...) with its fields set straight, in field order: the same object (equal, the same
    __dict__ in the same order, so asdict, pickle and the serializers see no difference) without the
    dataclass __init__'s call through type_call and slot_tp_init (~40% of a construction; table readers
    make dozens a report)."""
    made = _new_object(MetricValue)
    made.metric_id = metric_id
    made.value = value
    made.method = method
    made.snippet = snippet
    made.char_start = char_start
    made.char_end = char_end
    made.applicant = applicant
    made.period = period
    made.unit = unit
    made.evidence_only = evidence_only
    return made


@dataclass
class CategoryValue:
    """One entry of a category breakdown ("涉及政府机构职能类信息506条, 占比19.5%")."""

    parent_metric_id: str | None  # None when the list breaks down a whole that is not a catalog metric
    label: str
    value: float | None
    share_pct: float | None
    snippet: str
    char_start: int
    char_end: int
    list_no: int = 1  # entries of the same list share a number
    list_kind: str = "complete"  # complete, or partial when introduced as 主要类别 / 其中
    list_total: float | None = None  # the total the list itself states, if any
    parent_label: str | None = None  # how the report names the whole the list breaks down (咨询, 受理审批事项)


@dataclass
class UnmappedValue:
    """A table row that matches no metric id, kept so nothing a report states is lost."""

    label: str
    unit: str | None
    value: float | None
    snippet: str
    char_start: int
    char_end: int
    period: str = "year"


def unmapped_value(
    label: str,
    unit: str | None,
    value: float | None,
    snippet: str,
    char_start: int,
    char_end: int,
    period: str = "year",
) -> UnmappedValue:
    """UnmappedValue(...) with its fields set straight, in field order (see metric_value)."""
    made = _new_object(UnmappedValue)
    made.label = label
    made.unit = unit
    made.value = value
    made.snippet = snippet
    made.char_start = char_start
    made.char_end = char_end
    made.period = period
    return made


@dataclass
class RateStatement:
    """A stated rate with the whole it is a share of and, when stated, its part (see pipeline.extract.rates)."""

    rate_name: str  # 办结率, 答复率...
    rate_pct: float  # 100 for 办结率100%
    whole_label: str  # the words between the whole verb and its count (审批事项, 政府信息公开申请)
    whole_value: float
    part_label: str  # the rate's verb (办结)
    part_value: float | None  # None when the sentence states no part
    part_stated: str  # count (办结171件), all (已全部办结: the whole), none
    unit: str
    carried_over: bool  # the sentence also counts cases carried over between years
    snippet: str  # from the whole's verb to the rate
    char_start: int  # offsets of the snippet in the cleaned document text
    char_end: int


@dataclass
class Extraction:
    values: list[MetricValue] = field(default_factory=list)
    categories: list[CategoryValue] = field(default_factory=list)
    unmapped: list[UnmappedValue] = field(default_factory=list)
    # Standard-table cells holding a blank mark: no figure (value None), but the row shows nothing in that
    # column. Loaded into metric_mentions only, where the sum checks count them as empty parts.
    blanks: list[MetricValue] = field(default_factory=list)
    # Stated rates with their whole and part (办结率100% after 受理117件, 办结171件), whatever they count.
    rates: list[RateStatement] = field(default_factory=list)


@dataclass
class IngestError:
    source_path: str
    stage: str  # scan, read, decode, clean, split, identity, extract
    error: str  # short machine-readable reason, e.g. empty_file, corrupt_pdf
    detail: str  # what happened, for a person


@dataclass
class Finding:
    """A data-quality finding about a report (not a pipeline failure)."""

    check_name: str
    severity: str  # error, warn or info
    report_id: str | None
    message: str
    agency_id: str | None = None
    year: int | None = None
    metric_id: str | None = None
    applicant: str | None = None
    stated: float | None = None
    computed: float | None = None
    snippet: str | None = None


def as_row(record: Any) -> dict[str, Any]:
    return asdict(record)
