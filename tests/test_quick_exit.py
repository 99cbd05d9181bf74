"""assets.quick_exit: `python -m assets run` ends after its threads and exit handlers, without the teardown."""

import subprocess
import sys
import textwrap
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

SCRIPT = textwrap.dedent(
    """
    import assets.quick_exit as quick_exit  # first, as in assets/__main__.py

    import atexit, sys, threading, time
    from pathlib import Path

    out = Path(sys.argv[1])

    class TornDown:  # a module global: only the interpreter's teardown deletes it
        def __del__(self):
            (out / "torn_down").write_text("yes")

    kept = TornDown()
    atexit.register(lambda: (out / "exit_handler").write_text("ran"))

    def late_writer():
        time.sleep(0.3)
        (out / "thread").write_text("joined")

    threading.Thread(target=late_writer).start()  # not a daemon: the exit waits for it
    print("all of the output, buffered", end="")  # a pipe: flushed only at exit
    print("and the errors", end="", file=sys.stderr)
    if sys.argv[2] == "returned":
        quick_exit.exit_after_handlers(3)
    raise SystemExit(2)  # the command did not return a status (e.g. argparse's usage error)
    """
)


def _run(tmp_path: Path, how: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path), how], cwd=PROJECT_ROOT, capture_output=True, text=True)


def test_a_returned_status_ends_the_process_after_threads_and_exit_handlers_but_before_the_teardown(tmp_path):
    result = _run(tmp_path, "returned")
    assert result.returncode == 3
    assert result.stdout == "all of the output, buffered"
    assert result.stderr == "and the errors"
    assert (tmp_path / "thread").read_text() == "joined"
    assert (tmp_path / "exit_handler").read_text() == "ran"
    assert not (tmp_path / "torn_down").exists()  # the teardown was skipped: the point of the module


def test_a_command_that_did_not_return_exits_the_usual_way(tmp_path):
    result = _run(tmp_path, "raised")
    assert result.returncode == 2
    assert result.stdout == "all of the output, buffered"
    assert (tmp_path / "exit_handler").read_text() == "ran"
    assert (tmp_path / "torn_down").read_text() == "yes"
