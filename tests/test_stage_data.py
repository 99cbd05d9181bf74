"""Every data file a stage reads is part of that stage's version (pipeline.stages.stage_paths).

A stage whose version left out a data file it reads would keep serving cached results made with the file's old
contents. The data files are split by the stage that reads them (an extraction alias re-extracts, it does not
re-ingest), so this records, in a fresh process, the files under pipeline/data that each stage opens while it
runs on a corpus of every format, and also checks the source of every pipeline module the stage has imported
by then: a module that names a later stage's data file could read it on a path this corpus does not take.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline import stages
from pipeline.synth.corpus import Mix, generate_range
from tests.conftest import PROJECT_ROOT, SAMPLE_RAW

STAGES = ("ingest", "identity", "extract")
# Every format and the rarer paths (compilations, traditional script, GB18030, narrative reports).
EVERY_FORMAT = replace(Mix(), pdf=0.2, docx=0.2, md=0.15, html=0.3, compilation=0.2, traditional=0.2, gb18030=0.3, narrative=0.2)

# Runs in a fresh process (no data file cached yet, one worker so every stage runs in this process). Files read
# while importing pipeline.stages count for ingest, as every stage's process imports it; reads by
# lake.code_fingerprint (the versions themselves, computed at import) are not reads of a stage.
TRACE = r"""
import json, os, sys
from pathlib import Path

data_dir = os.path.realpath(sys.argv[3])
current = "ingest"
opened = {"ingest": set(), "identity": set(), "extract": set()}

def hook(event, args):
    if event != "open" or not args or isinstance(args[0], int):
        return
    path = os.path.realpath(os.fsdecode(args[0]))
    if os.path.dirname(path) != data_dir:
        return
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "code_fingerprint":
            return
        frame = frame.f_back
    opened[current].add(os.path.basename(path))

sys.addaudithook(hook)

from pipeline import stages
from pipeline.config import Settings

def modules():
    return sorted(m.__file__ for name, m in list(sys.modules.items()) if name.startswith("pipeline") and getattr(m, "__file__", None))

settings = Settings.build(raw_dir=sys.argv[1], warehouse_path=sys.argv[2], workers=1)
manifest, _ = stages.run_scan(settings)
stages.run_ingest(settings, manifest)
loaded = {"ingest": modules()}
keys = stages.current_document_keys(settings, manifest)
current = "identity"
stages.run_identity(settings, keys)
loaded["identity"] = modules()
current = "extract"
stages.run_extract(settings, keys)
loaded["extract"] = modules()
print(json.dumps({"opened": {k: sorted(v) for k, v in opened.items()}, "modules": loaded, "documents": len(keys)}))
"""


@pytest.fixture(scope="module")
def traced(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("stage_data")
    raw = root / "raw"
    generate_range(root, seed=11, start=0, stop=16, mix=EVERY_FORMAT)
    for sample in SAMPLE_RAW.rglob("*"):
        if sample.is_file():
            target = raw / "samples" / sample.relative_to(SAMPLE_RAW)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(sample.read_bytes())
    result = subprocess.run(
        [sys.executable, "-c", TRACE, str(raw), str(root / "wh" / "ogi.duckdb"), str(stages.PIPELINE_DIR / "data")],
        cwd=PROJECT_ROOT, capture_output=True, text=True, check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _versioned_data(stage: str) -> set[str]:
    data_dir = stages.PIPELINE_DIR / "data"
    return {p.name for p in stages.stage_paths()[stage] if p.parent == data_dir}


def test_the_trace_sees_the_corpus_and_the_data_files_each_stage_reads(traced: dict):
    assert traced["documents"] >= 25
    # table recognition runs in identity (a narrative-looking report) or extraction, never in ingest
    assert "table_words.csv" in {*traced["opened"]["identity"], *traced["opened"]["extract"]}
    assert not [path for path in traced["modules"]["ingest"] if "/pipeline/tables/" in path]  # versioned after ingest
    assert {"identity_divisions.csv", "identity_org_suffixes.csv"} <= set(traced["opened"]["identity"])
    assert {"metrics.csv", "standard_tables.csv", "prose_phrases.csv"} <= set(traced["opened"]["extract"])
    for module in ("pipeline/ingest/pdf.py", "pipeline/ingest/docx.py", "pipeline/ingest/html.py"):
        assert any(path.endswith(module) for path in traced["modules"]["ingest"]), module


@pytest.mark.parametrize("stage", STAGES)
def test_every_data_file_a_stage_opens_is_in_its_version(traced: dict, stage: str):
    missing = set(traced["opened"][stage]) - _versioned_data(stage)
    assert not missing, f"the {stage} stage reads {sorted(missing)}, which its version leaves out"


@pytest.mark.parametrize("stage", STAGES)
def test_no_module_a_stage_imports_names_a_data_file_outside_its_version(traced: dict, stage: str):
    data_files = {p.name for p in (stages.PIPELINE_DIR / "data").iterdir() if p.is_file()}
    outside = data_files - _versioned_data(stage) - {n for n in data_files if n.startswith(stages.CHECKS_DATA_PREFIX)}
    pattern = re.compile("|".join(re.escape(name) for name in sorted(outside))) if outside else None
    found = {}
    for path in traced["modules"][stage]:
        if Path(path).resolve() == Path(stages.__file__).resolve():
            continue  # names every data file to sort them by stage
        text = Path(path).read_text(encoding="utf-8")
        if pattern is not None and (match := pattern.search(text)):
            found[path] = match.group(0)
    assert not found, f"modules the {stage} stage imports name data files its version leaves out: {found}"


def test_no_stage_reads_the_checks_rule_files(traced: dict):
    for stage in STAGES:
        assert not [n for n in traced["opened"][stage] if n.startswith(stages.CHECKS_DATA_PREFIX)]
