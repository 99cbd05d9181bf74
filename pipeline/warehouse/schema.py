"""The warehouse contract: every table analysts query, its columns, types and comments.

Keys are not declared as PRIMARY KEY: a duplicate would abort the whole load, while the blocking integrity
checks (pipeline/checks/integrity.py) report it with the offending rows and keep the bad load unpublished.

These names are stable; changing one needs a migration (see pipeline/warehouse/migrations.py).
"""

from __future__ import annotations

from dataclasses import dataclass

SCHEMA_VERSION = 4  # 3: rate_statements; 4: metric_mentions.evidence_only


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    comment: str


@dataclass(frozen=True)
class TableSpec:
    name: str
    comment: str
    columns: tuple[Column, ...]

    def ddl(self) -> str:
        cols = ",\n    ".join(f"{c.name} {c.type}" for c in self.columns)
        return f"CREATE OR REPLACE TABLE {self.name} (\n    {cols}\n)"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, type_: str, comment: str) -> Column:
    return Column(name, type_, comment)


REPORT_ID = _c("report_id", "VARCHAR NOT NULL", "Identifier of the document: stable for a given file path and part number.")

REPORTS = TableSpec(
    "reports",
    "One row per document found in a raw file: annual reports (included) and everything else (excluded, with the reason).",
    (
        _c("report_id", "VARCHAR NOT NULL", "Identifier of the document: stable for a given file path and part number."),
        _c("source_path", "VARCHAR NOT NULL", "Path of the raw file, relative to the raw folder."),
        _c("part", "INTEGER NOT NULL", "Position of the document inside its file, from 1 (files compiling several texts have several parts)."),
        _c("part_label", "VARCHAR", "How the file marks the part (e.g. 篇3), when it does."),
        _c("kind", "VARCHAR NOT NULL", "annual_report, essay, news, progress_report, rectification_report, template or unknown."),
        _c("included", "BOOLEAN NOT NULL", "True when the document is an annual report loaded into the fact tables."),
        _c("excluded_reason", "VARCHAR", "Why the document is not loaded (its kind, or duplicate_of:<report_id>); NULL when included."),
        _c("agency_id", "VARCHAR", "Stable identifier of the reporting agency across years and renames (see agencies); NULL when unknown."),
        _c("agency_name", "VARCHAR", "The reporting agency's full name as the report gives it (normalised); NULL when unknown."),
        _c("province", "VARCHAR", "Province-level division of the agency (省, 自治区, 直辖市)."),
        _c("city", "VARCHAR", "Prefecture-level division (市, 州, 盟, 地区); NULL where there is none: a municipality (北京, 上海, 天津, 重庆) and its districts, a county a province governs directly."),
        _c("county", "VARCHAR", "County-level division (县, 县级市, 区, 旗), when the agency sits at or below it."),
        _c("division_code", "VARCHAR", "GB/T 2260 code of the most specific division, valid in the report year."),
        _c("admin_level", "VARCHAR", "province, city, county, township, or department (a functional body at any level)."),
        _c("year", "INTEGER", "The year the report covers (not the publication year); NULL when the report gives no evidence."),
        _c("template", "VARCHAR", "v2008 (2008-2018 reports), v2019 or v2021 (the standard tables), narrative (no table at all)."),
        _c("published_date", "DATE", "Publication date stated on the page or in the report, when given."),
        _c("title", "VARCHAR", "The document's title line, as cleaned."),
        _c("content_sha256", "VARCHAR NOT NULL", "SHA-256 of the raw file's bytes."),
    ),
)

METRIC_VALUES = TableSpec(
    "metric_values",
    "One row per report, metric, applicant column and period: the figure the report states. "
    "When a table and the prose state the same metric, the table's value is kept here (see metric_mentions).",
    (
        REPORT_ID,
        _c("metric_id", "VARCHAR NOT NULL", "Canonical metric id (see the metrics table)."),
        _c("applicant", "VARCHAR NOT NULL", "Applicant column of the requests table (natural_person, commercial, research, social_welfare, legal_service, other_org) or total."),
        _c("period", "VARCHAR NOT NULL", "year (this report's year) or cumulative (历年累计, since records began)."),
        _c("value", "DOUBLE NOT NULL", "The figure as stated, in the metric's unit (万元 amounts stay in 万元)."),
        _c("unit", "VARCHAR", "Unit of the value (条, 件, 项, 次, 人, 个, 万元...)."),
        _c("method", "VARCHAR NOT NULL", "table (read from a table cell) or prose (read from a sentence)."),
        _c("snippet", "VARCHAR", "The exact text the value was read from."),
        _c("char_start", "INTEGER", "Start offset of the snippet in the report's cleaned text (report_texts.text)."),
        _c("char_end", "INTEGER", "End offset (exclusive) of the snippet in the report's cleaned text."),
    ),
)

METRIC_MENTIONS = TableSpec(
    "metric_mentions",
    "Every statement of a metric found in a report, including repeats (prose restating a table) and standard-table "
    "cells holding a blank mark (value NULL): the evidence for the cross-section and sum checks.",
    (
        *(
            _c("value", "DOUBLE", "The figure as stated; NULL for a standard-table cell holding a blank mark "
               "(无, /, —, an empty cell), which states no figure (the sum checks count it as an empty part).")
            if column.name == "value" else column
            for column in METRIC_VALUES.columns
        ),
        _c("selected", "BOOLEAN NOT NULL", "True for the mention that metric_values keeps (a figure over a blank mark, tables over prose, then the first in the text); never an evidence-only mention."),
        _c("evidence_only", "BOOLEAN NOT NULL", "True for a statement kept as evidence only, never a value: its wording leaves open what it counts (v2019+ prose 收到申请75件: 本年新收, or 本年新收 + 上年结转). The cross-section check compares it."),
    ),
)

CATEGORY_VALUES = TableSpec(
    "category_values",
    "Category breakdowns a report lists under a metric (e.g. proactive disclosures by topic), with stated shares.",
    (
        REPORT_ID,
        _c("parent_metric_id", "VARCHAR", "The metric the categories break down; NULL when the whole they break down is not a catalog metric (see parent_label)."),
        _c("label", "VARCHAR NOT NULL", "The category as the report names it."),
        _c("value", "DOUBLE", "The category's count, when stated."),
        _c("share_pct", "DOUBLE", "The category's stated share in percent (占比19.5% -> 19.5), when stated."),
        _c("snippet", "VARCHAR", "The exact text the entry was read from."),
        _c("char_start", "INTEGER", "Start offset of the snippet in the report's cleaned text."),
        _c("char_end", "INTEGER", "End offset of the snippet in the report's cleaned text."),
        _c("list_no", "INTEGER NOT NULL", "Entries of the same list share a number within a report."),
        _c("list_kind", "VARCHAR NOT NULL", "complete, or partial when the report introduces the list as 主要类别 / 其中."),
        _c("list_total", "DOUBLE", "The total the list itself states, when it states one."),
        _c("parent_label", "VARCHAR", "How the report names the whole the list breaks down (e.g. 咨询, 受理审批事项)."),
    ),
)

UNMAPPED_VALUES = TableSpec(
    "unmapped_values",
    "Table rows whose label matches no metric id, kept so that nothing a report states is lost.",
    (
        REPORT_ID,
        _c("label", "VARCHAR NOT NULL", "The row label as the report gives it."),
        _c("unit", "VARCHAR", "The unit the row gives, if any."),
        _c("value", "DOUBLE", "The value."),
        _c(
            "period",
            "VARCHAR NOT NULL",
            "year or cumulative; for a comparison column, previous_year (上年度) or the year it names (2011 beside 2012年度).",
        ),
        _c("snippet", "VARCHAR", "The exact text the row was read from."),
        _c("char_start", "INTEGER", "Start offset of the snippet in the report's cleaned text."),
        _c("char_end", "INTEGER", "End offset of the snippet in the report's cleaned text."),
    ),
)

RATE_STATEMENTS = TableSpec(
    "rate_statements",
    "Rates a report states with the whole they are a share of and, when stated, their part, whatever they count "
    "(今年共受理审批事项117件，办结171件，办结率100%): the evidence the categories.rate check compares. Read by "
    "pipeline.extract.rates in the extract stage.",
    (
        REPORT_ID,
        _c("rate_name", "VARCHAR NOT NULL", "The rate as the report names it (办结率, 答复率, 回复率, 处理率)."),
        _c("rate_pct", "DOUBLE NOT NULL", "The stated rate in percent (办结率100% -> 100)."),
        _c("whole_label", "VARCHAR NOT NULL", "What the whole counts, in the report's words between its verb and its figure (审批事项, 政府信息公开申请)."),
        _c("whole_value", "DOUBLE NOT NULL", "The whole the rate is a share of (受理…117件 -> 117)."),
        _c("part_label", "VARCHAR NOT NULL", "The rate's verb, which counts its part (办结 for 办结率)."),
        _c("part_value", "DOUBLE", "The part (办结171件 -> 171); the whole when the report says all of it was done (已全部办结); NULL when not stated, which leaves the rate uncheckable."),
        _c("part_stated", "VARCHAR NOT NULL", "How the part is stated: count (a figure), all (全部/均已…: the whole), none."),
        _c("unit", "VARCHAR NOT NULL", "The unit whole and part share (件, 条, 项...)."),
        _c("carried_over", "BOOLEAN NOT NULL", "True when the sentence also counts cases carried over between years (结转, 上年): its part may exceed its whole, so it is not checked."),
        _c("snippet", "VARCHAR NOT NULL", "The text from the whole to the rate."),
        _c("char_start", "INTEGER NOT NULL", "Start offset of the snippet in the report's cleaned text (report_texts.text)."),
        _c("char_end", "INTEGER NOT NULL", "End offset (exclusive) of the snippet in the report's cleaned text."),
    ),
)

CHECK_RESULTS = TableSpec(
    "check_results",
    "Data-quality findings about the reports: one row per inconsistency. Findings never stop a load.",
    (
        _c("check_name", "VARCHAR NOT NULL", "The check family and rule that found it (e.g. sum.parent_children, flow, categories.total)."),
        _c("severity", "VARCHAR NOT NULL", "error (a table identity that must hold), warn (probably wrong) or info (completeness note)."),
        _c("report_id", "VARCHAR", "The report the finding is about."),
        _c("agency_id", "VARCHAR", "The report's agency."),
        _c("year", "INTEGER", "The report's year."),
        _c("metric_id", "VARCHAR", "The metric whose stated value disagrees."),
        _c("applicant", "VARCHAR", "The applicant column, for requests-table findings."),
        _c("stated", "DOUBLE", "The value the report states."),
        _c("computed", "DOUBLE", "The value the report's other figures imply."),
        _c("message", "VARCHAR NOT NULL", "What is inconsistent, in words an analyst can act on."),
        _c("snippet", "VARCHAR", "Source text of the stated value."),
    ),
)

INGEST_ERRORS = TableSpec(
    "ingest_errors",
    "Files or documents the pipeline could not read or process, with the reason; the rest of the run carried on.",
    (
        _c("source_path", "VARCHAR NOT NULL", "Path of the raw file, relative to the raw folder."),
        _c("stage", "VARCHAR NOT NULL", "Where it failed: scan, read, decode, clean, split, identity or extract."),
        _c("error", "VARCHAR NOT NULL", "Short reason code (empty_file, corrupt_pdf, unsupported_format...)."),
        _c("detail", "VARCHAR", "What happened, for a person."),
    ),
)

RAW_FILES = TableSpec(
    "raw_files",
    "One row per file found in the raw folder at the last load.",
    (
        _c("source_path", "VARCHAR NOT NULL", "Path relative to the raw folder."),
        _c("size", "BIGINT NOT NULL", "Size in bytes."),
        _c("sha256", "VARCHAR NOT NULL", "SHA-256 of the bytes."),
        _c("format", "VARCHAR NOT NULL", "Detected format: txt, md, html, docx, pdf, doc, or the unsupported extension."),
        _c("encoding", "VARCHAR", "Detected text encoding for text formats."),
    ),
)

REPORT_TEXTS = TableSpec(
    "report_texts",
    "The cleaned text of every document: char_start/char_end in the value tables are offsets into text.",
    (
        _c("report_id", "VARCHAR NOT NULL", "The document."),
        _c("text", "VARCHAR NOT NULL", "Cleaned, normalised text (half-width digits, simplified characters, no web debris)."),
    ),
)

AGENCIES = TableSpec(
    "agencies",
    "One row per reporting agency, stable across years and renames.",
    (
        _c("agency_id", "VARCHAR NOT NULL", "Stable agency identifier."),
        _c("agency_name", "VARCHAR NOT NULL", "The most recent full name the agency reported under."),
        _c("province", "VARCHAR", "Province-level division."),
        _c("city", "VARCHAR", "Prefecture-level division."),
        _c("county", "VARCHAR", "County-level division."),
        _c("division_code", "VARCHAR", "GB/T 2260 code of the most specific division."),
        _c("admin_level", "VARCHAR", "province, city, county, township or department."),
    ),
)

AGENCY_NAMES = TableSpec(
    "agency_names",
    "Every name an agency reported under, with the years it used it.",
    (
        _c("agency_id", "VARCHAR NOT NULL", "The agency."),
        _c("agency_name", "VARCHAR NOT NULL", "A name it used."),
        _c("first_year", "INTEGER", "First report year under this name."),
        _c("last_year", "INTEGER", "Last report year under this name."),
    ),
)

AGENCY_LINEAGE = TableSpec(
    "agency_lineage",
    "Renames and mergers that reports state (e.g. an office re-formed as a bureau).",
    (
        _c("from_agency_name", "VARCHAR NOT NULL", "The earlier body."),
        _c("to_agency_name", "VARCHAR NOT NULL", "The body that took over."),
        _c("agency_id", "VARCHAR", "The agency id both names share."),
        _c("year", "INTEGER", "Year of the change, when stated."),
        _c("relation", "VARCHAR NOT NULL", "renamed, merged_into or reformed_as."),
        _c("report_id", "VARCHAR", "The report that states the change."),
        _c("evidence", "VARCHAR", "The sentence stating it."),
    ),
)

METRICS = TableSpec(
    "metrics",
    "The metric catalog: canonical ids with their official Chinese labels, units and sum parents.",
    (
        _c("metric_id", "VARCHAR NOT NULL", "Canonical metric id."),
        _c("template", "VARCHAR NOT NULL", "Which report template states it: any, v2008, v2019, v2021 or v2019+."),
        _c("section", "VARCHAR NOT NULL", "Area: proactive, response, requests, review, litigation, complaints, fees, org."),
        _c("label_zh", "VARCHAR NOT NULL", "Official Chinese label."),
        _c("aliases", "VARCHAR", "Other labels reports use, separated by |."),
        _c("unit", "VARCHAR NOT NULL", "Unit."),
        _c("parent_id", "VARCHAR", "The metric this one sums into, if any."),
        _c("has_applicant_breakdown", "BOOLEAN NOT NULL", "True for the requests-table rows that have the seven applicant columns."),
    ),
)

SCHEMA_INFO = TableSpec(
    "schema_info",
    "Warehouse contract version and when and from what this copy was loaded.",
    (
        _c("schema_version", "INTEGER NOT NULL", "Version of the warehouse contract."),
        _c("pipeline_version", "VARCHAR NOT NULL", "ogi-warehouse version that loaded it."),
        _c("loaded_at", "TIMESTAMP WITH TIME ZONE NOT NULL", "When the load finished."),
        _c("raw_dir", "VARCHAR NOT NULL", "The raw folder it was loaded from."),
    ),
)

TABLES: tuple[TableSpec, ...] = (
    REPORTS,
    METRIC_VALUES,
    METRIC_MENTIONS,
    CATEGORY_VALUES,
    UNMAPPED_VALUES,
    RATE_STATEMENTS,
    CHECK_RESULTS,
    INGEST_ERRORS,
    RAW_FILES,
    REPORT_TEXTS,
    AGENCIES,
    AGENCY_NAMES,
    AGENCY_LINEAGE,
    METRICS,
    SCHEMA_INFO,
)
TABLES_BY_NAME = {t.name: t for t in TABLES}

# Year-by-agency views: one row per agency and year, one column per metric of the area.
AGENCY_YEAR_VIEWS: dict[str, tuple[str, tuple[str, ...]]] = {
    "agency_year_proactive": ("Proactive disclosure (主动公开) and responses to public concern, one row per agency and year.", ("proactive", "response")),
    "agency_year_requests": ("Disclosure requests (依申请公开) received and how they were answered (总计 column), and fees, one row per agency and year.", ("requests", "fees")),
    "agency_year_review_litigation": ("Administrative reviews, lawsuits and complaints about disclosure, one row per agency and year.", ("review", "litigation", "complaints")),
    "agency_year_operations": ("Disclosure staff, budget, meetings and training (v2008 statistics tables), one row per agency and year.", ("org",)),
}


def comment_statements(spec: TableSpec, kind: str = "TABLE") -> list[str]:
    def quote(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    statements = [f"COMMENT ON {kind} {spec.name} IS {quote(spec.comment)}"]
    statements += [f"COMMENT ON COLUMN {spec.name}.{c.name} IS {quote(c.comment)}" for c in spec.columns]
    return statements
