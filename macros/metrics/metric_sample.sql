{#- A metric as a sample statistic over summed components whose column names start
    with `prefix`: {'method', 'count', 'total', 'sum_squares'} (SQL), or none for
    metrics that are no mean of independent per-row values (see `sample` in
    metric_catalog). `count` rows, of which the per-row values sum to `total` and
    their squares to `sum_squares`; for a proportion the values are 0/1, so the
    sum of squares is the number of successes. -#}
{% macro metric_sample(metric_name, prefix='') %}
    {% set spec = ml_tracing.metric_catalog()[metric_name] %}
    {% if not spec.get('sample') %}
        {{ return(none) }}
    {% endif %}
    {% set total = '(' ~ (spec.numerator | replace('@', prefix)) ~ ')' %}
    {{ return({
        'method': spec.sample,
        'count': '(' ~ (spec.denominator | replace('@', prefix)) ~ ')',
        'total': total,
        'sum_squares': total if spec.sample == 'proportion' else '(' ~ (spec.sum_squares | replace('@', prefix)) ~ ')',
    }) }}
{% endmacro %}
