{#- Join condition: `value` falls in the [bin_lower, bin_upper) bin of `bins`
    (NULL bounds are open; a NULL value matches no bin, it stays NULL). -#}
{% macro in_bin(bins, value) %}
    {{- return(value ~ ' is not null'
        ~ ' and (' ~ bins ~ '.bin_lower is null or ' ~ value ~ ' >= ' ~ bins ~ '.bin_lower)'
        ~ ' and (' ~ bins ~ '.bin_upper is null or ' ~ value ~ ' < ' ~ bins ~ '.bin_upper)') -}}
{% endmacro %}
