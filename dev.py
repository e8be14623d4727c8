#!/usr/bin/env python3
"""Set up and run the project with nothing but Python 3.11+.

    python3 dev.py run    # create .venv, install, migrate, seed the demo company, chat with it
    python3 dev.py test   # create .venv, install, then ruff, mypy, import contracts, pytest

The virtual environment is reinstalled only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed-from"


def _run(*args: str | Path) -> None:
    print("+", " ".join(str(arg) for arg in args), flush=True)
    completed = subprocess.run([str(arg) for arg in args], cwd=ROOT, check=False)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def ensure_environment() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11 or newer is needed, this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not (BIN / "python").exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    _run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    _run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", ".[dev]")
    STAMP.write_text(wanted)


API_PORT = os.environ.get("CRM_API_PORT", "8000")


def run() -> None:
    """The product on its embedded default: the demo company in SQLite, the API (and the digest
    scheduler) in the background, and a console chat in the foreground."""
    ensure_environment()
    _run(BIN / "crm", "demo")
    log = (ROOT / "var" / "api.log").open("ab")
    api = subprocess.Popen(  # the API serves while you chat; stopped when the chat ends
        [str(BIN / "crm"), "serve", "--port", API_PORT], cwd=ROOT, stdout=log, stderr=log
    )
    print(
        f"API: http://127.0.0.1:{API_PORT}/docs (log in var/api.log); a token: "
        f".venv/bin/crm staff token sun.yue@demo.crm.example",
        flush=True,
    )
    try:
        _run(BIN / "crm", "chat", *sys.argv[2:])
    finally:
        api.terminate()
        api.wait(timeout=10)
        log.close()


def test() -> None:
    ensure_environment()
    _run(BIN / "ruff", "check", ".")
    _run(BIN / "ruff", "format", "--check", ".")
    _run(BIN / "mypy")
    _run(BIN / "lint-imports")
    _run(BIN / "python", "-m", "pytest", *sys.argv[2:])


COMMANDS = {"run": run, "test": test}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]]()
