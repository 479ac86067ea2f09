{#- The failing rows of ml_tracing's threshold tests: rows of `relation` (filtered
    by `conditions` and, when `windows` is 'latest', to each model's latest window)
    whose `observed` value breaks `threshold` ('above' or 'below' it), with the
    context to act: model, window, subject, observed, threshold, baseline. -#}
{% macro _threshold_breaches(test_name, relation, observed, threshold, breached_when, subject, baseline='null', conditions=[], windows='all') %}
    {% if threshold is not number %}
        {{ exceptions.raise_compiler_error(test_name ~ ": `threshold` must be a number, got: " ~ threshold) }}
    {% endif %}
    {% if windows not in ['all', 'latest'] %}
        {{ exceptions.raise_compiler_error(test_name ~ ": `windows` must be 'all' or 'latest', got: " ~ windows) }}
    {% endif %}
    with

    observations as (
        select
            model_name,
            window_start,
            {{ subject }} as subject,
            {{ observed }} as observed_value,
            {{ threshold }} as threshold,
            {{ baseline }} as baseline_value
        from {{ relation }}
        where {{ (conditions or ['true']) | join(' and ') }}
    ),

    scoped as (
        select
            *,
            max(window_start) over (partition by model_name) as latest_window_start
        from observations
    )

    select
        model_name,
        window_start,
        subject,
        observed_value,
        threshold,
        baseline_value,
        '{{ test_name }}' as failed_test
    from scoped
    where
        observed_value {{ '>' if breached_when == 'above' else '<' }} threshold
        {%- if windows == 'latest' %}
        and window_start = latest_window_start
        {%- endif %}
{% endmacro %}

{#- `model_name = '<ml_model>'` when the test names a monitored model. -#}
{% macro _monitored_model_condition(ml_model) %}
    {{- return(["model_name = '" ~ ml_model ~ "'"] if ml_model else []) -}}
{% endmacro %}
