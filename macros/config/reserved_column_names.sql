{#- The names a slice or feature column cannot take. These columns travel, under
    their own names, beside the package's columns through the staging, the
    inference store, the drift bins, the slice tuples and the rollup, so a column
    named like one of those would clash with it:
      names     the package's column names in those models and their steps, with
                the additive metric components of every task;
      patterns  numbered components (per class, per calibration bin) and the
                pruned search's per-metric and per-column columns;
      keywords  SQL keywords DuckDB or PostgreSQL reserves (duckdb_keywords():
                reserved and type_function; pg_get_keywords(): R and T). Spark
                reserves none by default.
    test_configuration_errors derives the names from the compiled SQL and the
    keywords from each engine's catalog. -#}
{% macro reserved_column_names() %}
    {% set names = [
        'model_name', 'prediction_id', 'predicted_at', 'model_version', 'environment',
        'predicted_label', 'predicted_score', 'predicted_value', 'is_predicted_positive',
        'actual_label', 'actual_value', 'is_actual_positive', 'actual_observed_at', 'actual_count', 'has_actual',
        'has_conflicting_actuals', 'settings_fingerprint',
        'id_rank', 'rows_with_same_id', 'rejection_reason', 'n_predictions', 'n_actuals',
        'window_start', 'window_key', 'is_current', 'is_baseline', 'baseline_window_start', 'built_at',
        'bin_purpose', 'column_name', 'slice_bins_checksum', 'bin_count', 'bin_index', 'bin_label', 'bin_lower', 'bin_upper',
        'short_decimals', 'short_units', 'precise_units', 'short_digits', 'precise_digits', 'short_text', 'precise_text', 'label_format',
        'edge_magnitude', 'rough_exponent', 'decimal_exponent', 'digit_count', 'offset_digit',
        'digit_offset', 'candidate_digits', 'candidate_text', 'fewest_digits', 'candidate_rank', 'candidate_count',
        'upper_text', 'lower_text',
        'bin_edge', 'reference_value', 'value_rank', 'value_count', 'quantile_level', 'stream_started_at',
        'feature_name', 'feature_kind', 'numeric_value', 'bin_value', 'is_null_bin',
        'scope', 'scope_window_start', 'search_window', 'served_window_start',
        'slice_key', 'slice_predicate', 'slice_columns', 'slice_depth',
        'is_reported', 'is_expanded', 'is_own', 'is_parent_own', 'is_self', 'holds_pruned_value',
        'metric_name', 'impact_score', 'impact_rank',
    ] %}
    {% for task in ['binary_classification', 'multiclass_classification', 'regression'] %}
        {% for component, _ in ml_tracing.metric_components(task, classes=[], calibration_bins=0) %}
            {% if component not in names %}{% do names.append(component) %}{% endif %}
        {% endfor %}
    {% endfor %}
    {% set metrics = ml_tracing.metric_catalog().keys() | sort | join('|') %}
    {% set patterns = [
        '(calibration_residual|class_tp|class_predicted|class_actual)_[0-9]+',
        '(excess|positive_part|negative_part)_(' ~ metrics ~ ')',
        'value_mark_.*',
    ] %}
    {% set keywords = [
        'all', 'analyse', 'analyze', 'and', 'anti', 'any', 'array', 'as', 'asc', 'asof', 'asymmetric', 'at',
        'authorization', 'binary', 'both', 'by', 'case', 'cast', 'check', 'collate', 'collation', 'column',
        'columns', 'concurrently', 'constraint', 'create', 'cross', 'current_catalog', 'current_date',
        'current_role', 'current_schema', 'current_time', 'current_timestamp', 'current_user', 'default',
        'deferrable', 'desc', 'describe', 'distinct', 'do', 'else', 'end', 'except', 'false', 'fetch',
        'for', 'foreign', 'freeze', 'from', 'full', 'generated', 'glob', 'grant', 'group', 'having',
        'ilike', 'in', 'initially', 'inner', 'intersect', 'into', 'is', 'isnull', 'join', 'lambda',
        'lateral', 'leading', 'left', 'like', 'limit', 'localtime', 'localtimestamp', 'map', 'natural',
        'not', 'notnull', 'null', 'offset', 'on', 'only', 'or', 'order', 'outer', 'overlaps', 'pivot',
        'pivot_longer', 'pivot_wider', 'placing', 'positional', 'primary', 'qualify', 'references',
        'returning', 'right', 'select', 'semi', 'session_user', 'show', 'similar', 'some', 'struct',
        'summarize', 'symmetric', 'table', 'tablesample', 'then', 'to', 'trailing', 'true', 'try_cast',
        'tuple', 'union', 'unique', 'unpack', 'unpivot', 'user', 'using', 'variadic', 'verbose', 'when',
        'where', 'window', 'with',
    ] %}
    {{ return({'names': names | sort, 'patterns': patterns, 'keywords': keywords}) }}
{% endmacro %}

{#- A slice or feature column's name (lowercased) must be a plain identifier that
    is neither reserved by the package nor an SQL keyword: the package's SQL names
    these columns unquoted, beside its own. `reserved` is ml_tracing.reserved_column_names(),
    built once by the caller for all its columns. -#}
{% macro _check_column_name(model, key, column, reserved) %}
    {% set rename = 'copy the column under another name in a model over the predictions relation, e.g. `select *, "'
        ~ column ~ '" as ' ~ model.name ~ '_' ~ (modules.re.sub('[^a-z0-9_]+', '_', column | lower) | trim('_'))
        ~ '`, and list the copy instead' %}
    {% set see = "See the README's Column names section for the names a slice or feature column cannot take." %}
    {% set name = column | lower %}
    {% set is_reserved = name in reserved.names or modules.re.match('^(' ~ reserved.patterns | join('|') ~ ')$', name) %}
    {% if not modules.re.match('^[a-z_][a-z0-9_]*$', name) %}
        {{ ml_tracing._config_error(model.name, key, "'" ~ column ~ "' is not a plain SQL identifier.",
                         'letters, digits and underscores, starting with a letter or an underscore; ' ~ rename, see) }}
    {% elif name in reserved.keywords %}
        {{ ml_tracing._config_error(model.name, key, "'" ~ column ~ "' is an SQL keyword that DuckDB or PostgreSQL reserves.",
                         'a name that is not a reserved keyword; ' ~ rename, see) }}
    {% elif is_reserved %}
        {{ ml_tracing._config_error(model.name, key, "'" ~ column ~ "' is a name ml_tracing gives its own columns, which sit beside the slice and feature columns.",
                         'a name that is not reserved; ' ~ rename, see) }}
    {% endif %}
{% endmacro %}

{#- `dbt run-operation ml_tracing.print_reserved_column_names`: the three lists, as JSON. -#}
{% macro print_reserved_column_names() %}
    {{ print(tojson(ml_tracing.reserved_column_names())) }}
{% endmacro %}
