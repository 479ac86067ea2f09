{#- The failing rows of ml_tracing's threshold tests: rows of `relation` (filtered
    by `conditions` and, when `windows` is 'latest', to each model's latest judged
    window) whose `observed` value breaks `threshold` ('above' or 'below' it, or
    'outside' ±threshold), with the context to act: model, window, subject, the
    metric judged (`metric`, NULL for drift and quality), observed, threshold,
    baseline. `argument` names the threshold in errors; `valid` is the range it
    must lie in (_check_gate_threshold).
    `judged_windows` leaves out the windows ml_tracing__alerts does not judge:
    'rows', windows with fewer than `min_window_rows` predictions (drift and
    quality gates); 'metric', windows whose metric (the relation's `metric_name`)
    rests on fewer (metric and slice gates). The latest judged window is the
    newest of those, whether or not the relation has a value there: a window
    without one (no baseline yet, no slice) is not judged, and an older window
    does not stand in for it. A gate that reads the marts (`reads_marts`) runs
    after ml_tracing__alerts: dbt build skips what depends on every node a failing
    test depends on, and a failing gate must not keep the marts from being built. -#}
{% macro _threshold_breaches(test_name, relation, observed, threshold, breached_when, subject, baseline='null', conditions=[], windows='all',
        argument='threshold', judged_windows=none, reads_marts=true, valid='at_least_0') %}
    {%- set per_metric = judged_windows == 'metric' -%}
    {{ ml_tracing._check_gate_threshold(test_name, argument, threshold, valid) }}
    {% if windows not in ['all', 'latest'] %}
        {{ exceptions.raise_compiler_error(test_name ~ ": `windows` must be 'all' or 'latest', got: " ~ windows) }}
    {% endif %}
    {% if windows == 'latest' and not judged_windows %}
        {{ exceptions.raise_compiler_error(test_name ~ ": `windows: latest` needs `ml_model`: without it the test judges the whole relation"
            ~ " it is attached to, which has no windows. Valid: `ml_model` (per window of that monitored model), or `windows: all`") }}
    {% endif %}
    {% if reads_marts and config.get('where') %}
        {{ exceptions.raise_compiler_error(test_name ~ ": `where` cannot apply: the gate reads ml_tracing's marts, not the model it is attached to"
            ~ " (got: " ~ config.get('where') ~ "). Valid: `ml_model`, `windows: latest`, or a `where` on a test of the model itself") }}
    {% endif %}
    {%- set double = ml_tracing.mlt_type_double() -%}
    {%- if reads_marts %}
    -- depends_on: {{ ref('ml_tracing__alerts') }}
    {%- endif %}
    with

    observations as (
        select
            model_name,
            window_start,
            {{ 'metric_name' if per_metric else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as metric_name,
            {{ subject }} as subject,
            {{ observed }} as observed_value,
            cast({{ threshold }} as {{ double }}) as threshold,
            cast({{ baseline }} as {{ double }}) as baseline_value
        from {{ relation }}
        where {{ (conditions or ['true']) | join(' and ') }}
    ),
    {%- if judged_windows %}

    judged_windows as (
        select
            model_name,
            window_start,
            {%- if per_metric %}
            metric_name,
            {%- endif %}
            max(window_start) over (partition by model_name{% if per_metric %}, metric_name{% endif %}) as latest_window_start
        from {{ ref('ml_tracing__performance_over_time') }}
        {%- if per_metric %}
        where window_status = 'ok'
        {%- else %}
        where {{ ml_tracing.judged_window_condition() }}
        {%- endif %}
    ),
    {%- endif %}

    scoped as (
        select
            observations.*
            {%- if judged_windows %},
            judged_windows.latest_window_start
            {%- endif %}
        from observations
        {%- if judged_windows %}
        inner join judged_windows
            on observations.model_name = judged_windows.model_name
            and observations.window_start = judged_windows.window_start
            {%- if per_metric %}
            and observations.metric_name = judged_windows.metric_name
            {%- endif %}
        {%- endif %}
    )

    select
        model_name,
        window_start,
        subject,
        metric_name,
        observed_value,
        threshold,
        baseline_value,
        '{{ test_name }}' as failed_test
    from scoped
    where
        {%- if breached_when == 'outside' %}
        abs(observed_value) > threshold
        {%- else %}
        observed_value {{ '>' if breached_when == 'above' else '<' }} threshold
        {%- endif %}
        {%- if windows == 'latest' %}
        and window_start = latest_window_start
        {%- endif %}
{% endmacro %}

{#- A gate's threshold: a finite number (not a boolean) in the `valid` range:
    'any'; 'at_least_0' (a statistic, drop or z-score: below 0 every window
    could fail); 'share_above' (0 up to below 1: no share is above 1, so the gate
    would pass whatever the data); 'share_below' (above 0 up to 1: no share is
    below 0, and every one is below more than 1). -#}
{% macro _check_gate_threshold(test_name, argument, value, valid) %}
    {%- set ranges = {
        'any': ('a number', true),
        'at_least_0': ('a number of at least 0', value is number and value >= 0),
        'share_above': ('a share from 0 to below 1 (no share is above 1: the gate would pass whatever the data)',
            value is number and 0 <= value < 1),
        'share_below': ('a share above 0, at most 1 (no share is below 0, every share is below more than 1:'
            ~ ' the gate would pass or fail whatever the data)', value is number and 0 < value <= 1),
    } -%}
    {%- set what, in_range = ranges[valid] -%}
    {#- value * 0 == 0 leaves out infinity and NaN (YAML's .inf, .nan) -#}
    {%- if value is not number or value is boolean or not value * 0 == 0 or not in_range -%}
        {{ exceptions.raise_compiler_error(test_name ~ ": `" ~ argument ~ "` must be " ~ what ~ ", got: " ~ ml_tracing._shown(value)) }}
    {%- endif -%}
{% endmacro %}

{#- The conditions that scope a gate to what its arguments name, each checked
    against the configuration (resolved once): `ml_model` one of the monitored models,
    `metric` one of the judged models' metrics (a gate that `judges_metric` without
    one takes the primary metric), `column_name` one of their drift features, compared
    with `feature_column` (the prediction and the actual also by their column's name,
    so a gate on the score column judges `predicted_score`). An argument that names
    none of them is a compile error: the gate would find no rows and pass whatever the data. -#}
{% macro _gate_conditions(test_name, ml_model, metric=none, column_name=none, feature_column='feature_name', judges_metric=false) %}
    {%- set conditions = ["model_name = '" ~ ml_model ~ "'"] if ml_model else [] -%}
    {%- if judges_metric and not metric -%}{% do conditions.append('is_primary_metric') %}{%- endif -%}
    {%- if not (ml_model or judges_metric or column_name) -%}{{ return(conditions) }}{%- endif -%}

    {%- set models = ml_tracing._gate_models(test_name, ml_model) -%}
    {%- set judged = ml_model or 'the monitored models' -%}
    {%- if judges_metric and models and not models | selectattr('actuals') | list -%}
        {{ exceptions.raise_compiler_error(test_name ~ ": " ~ judged ~ " has no `actuals` relation, so no metric is ever computed and the gate"
            ~ " would pass whatever the data. Valid: a gate on drift or quality (expect_psi_to_be_below, expect_null_rate_to_be_below, ...),"
            ~ " or an `actuals` setting for the model") }}
    {%- endif -%}
    {%- if judges_metric and metric -%}
        {%- set metrics = [] -%}
        {%- for model in models %}{% do metrics.extend(model.metrics) %}{% endfor -%}
        {%- do conditions.append(ml_tracing._gate_choice_condition(test_name, 'metric', metric, metrics, 'metric_name', 'metrics of ' ~ judged)) -%}
    {%- endif -%}
    {%- if column_name -%}
        {%- set column = column_name | lower -%}
        {%- set features, role_columns, judged_models, judged_features = [], [], [], [] -%}
        {%- for model in models -%}
            {%- set names = ml_tracing.drift_features(model) | map(attribute='name') | list -%}
            {%- set feature = namespace(name=column if column in names else none) -%}
            {%- for role in names if role not in model.features | map(attribute='name') -%}
                {%- do role_columns.append(model.columns[role] | lower ~ ' (' ~ role ~ ')') -%}
                {%- if not feature.name and model.columns[role] | lower == column %}{% set feature.name = role %}{% endif -%}
            {%- endfor -%}
            {%- do features.extend(names) -%}
            {%- if feature.name %}{% do judged_models.append(model.name) %}{% do judged_features.append(feature.name) %}{% endif -%}
        {%- endfor -%}
        {%- if not judged_features -%}
            {{ exceptions.raise_compiler_error(test_name ~ ": `column_name` must be one of the drift features (`features`, the prediction and the actual) of "
                ~ judged ~ ": " ~ features | unique | sort | join(', ') ~ ", or the prediction's or the actual's column: "
                ~ role_columns | unique | sort | join(', ') ~ ", got: " ~ column) }}
        {%- elif judged_features | unique | list | length == 1 -%}
            {%- do conditions.append(feature_column ~ " = '" ~ judged_features[0] ~ "'") -%}
        {%- else -%}
            {#- a column that is the prediction of one model and a feature of another -#}
            {%- set per_model = [] -%}
            {%- for name in judged_models %}{% do per_model.append("model_name = '" ~ name ~ "' and " ~ feature_column ~ " = '" ~ judged_features[loop.index0] ~ "'") %}{% endfor -%}
            {%- do conditions.append('(' ~ per_model | join(' or ') ~ ')') -%}
        {%- endif -%}
    {%- endif -%}
    {{- return(conditions) -}}
{% endmacro %}

{#- The monitored models a gate judges: the one `ml_model` names, else all. -#}
{% macro _gate_models(test_name, ml_model) %}
    {%- set models = ml_tracing.monitored_models() -%}
    {%- if not ml_model -%}{{ return(models) }}{%- endif -%}
    {%- for model in models if model.name == ml_model -%}{{ return([model]) }}{%- endfor -%}
    {{ exceptions.raise_compiler_error(test_name ~ ": `ml_model` must be one of the monitored models: "
        ~ models | map(attribute='name') | join(', ') ~ ", got: " ~ ml_model) }}
{% endmacro %}

{#- `<column> = '<value>'` for a gate argument that must name one of `valid`. -#}
{% macro _gate_choice_condition(test_name, argument, value, valid, column, what) %}
    {%- if value not in valid -%}
        {{ exceptions.raise_compiler_error(test_name ~ ": `" ~ argument ~ "` must be one of the " ~ what ~ ": "
            ~ valid | unique | sort | join(', ') ~ ", got: " ~ value) }}
    {%- endif -%}
    {{- return(column ~ " = '" ~ value ~ "'") -}}
{% endmacro %}
