{#- The standard normal quantile z with P(Z <= z) = `probability`, computed when the
    SQL is compiled (it is a constant of the query, e.g. 1.959963985 for 0.975):
    bisection on the normal CDF Φ(z) = (1 + erf(z/√2)) / 2, with erf from its Taylor
    series erf(x) = 2/√π Σ (−1)ⁿ x²ⁿ⁺¹ / (n! (2n + 1)) (80 terms: exact to about
    1e-13 for |z| <= 5). Valid for probabilities in [1e-6, 1 − 1e-6]. -#}
{% macro normal_quantile(probability) %}
    {% set bounds = namespace(low=-5.0, high=5.0) %}
    {% for step in range(60) %}
        {% set middle = (bounds.low + bounds.high) / 2 %}
        {% set x = middle / 1.4142135623730951 %}
        {% set series = namespace(term=x, total=x) %}
        {% for n in range(1, 80) %}
            {% set series.term = -series.term * x * x / n %}
            {% set series.total = series.total + series.term / (2 * n + 1) %}
        {% endfor %}
        {% if 0.5 + series.total / 1.7724538509055159 < probability %}
            {% set bounds.low = middle %}
        {% else %}
            {% set bounds.high = middle %}
        {% endif %}
    {% endfor %}
    {{ return((bounds.low + bounds.high) / 2) }}
{% endmacro %}
