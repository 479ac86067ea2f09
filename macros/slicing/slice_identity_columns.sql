{#- The columns that name a slice, carried together from the rollup to the marts. -#}
{% macro slice_identity_columns() %}
    {{ return(['slice_key', 'slice_predicate', 'slice_columns', 'slice_depth']) }}
{% endmacro %}
