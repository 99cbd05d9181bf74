"""Legacy binary Word (.doc, also .wps and .rtf) to DOCX bytes with LibreOffice, when it is installed.

The file's bytes are written into a private temporary directory first: LibreOffice writes lock files next to
the file it opens, and the raw folder is never modified. Each conversion gets its own LibreOffice
profile so parallel workers do not collide.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
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


def _run(command: list[str]) -> tuple[int, str]:
    """Run the converter in its own process group, so a timeout also stops the helpers it started."""
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    except OSError as exc:
        raise IngestFailure("doc_conversion_failed", f"LibreOffice could not be started: {exc}") from exc
    try:
        out, err = process.communicate(timeout=DOC_CONVERT_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as exc:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise IngestFailure("doc_conversion_failed", f"LibreOffice took over {DOC_CONVERT_TIMEOUT_SECONDS} s") from exc
    return process.returncode, (err or out or b"").decode("utf-8", "replace").strip()[:300]


def doc_to_docx(data: bytes, suffix: str = ".doc") -> bytes:
    """The bytes of a .doc (.wps, .rtf) file converted to DOCX bytes (raises IngestFailure if it cannot be)."""
    converter = find_converter()
    if converter is None:
        raise IngestFailure("doc_converter_missing", f"reading {suffix} files needs LibreOffice: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="ogi-doc-") as workdir:
        work = Path(workdir)
        source = work / ("input" + suffix.lower())
        source.write_bytes(data)
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
        returncode, message = _run(command)
        converted = work / "out" / "input.docx"
        if returncode != 0 or not converted.is_file():
            raise IngestFailure("doc_conversion_failed", f"LibreOffice exit code {returncode}: {message}")
        return converted.read_bytes()
