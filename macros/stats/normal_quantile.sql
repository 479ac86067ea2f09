{#- The standard normal quantile z with P(Z <= z) = `probability`, computed when the
    SQL is compiled (it is a constant of the query, e.g. 1.959963985 for 0.975):
    Wichura's algorithm AS 241 (PPND16, Applied Statistics 37, 1988), rational
    approximations exact to about 1e-16 — one for the centre (|p − 0.5| <= 0.425) and
    two for the tails, in r = √(−ln q), q the smaller tail. It takes some forty Jinja
    operations: every model resolves the interval's quantile for every monitored
    model on each compile. Valid for probabilities in (0, 1). -#}
{% macro normal_quantile(probability) %}
    {% set q = probability - 0.5 %}
    {% if q | abs <= 0.425 %}
        {% set r = 0.180625 - q * q %}
        {{ return(q * ml_tracing._polynomial(r, [3.3871328727963666080, 133.14166789178437745, 1971.5909503065514427,
                13731.693765509461125, 45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727])
            / ml_tracing._polynomial(r, [1.0, 42.313330701600911252, 687.18700749205790830, 5394.1960214247511077,
                21213.794301586595867, 39307.895800092710610, 28729.085735721942674, 5226.4952788528545610])) }}
    {% endif %}
    {% set r = (-ml_tracing._natural_log([probability, 1 - probability] | min)) ** 0.5 %}
    {% if r <= 5 %}
        {% set z = ml_tracing._polynomial(r - 1.6, [1.42343711074968357734, 4.63033784615654529590, 5.76949722146069140550,
                3.64784832476320460504, 1.27045825245236838258, 0.241780725177450611770, 0.0227238449892691845833, 0.000774545014278341407640])
            / ml_tracing._polynomial(r - 1.6, [1.0, 2.05319162663775882187, 1.67638483018380384940, 0.689767334985100004550,
                0.148103976427480074590, 0.0151986665636164571966, 0.000547593808499534494600, 1.05075007164441684324e-9]) %}
    {% else %}
        {% set z = ml_tracing._polynomial(r - 5, [6.65790464350110377720, 5.46378491116411436990, 1.78482653991729133580,
                0.296560571828504891230, 0.0265321895265761230930, 0.00124266094738807843860, 2.71155556874348757815e-5, 2.01033439929228813265e-7])
            / ml_tracing._polynomial(r - 5, [1.0, 0.599832206555887937690, 0.136929880922735805310, 0.0148753612908506148525,
                0.000786869131145613259100, 1.84631831751005468180e-5, 1.42151175831644588870e-7, 2.04426310338993978564e-15]) %}
    {% endif %}
    {{ return(-z if q < 0 else z) }}
{% endmacro %}

{#- c[0] + c[1]·x + … + c[n]·xⁿ, by Horner's rule. -#}
{% macro _polynomial(x, coefficients) %}
    {% set value = namespace(total=0.0) %}
    {% for coefficient in coefficients | reverse %}
        {% set value.total = value.total * x + coefficient %}
    {% endfor %}
    {{ return(value.total) }}
{% endmacro %}

{#- ln(x) for 0 < x <= 1: x = m · 2⁻ᵏ with m in [0.5, 1), then
    ln m = 2 atanh(s) = 2 Σ s²ⁿ⁺¹ / (2n + 1), s = (m − 1) / (m + 1), |s| <= 1/3
    (24 terms reach 1e-17). Jinja has no math module. -#}
{% macro _natural_log(x) %}
    {% set reduced = namespace(mantissa=x, halvings=0) %}
    {% for step in range(1100) %}
        {% if reduced.mantissa >= 0.5 %}{% break %}{% endif %}
        {% set reduced.mantissa = reduced.mantissa * 2 %}
        {% set reduced.halvings = reduced.halvings + 1 %}
    {% endfor %}
    {% set s = (reduced.mantissa - 1) / (reduced.mantissa + 1) %}
    {% set series = namespace(power=s, total=0.0) %}
    {% for n in range(24) %}
        {% set series.total = series.total + series.power / (2 * n + 1) %}
        {% set series.power = series.power * s * s %}
    {% endfor %}
    {{ return(2 * series.total - reduced.halvings * 0.6931471805599453) }}
{% endmacro %}
