"""Absurd sizes are refused, quickly and within the memory budget (400 MB): a 200 MB file,
a card with a 20 MB photo. Each import runs as a real process; its peak memory is read
from the kernel after it exits."""

from __future__ import annotations

import base64
import os
import subprocess
import sys

BUDGET_KB = 400 * 1024


def run_import(*args) -> tuple[subprocess.CompletedProcess, int]:
    code = ("import resource, subprocess, sys; "
            "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
            "sys.stdout.write(r.stdout); sys.stderr.write(r.stderr); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
            "sys.exit(r.returncode)")
    r = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "rolodex", *args],
                       capture_output=True, text=True, timeout=120)
    *lines, peak = r.stderr.strip().splitlines()
    r.stderr = "\n".join(lines)
    return r, int(peak)


def test_a_200_mb_file_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "big.vcf"
    with open(big, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)
    r, peak = run_import("--db", str(tmp_path / "r.db"), "import", "vcard", str(big))
    assert r.returncode == 1
    assert r.stderr == (f"rolodex: {big}: 209,715,200 bytes is over the 104,857,600-byte "
                        "limit for one import")
    assert peak < BUDGET_KB


def test_a_card_with_a_20_mb_photo_is_refused_and_the_rest_imported(tmp_path):
    photo = base64.b64encode(os.urandom(15 * 1024 * 1024)).decode()
    f = tmp_path / "photo.vcf"
    f.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Photo Person\r\nPHOTO;ENCODING=b;TYPE=JPEG:"
                 f"{photo}\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Plain Person\r\n"
                 "END:VCARD\r\n")
    db = str(tmp_path / "r.db")
    r, peak = run_import("--db", db, "import", "vcard", str(f))
    assert r.returncode == 1 and f"{f}:1: card is over" in r.stderr
    assert peak < BUDGET_KB
    r, peak = run_import("--db", db, "import", "vcard", str(f), "--skip-bad")
    assert r.returncode == 0 and "added 1" in r.stdout and "1 record refused" in r.stdout
    assert peak < BUDGET_KB

