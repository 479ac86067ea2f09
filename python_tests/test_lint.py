"""sqlfluff over the SQL that the package compiles to: what a person reads in
target/compiled and pastes into a console. Rules are in the repository's .sqlfluff."""
import subprocess
import sys
from pathlib import Path

from harness import REPO_ROOT


def test_compiled_sql_passes_sqlfluff(slices_project):
    slices_project.dbt("compile")
    compiled = slices_project.root / "target" / "compiled" / "ml_tracing"
    # models and analyses; the SQL of schema tests (under *.yml folders) is dbt's own
    files = sorted(str(p) for p in compiled.rglob("*.sql") if not any(part.endswith(".yml") for part in p.parts))
    assert any("slice_rollup" in f for f in files)
    sqlfluff = str(Path(sys.executable).parent / "sqlfluff")
    result = subprocess.run([sqlfluff, "lint", "--processes", "0", "--config", str(REPO_ROOT / ".sqlfluff"), *files],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-5000:]
