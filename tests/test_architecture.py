"""The layering contract (pyproject.toml [tool.importlinter]) holds, and is really enforced:
an upward import makes `lint-imports` (part of `make lint`) fail."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "config",
    "demo",
    "home",
    "ratings",
    "feedback",
    "accounts",
    "units",
    "handbook",
    "search",
    "core",
]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(cwd):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def project_copy(tmp_path):
    for app in APPS:
        shutil.copytree(ROOT / app, tmp_path / app, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_contracts_are_kept():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.parametrize(
    ("module", "imports", "broken"),
    [
        ("core/probe.py", "import units.models", "core is not allowed to import units"),
        ("units/probe.py", "from feedback import stats", "units is not allowed to import feedback"),
        ("accounts/probe.py", "import units.teams", "accounts is not allowed to import units"),
        ("feedback/probe.py", "from ratings import stats", "feedback is not allowed to import"),
    ],
)
def test_an_upward_or_sideways_import_breaks_the_build(project_copy, module, imports, broken):
    (project_copy / module).write_text(f"{imports}  # the probe\n")
    result = _lint_imports(project_copy)
    assert result.returncode != 0
    assert broken in result.stdout


def _python_files():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def test_no_import_is_silently_swallowed_and_no_app_guards_our_own_apps():
    offenders = []
    for path in _python_files():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                names = {getattr(n, "id", getattr(n, "attr", "")) for n in ast.walk(node.type)}
                if names & {"ImportError", "ModuleNotFoundError"}:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} except ImportError")
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", "") == "is_installed"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and str(node.args[0].value).split(".")[0] in APPS
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} is_installed")
    assert offenders == []


def test_function_level_imports_of_project_modules_say_why():
    """An import inside a function hides a dependency: allowed only with a comment saying
    why (an import cycle within an app, or the app registry not being ready yet)."""
    offenders = []
    for path in _python_files():
        lines = path.read_text().splitlines()
        tree = ast.parse("\n".join(lines))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if function.name == "ready" and path.name == "apps.py":
                continue  # Django's place for imports that need the app registry
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom):
                    module = "." * node.level + (node.module or "")
                elif isinstance(node, ast.Import):
                    module = node.names[0].name
                else:
                    continue
                project = module.startswith(".") or module.split(".")[0] in APPS
                commented = "#" in lines[node.lineno - 1] or "#" in lines[node.lineno - 2]
                if project and not commented:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {module}")
    assert offenders == []
