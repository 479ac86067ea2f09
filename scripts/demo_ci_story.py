"""The CI story of the fraud demo: with its gates at `error` severity, `dbt build`
fails on the drifted production period and passes on a clean one.

Prints both exit codes and exits 0 only when that is what happened."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DBT = str(Path(sys.executable).parent / "dbt")


def build(scenario: str) -> int:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_demo_data.py"),
                    "--out", str(ROOT / "seeds" / "demo"), "--scenario", scenario], check=True)
    # each scenario is a whole history of its own, not a day added to the other's:
    # it replaces the tables (an incremental run would keep the other's predictions)
    command = [DBT, "build", "--full-refresh", "--profiles-dir", ".", "--vars", "{ml_tracing_demo_severity: error}"]
    print(f"\n$ {' '.join(command)}   # {scenario} production period", flush=True)
    return subprocess.run(command, cwd=ROOT / "demo").returncode


def main() -> None:
    drifted, clean = build("drifted"), build("clean")
    print(f"\ndrifted period: dbt build exited {drifted} (expected non-zero)")
    print(f"clean period:   dbt build exited {clean} (expected 0)")
    sys.exit(0 if drifted != 0 and clean == 0 else 1)


if __name__ == "__main__":
    main()
