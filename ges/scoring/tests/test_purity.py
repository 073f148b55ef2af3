"""The engine is pure Python: importing it loads no Django."""

import subprocess
import sys
from pathlib import Path

ENGINE_MODULES = [
    "ges.scoring",
    "ges.scoring.arithmetic",
    "ges.scoring.cli",
    "ges.scoring.criteria",
    "ges.scoring.document",
    "ges.scoring.engine",
    "ges.scoring.explain",
    "ges.scoring.expressions",
    "ges.scoring.problems",
    "ges.scoring.report",
    "ges.scoring.resolve",
    "ges.scoring.schema",
    "ges.scoring.targets",
    "ges.scoring.traces",
    "ges.scoring.whatif",
]
ROOT = Path(__file__).resolve().parents[3]


def test_it_imports_no_django():
    program = (
        "import importlib, sys\n"
        f"for name in {ENGINE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(loaded))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
    )
    assert done.stdout.strip() == ""


def test_it_lists_every_engine_module():
    package = ROOT / "ges" / "scoring"
    found = {f"ges.scoring.{path.stem}" for path in package.glob("*.py") if path.stem != "__init__"}
    assert found | {"ges.scoring"} == set(ENGINE_MODULES)


def test_it_never_calls_eval():
    package = ROOT / "ges" / "scoring"
    for path in package.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "eval(" not in source.replace("evaluate(", ""), path
        assert "exec(" not in source, path
