"""The ``kg`` entry point itself (not CliRunner): Ctrl-C exits 130 with one line, never 1 (which
says the data does not conform), and leaves no half-written file; usage and input errors stay 2."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "wikinews.jsonl"


def _kg(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg", *args], cwd=ROOT, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def test_ctrl_c_during_an_export_exits_130_and_leaves_only_whole_files(tmp_path) -> None:
    out = tmp_path / "out"
    proc = _kg("export", str(CORPUS), "-o", str(out), "--jobs", "1")
    deadline = time.monotonic() + 120
    while not any((out / "articles").glob("*.ttl")) and time.monotonic() < deadline:
        time.sleep(0.1)  # interrupt once articles are being written
    proc.send_signal(signal.SIGINT)
    stderr = proc.communicate(timeout=120)[1]
    assert proc.returncode == 130, stderr[-500:]
    assert stderr.rstrip().endswith("interrupted") and "Aborted!" not in stderr
    written = [p for p in out.rglob("*") if p.is_file()]
    assert written and all(p.suffix == ".ttl" and p.read_text(encoding="utf-8").rstrip().endswith(".")
                           for p in written)  # no temporary file, no truncated article


def test_the_entry_point_keeps_exit_code_2_for_usage_and_input_errors(tmp_path) -> None:
    for args in (("--bogus",), ("validate", str(tmp_path / "missing.ttl"))):
        proc = _kg(*args)
        proc.communicate(timeout=60)
        assert proc.returncode == 2
    proc = _kg("--help")
    proc.communicate(timeout=60)
    assert proc.returncode == 0
