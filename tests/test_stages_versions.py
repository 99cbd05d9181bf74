"""Which code versions which stage: corpus-level agency assignment runs in the warehouse load, not per document."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from pipeline import lake, stages
from tests.conftest import PROJECT_ROOT


def _versions(root: Path) -> dict[str, str]:
    return {stage: lake.code_fingerprint(paths) for stage, paths in stages.stage_paths(root).items()}


def test_agency_assignment_versions_the_load_and_not_the_per_document_stages(tmp_path: Path):
    root = tmp_path / "pipeline"
    shutil.copytree(stages.PIPELINE_DIR, root, ignore=shutil.ignore_patterns("__pycache__", "synth"))
    before = _versions(root)
    load_before = lake.code_fingerprint(root.iterdir())
    with (root / "agencies.py").open("a", encoding="utf-8") as module:
        module.write("\n# an edit\n")
    assert _versions(root) == before
    assert lake.code_fingerprint(root.iterdir()) != load_before  # the load's code (build.load_code_version) moved
    with (root / "identity" / "agency.py").open("a", encoding="utf-8") as module:
        module.write("\n# an edit\n")
    after = _versions(root)
    assert after["ingest"] == before["ingest"]
    assert after["identity"] != before["identity"] and after["extract"] != before["extract"]


def _pipeline_modules(imports: str) -> list[str]:
    code = f"import json, sys; import {imports}; print(json.dumps(sorted(m for m in sys.modules if m.startswith('pipeline.'))))"
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_per_document_stages_never_import_agency_assignment_and_the_load_never_imports_identification():
    load = _pipeline_modules("pipeline.warehouse.build, pipeline.reports, pipeline.agencies, pipeline.dedupe")
    assert not any(m.startswith("pipeline.identity") for m in load)  # 0.27 s of imports the load does not need
    per_document = _pipeline_modules("pipeline.identity, pipeline.extract, pipeline.stages")
    assert "pipeline.identity.agency" in per_document  # what identification does import
    assert "pipeline.agencies" not in per_document


def test_the_area_code_mark_is_the_one_identity_writes():
    from pipeline.agencies import AREA_CODE_MARK
    from pipeline.identity.keys import AREA_CODE_MARK as written

    assert AREA_CODE_MARK == written
