"""The engine is pure: plain data in, plain data out, no Django."""

import subprocess
import sys


def test_engine_imports_nothing_from_django():
    """Importing the engine in a fresh interpreter loads no Django module."""
    code = (
        "import sys, ayni.matching.engine; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    found = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "[]"
