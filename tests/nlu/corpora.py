"""The shared peer corpora (../shared/corpora) sit beside the repository on every developer
machine and in CI. In CI their absence is a failure, never a silent skip."""

import os
from pathlib import Path

import pytest


def require_corpus(path: Path) -> None:
    if path.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"the Duckling corpus is missing in CI: {path}")
    pytest.skip(f"no Duckling corpus at {path}")
