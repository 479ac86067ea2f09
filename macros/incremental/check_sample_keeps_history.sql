{#- `dbt build --sample` filters every source or ref whose `event_time` is configured
    to the sample's period. Staged that way, the predictions (or actuals) of a model
    would reach incremental checks that already hold windows: the checks would
    replace those windows with sampled rows (a day the sample cuts counts fewer
    rows) and their post-hooks would drop every window outside the sample. So a
    sampled staging model is a compile error naming the model, the setting and what
    to do, unless the checks start from scratch (`--full-refresh`, or no table yet),
    where a sample is simply a smaller build. -#}
{% macro check_sample_keeps_history(model, relation_key, checks_model) %}
    {%- if not execute or flags.FULL_REFRESH -%}{{ return('') }}{%- endif -%}
    {%- if ml_tracing.configured_relation(model[relation_key]).event_time_filter is none -%}{{ return('') }}{%- endif -%}
    {%- set checks = graph.nodes['model.ml_tracing.' ~ checks_model] -%}
    {%- if adapter.get_relation(checks.database, checks.schema, checks.alias) is none -%}{{ return('') }}{%- endif -%}
    {{ ml_tracing._config_error(
        model.name, relation_key,
        '`--sample` filters ' ~ ml_tracing.relation_label(model[relation_key]) ~ ' (its `event_time` is configured), and '
        ~ checks_model ~ ' already holds windows: a sampled run would replace them with sampled rows and drop every'
        ~ ' window outside the sample.',
        'run without `--sample`, or build the sample from scratch with `--full-refresh` (in a development target)',
        see="See the README's Data contract and bad input section, on `dbt build --sample`."
    ) }}
{% endmacro %}
