{#- One row per model, window, metric and slice (slices with at least
    `min_slice_rows` predictions, plus the whole window as slice 'all', plus the
    single-column slices the baseline has with at least `min_slice_rows` rows and
    the window lacks, with no rows: `is_absent_from_window`): the slice's
    metric, the window's overall value, the delta, the impact score (the gap to the
    overall value weighted by the slice's share of the metric's support, so that over
    a partition of the window the scores sum to zero), the same slice
    on the baseline, and its share of the overall change against the baseline split
    into a performance part and a mix part (over the values of one column they add
    up to the change).

    Statistics (README, "Statistics: telling real problems from noise"): for
    metrics that are a proportion or a mean of per-row values, a confidence interval
    (Wilson / normal), a test of the slice against its complement (the window minus
    the slice: two-proportion z-test / Welch's t-test), its p-value, the
    Benjamini–Hochberg q-value over the window's slices of the metric, the
    pessimistic impact (the impact at the interval bound nearest the overall value)
    and redundancy (a parent slice — one condition fewer — cannot be told apart
    from the slice: either's value lies within the other's interval).

    Incremental by window (`window_key`): a run recomputes the windows whose slices
    or whose baseline's slices the rollup rebuilt since (see
    slice_metric_batch_windows); the post-hook removes the windows the rollup lost.
    `dbt build --full-refresh` recomputes every window.

    The query is built in steps (slice_metric_steps); on Spark its stages run first,
    each into a table of its own, which the pre-hook writes and the post-hook drops
    (query_steps). -#}
{{ config(
    pre_hook="{{ ml_tracing.stage_query_steps(ml_tracing.slice_metric_steps()) }}",
    post_hook=[
        "{{ ml_tracing.drop_vanished_windows(ml_tracing.slice_metrics_input_keys()) }}",
        "{{ ml_tracing.drop_staged_query_steps(ml_tracing.slice_metric_steps()) }}",
    ],
    **ml_tracing.mlt_incremental_config('window_key')
) }}
{%- do ml_tracing.refuse_unchecked_settings() -%}

{{- ml_tracing.query_statement(ml_tracing.slice_metric_steps()) }}
