"""expect_column_combination_to_be_unique, the grain test of the marts: it returns
each duplicated key with the number of rows sharing it, NULL keys as one key, and
its stored failures keep a key column named `row_count` apart from the count."""
from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml

from harness import DbtProject

pytestmark = pytest.mark.all_engines


def test_duplicated_keys_are_returned_with_their_row_counts(tmp_path, engine):
    rows = pd.DataFrame({
        "model_name": ["a", "a", "a", "b", "b", "c", None, None, "c"],
        "row_count": pd.array([1, 1, 1, 2, 3, 4, 5, 5, None], dtype="Int64"),
        "payload": range(9),
    })
    project = DbtProject(tmp_path, engine)
    project.write_seed("keyed_rows", rows, {"model_name": "string", "row_count": "integer", "payload": "integer"})
    schema = {"version": 2, "seeds": [{"name": "keyed_rows", "data_tests": [
        {"ml_tracing.expect_column_combination_to_be_unique": {"arguments": {"columns": ["model_name", "row_count"]}}}]}]}
    (project.root / "seeds" / "keyed_rows.yml").write_text(yaml.safe_dump(schema))
    project.dbt("deps")
    project.dbt("seed", "--select", "keyed_rows")
    project.dbt("test", "--select", "keyed_rows", "--store-failures", expect_success=False)
    [result] = project.run_results()
    nodes = json.loads((project.root / "target" / "manifest.json").read_text())["nodes"]
    relation = nodes[result["unique_id"]]["relation_name"]
    stored = project.query(f"select * from {relation}")

    sizes = rows.groupby(["model_name", "row_count"], dropna=False).size()
    expected = sizes[sizes > 1].rename("_row_count").reset_index()
    assert result["status"] == "fail" and result["failures"] == len(expected) == 2
    got = stored.assign(row_count=stored.row_count.astype(float), _row_count=stored._row_count.astype(int))
    key = ["model_name", "row_count"]
    pd.testing.assert_frame_equal(got.sort_values(key, na_position="first").reset_index(drop=True)[[*key, "_row_count"]],
                                  expected.assign(row_count=expected.row_count.astype(float))
                                  .sort_values(key, na_position="first").reset_index(drop=True),
                                  check_dtype=False)
