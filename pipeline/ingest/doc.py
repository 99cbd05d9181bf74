"""Legacy binary Word (.doc, also .wps and .rtf) to DOCX bytes with LibreOffice, when it is installed.

The raw file is copied into a private temporary directory first: LibreOffice writes lock files next to
the file it opens, and the raw folder is never modified. Each conversion gets its own LibreOffice
profile so parallel workers do not collide.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.ingest.errors import IngestFailure
from pipeline.ingest.limits import DOC_CONVERT_TIMEOUT_SECONDS

CONVERTERS = ("soffice", "libreoffice")
INSTALL_HINT = "install LibreOffice (Debian/Ubuntu package libreoffice-writer-nogui) so that `soffice` is on PATH"


def find_converter() -> str | None:
    for name in CONVERTERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def doc_to_docx(path: Path) -> bytes:
    """The .doc file converted to DOCX bytes (raises IngestFailure if it cannot be converted)."""
    converter = find_converter()
    if converter is None:
        raise IngestFailure("doc_converter_missing", f"reading {path.suffix} files needs LibreOffice: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="ogi-doc-") as workdir:
        work = Path(workdir)
        source = work / ("input" + path.suffix.lower())
        shutil.copyfile(path, source)
        command = [
            converter,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        try:
            result = subprocess.run(command, capture_output=True, timeout=DOC_CONVERT_TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired as exc:
            raise IngestFailure("doc_conversion_failed", f"LibreOffice took over {DOC_CONVERT_TIMEOUT_SECONDS} s") from exc
        except OSError as exc:
            raise IngestFailure("doc_conversion_failed", f"LibreOffice could not be started: {exc}") from exc
        converted = work / "out" / "input.docx"
        if result.returncode != 0 or not converted.is_file():
            message = (result.stderr or result.stdout or b"").decode("utf-8", "replace").strip()[:300]
            raise IngestFailure("doc_conversion_failed", f"LibreOffice exit code {result.returncode}: {message}")
        return converted.read_bytes()
