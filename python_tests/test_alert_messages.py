"""The one-line message of each alert (ml_tracing__alerts.alert_message) and the
number text it is written with, the same on every engine."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from harness import DbtProject

pytestmark = pytest.mark.all_engines

VALUES = [0.0, -0.0, 0.00004, -0.00004, 0.00005, 0.00625, 1.5, -2.25, 3.0, 0.12344999, 12345.67891, -98765.43215,
          99999.99996, 123456789.1234, 99999999999.0, 1e11, -1e12, None]


def decimal_text(value: float | None, decimals: int = 4) -> str | None:
    """The documented rule: |value| × 10^decimals rounded half away from zero."""
    if value is None or math.isnan(value):
        return None
    if math.isinf(value):
        return "infinity" if value > 0 else "-infinity"
    if value >= 1e11:
        return "over 1e11"
    if value <= -1e11:
        return "under -1e11"
    scale = 10 ** decimals
    units = math.floor(abs(value) * scale + 0.5)
    sign = "-" if value < 0 and units > 0 else ""
    return f"{sign}{units // scale}.{units % scale:0{decimals}d}"


def test_decimal_text_is_the_same_on_every_engine(tmp_path, engine):
    """mlt_decimal_text writes each value as the rule above, which is Python's own
    fixed-point text wherever the value is not a rounding tie."""
    project = DbtProject(tmp_path, engine)
    rows = pd.DataFrame({"id": range(len(VALUES)), "value": VALUES})
    project.write_seed("numbers", rows, {"id": "integer", "value": "double"})
    project.write_model("number_texts", """
        {%- set double = ml_tracing.mlt_type_double() %}
        with numbers as (
            select id, value from {{ ref('numbers') }}
            union all select 100, cast('Infinity' as {{ double }})
            union all select 101, -cast('Infinity' as {{ double }})
        )
        select id, value, {{ ml_tracing.mlt_decimal_text('value') }} as value_text from numbers
    """)
    project.dbt("deps")
    project.dbt("seed")
    project.dbt("run", "--select", "number_texts")
    got = project.query(f"select id, value_text from {project.schema}.number_texts")
    got = {int(i): None if pd.isna(text) else text for i, text in zip(got.id, got.value_text)}
    expected = {i: decimal_text(v) for i, v in enumerate(VALUES)} | {100: "infinity", 101: "-infinity"}
    assert got == expected
    for value in VALUES:
        if value is not None and abs(value) < 1e11 and abs(abs(value) * 1e4 % 1 - 0.5) > 1e-6:
            python_text = f"{value:.4f}"
            assert decimal_text(value) == ("0.0000" if python_text == "-0.0000" else python_text), value


@pytest.fixture(scope="module")
def alerts(demo, slices_project):
    """The alerts of the demo and of the test project (which has windows too small to judge)."""
    return pd.concat([demo[0].table("ml_tracing__alerts"), slices_project.table("ml_tracing__alerts")])


def test_every_alert_names_its_model_window_check_value_and_threshold(alerts):
    """Each part of the message is the row's own column; a `too_few_rows` row's
    message (it has no severity) is checked in test_prediction_streams.py."""
    assert set(alerts.alert_kind) == {"drift", "quality", "performance", "slice"}
    assert alerts.baseline_value.isna().any() and alerts.baseline_value.notna().any()
    assert set(alerts.severity) == {"warn", "error"}
    for alert in alerts[alerts.status == "breached"].itertuples():
        level = alert.severity
        baseline = decimal_text(None if pd.isna(alert.baseline_value) else float(alert.baseline_value))
        expected = (f"{alert.model_name}, {pd.Timestamp(alert.window_start).date()}: {alert.check_name}"
                    + (f" of {alert.subject}" if isinstance(alert.subject, str) else "")
                    + (f" on {alert.metric_name}" if alert.alert_kind == "slice" else "")
                    + f" is {decimal_text(float(alert.observed_value))}"
                    + (f" (baseline {baseline})" if baseline is not None else "")
                    + f", {alert.breached_when} the {level} threshold {decimal_text(float(alert.threshold))}")
        assert alert.alert_message == expected
