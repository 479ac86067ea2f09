{#- The monitored models, resolved and validated: the single entry point every
    ml_tracing model reads its configuration from.

    Each entry of `vars.ml_tracing.models` is merged over `vars.ml_tracing.defaults`
    and the package defaults (`_config_defaults`), checked, and returned with
    derived fields (`metrics`, `slice_columns` as dicts with a resolved kind, ...).
    A wrong setting is a compile error naming the model, the setting and what is valid.
    It and its helpers call the package's macros as `ml_tracing.<macro>`: the gates
    call it from the user's project, where only that name reaches them. -#}
{% macro monitored_models() %}
    {% set settings = var('ml_tracing', {}) or {} %}
    {% if settings is not mapping %}
        {{ exceptions.raise_compiler_error("ml_tracing configuration error — `vars: ml_tracing:` must be a mapping with a `models:` list, got: " ~ settings) }}
    {% endif %}
    {% set sections = ['models', 'defaults', 'semantic_layer', 'time_spine'] %}
    {% for key in settings.keys() if key not in sections %}
        {{ exceptions.raise_compiler_error("ml_tracing configuration error — `vars: ml_tracing:`, setting '" ~ key ~ "': unknown setting. Valid: " ~ (sections | join(', ')) ~ '.') }}
    {% endfor %}
    {% set raw_models = settings.get('models', []) or [] %}
    {% if raw_models is string or raw_models is mapping %}
        {{ exceptions.raise_compiler_error("ml_tracing configuration error — `vars: ml_tracing: models:` must be a list of model blocks, got: " ~ raw_models) }}
    {% endif %}
    {% set given_defaults = settings.get('defaults', {}) or {} %}
    {% if given_defaults is not mapping %}
        {{ exceptions.raise_compiler_error("ml_tracing configuration error — `vars: ml_tracing: defaults:` must be a mapping of settings, got: " ~ given_defaults) }}
    {% endif %}
    {% set project_defaults = {} %}
    {% do project_defaults.update(given_defaults) %}
    {% set known_defaults = ['columns'] + (ml_tracing._config_defaults().keys() | list) %}
    {{ ml_tracing._refuse_removed_settings(none, project_defaults) }}
    {% for key in project_defaults.keys() if key not in known_defaults %}
        {{ ml_tracing._config_error(none, key, 'unknown setting (defaults apply to every monitored model).', known_defaults | join(', ')) }}
    {% endfor %}
    {#- the column roles every model starts from: the package's, then the project's -#}
    {% do project_defaults.update({'columns': ml_tracing._mapped_columns(none, ml_tracing._column_defaults(), project_defaults.get('columns'))}) %}
    {#- built once here for the column names of every model -#}
    {% set reserved = ml_tracing.reserved_column_names() %}
    {% set resolved = [] %}
    {% set seen_names = [] %}
    {% for raw in raw_models %}
        {% set model = ml_tracing._resolve_model_config(raw, project_defaults, loop.index, reserved) %}
        {% if model.name in seen_names %}
            {{ ml_tracing._config_error(model.name, 'name', 'the name is used by more than one monitored model.', 'a name unique within `vars: ml_tracing: models:`') }}
        {% endif %}
        {% do seen_names.append(model.name) %}
        {% do resolved.append(model) %}
    {% endfor %}
    {{ ml_tracing._check_slice_column_kinds_agree(resolved) }}
    {{ return(resolved) }}
{% endmacro %}

{#- Settings of earlier versions, refused with what took their place. -#}
{% macro _refuse_removed_settings(owner, given) %}
    {% set removed = {
        'incremental_lookback_days': 'removed: an incremental run sees an actual edited in place at any age (a checksum of the rows of each window), so no lookback is needed.',
    } %}
    {% for key in given.keys() if key in removed %}
        {{ ml_tracing._config_error(owner, key, removed[key], 'delete the setting') }}
    {% endfor %}
{% endmacro %}

{% macro _resolve_model_config(raw, project_defaults, position, reserved) %}
    {% if raw is not mapping %}
        {{ exceptions.raise_compiler_error("ml_tracing configuration error — entry " ~ position ~ " of `vars: ml_tracing: models:` must be a mapping, got: " ~ raw) }}
    {% endif %}
    {% set name = raw.get('name') %}
    {% if not name or name is not string or not modules.re.match('^[a-z][a-z0-9_]*$', name) %}
        {{ ml_tracing._config_error(name or ('#' ~ position), 'name', 'missing or not a lowercase identifier: ' ~ name ~ '.', 'lowercase letters, digits and underscores, starting with a letter') }}
    {% endif %}

    {% set defaults = ml_tracing._config_defaults() %}
    {% set known_keys = ['name', 'task', 'predictions', 'columns'] + (defaults.keys() | list) %}
    {{ ml_tracing._refuse_removed_settings(name, raw) }}
    {% for key in raw.keys() %}
        {% if key not in known_keys %}
            {{ ml_tracing._config_error(name, key, 'unknown setting.', known_keys | join(', ')) }}
        {% endif %}
    {% endfor %}
    {% set model = {'name': name} %}
    {% for key, value in defaults.items() %}
        {% do model.update({key: raw.get(key, project_defaults.get(key, value))}) %}
    {% endfor %}

    {#- task -#}
    {% set tasks = ['binary_classification', 'multiclass_classification', 'regression'] %}
    {% if raw.get('task') not in tasks %}
        {{ ml_tracing._config_error(name, 'task', ('unknown task: ' ~ raw.get('task') if raw.get('task') else 'missing: every model needs its task') ~ '.', tasks | join(', ')) }}
    {% endif %}
    {% do model.update({'task': raw.task}) %}

    {#- relations -#}
    {% if not raw.get('predictions') %}
        {{ ml_tracing._config_error(name, 'predictions', 'missing: the relation holding the predictions.', "a model name, {ref: model_name} or {source: [source_name, table_name]}") }}
    {% endif %}
    {% do model.update({'predictions': ml_tracing._relation_spec(name, 'predictions', raw.predictions)}) %}
    {% do model.update({'actuals': ml_tracing._relation_spec(name, 'actuals', model.actuals) if model.actuals else none}) %}

    {#- column mapping, role by role over the project's defaults -#}
    {% set columns = ml_tracing._mapped_columns(name, project_defaults.columns, raw.get('columns')) %}
    {% if not columns.actual_prediction_id %}
        {% do columns.update({'actual_prediction_id': columns.prediction_id}) %}
    {% endif %}
    {% do model.update({'columns': columns}) %}
    {{ ml_tracing._check_task_columns(model) }}

    {#- metrics -#}
    {% set catalog = ml_tracing.metric_catalog() %}
    {% set valid_metrics = [] %}
    {% for metric, spec in catalog.items() %}
        {% if model.task in spec.tasks %}{% do valid_metrics.append(metric) %}{% endif %}
    {% endfor %}
    {% set metrics = model.metrics if model.metrics is not none else ml_tracing._default_metrics(model.task) %}
    {% if metrics is string %}{% set metrics = [metrics] %}{% endif %}
    {% if not metrics %}
        {{ ml_tracing._config_error(name, 'metrics', 'the list is empty.', valid_metrics | join(', ')) }}
    {% endif %}
    {% for metric in metrics %}
        {% if metric not in catalog %}
            {{ ml_tracing._config_error(name, 'metrics', 'unknown metric: ' ~ metric ~ '.', valid_metrics | join(', ')) }}
        {% elif metric not in valid_metrics %}
            {{ ml_tracing._config_error(name, 'metrics', "metric '" ~ metric ~ "' does not apply to task " ~ model.task ~ '.', valid_metrics | join(', ')) }}
        {% endif %}
    {% endfor %}
    {% for metric in ['log_loss', 'brier_score', 'calibration_error'] %}
        {% if metric in metrics and not columns.predicted_score %}
            {{ ml_tracing._config_error(name, 'metrics', "metric '" ~ metric ~ "' needs a score: map `columns.predicted_score`.") }}
        {% endif %}
    {% endfor %}
    {% set primary = model.primary_metric or metrics[0] %}
    {% if primary not in metrics %}
        {{ ml_tracing._config_error(name, 'primary_metric', "'" ~ primary ~ "' is not one of the model's metrics.", metrics | join(', ')) }}
    {% endif %}
    {% do model.update({'metrics': metrics | unique | list, 'primary_metric': primary}) %}

    {#- task-specific settings -#}
    {% if model.task == 'multiclass_classification' and (not model.classes or model.classes is string) %}
        {{ ml_tracing._config_error(name, 'classes', 'a multiclass model needs the list of its class labels.', 'a list such as [cat, dog, bird]') }}
    {% elif model.task == 'multiclass_classification' and (model.classes | map('string') | unique | list | length) < (model.classes | length) %}
        {{ ml_tracing._config_error(name, 'classes', 'lists a label twice: ' ~ ml_tracing._shown(model.classes) ~ ' (the macro averages would count its class twice).', 'each class label once') }}
    {% elif model.task != 'multiclass_classification' and raw.get('classes') %}
        {{ ml_tracing._config_error(name, 'classes', 'only a multiclass model has classes; this one is ' ~ model.task ~ '.', 'remove `classes`, or `task: multiclass_classification`') }}
    {% endif %}
    {% if model.task == 'binary_classification' %}
        {% set threshold = model.score_threshold %}
        {% if threshold is not number or threshold < 0 or threshold > 1 %}
            {{ ml_tracing._config_error(name, 'score_threshold', 'must be a number between 0 and 1, got: ' ~ ml_tracing._shown(threshold) ~ '.') }}
        {% endif %}
    {% endif %}
    {% do model.update({'classes': (model.classes or []) | map('string') | list,
                        'positive_label': ml_tracing._label_text(model.positive_label)}) %}

    {{ ml_tracing._resolve_slicing(model, raw, reserved) }}
    {{ ml_tracing._resolve_thresholds(model, project_defaults) }}
    {{ ml_tracing._resolve_windows(model) }}
    {{ ml_tracing._resolve_statistics(model) }}
    {% do model.update({'baseline': ml_tracing._resolve_baseline(model)}) %}
    {{ return(model) }}
{% endmacro %}

{#- Labels are compared as text; booleans as 'true' / 'false'. -#}
{% macro _label_text(label) %}
    {% if label is sameas true or label is sameas false %}
        {{ return(label | string | lower) }}
    {% endif %}
    {{ return(label | string) }}
{% endmacro %}

{% macro _relation_spec(model_name, key, spec) %}
    {% if spec is string %}
        {{ return({'ref': spec}) }}
    {% elif spec is mapping and spec.get('ref') is string %}
        {{ return({'ref': spec.ref}) }}
    {% elif spec is mapping and spec.get('source') is iterable and spec.source is not string and spec.source | length == 2 %}
        {{ return({'source': spec.source | list}) }}
    {% endif %}
    {{ ml_tracing._config_error(model_name, key, 'not a relation: ' ~ spec ~ '.', "a model name, {ref: model_name} or {source: [source_name, table_name]}") }}
{% endmacro %}

{% macro _check_task_columns(model) %}
    {% set columns = model.columns %}
    {% for role in ['prediction_id', 'predicted_at'] %}
        {% if not columns[role] %}
            {{ ml_tracing._config_error(model.name, 'columns.' ~ role, 'is required.') }}
        {% endif %}
    {% endfor %}
    {% set needed = {
        'binary_classification': (['predicted_label', 'predicted_score'], ['actual_label']),
        'multiclass_classification': (['predicted_label'], ['actual_label']),
        'regression': (['predicted_value'], ['actual_value']),
    }[model.task] %}
    {% set prediction_roles, actual_roles = needed %}
    {% set mapped = [] %}
    {% for role in prediction_roles %}
        {% if columns[role] %}{% do mapped.append(role) %}{% endif %}
    {% endfor %}
    {% if not mapped %}
        {{ ml_tracing._config_error(model.name, 'columns.' ~ (prediction_roles | join(' / ')), 'a ' ~ model.task ~ ' model needs its prediction mapped.', (prediction_roles | join(' or ')) ~ ' set to a column of the predictions relation') }}
    {% endif %}
    {% if model.actuals and not columns[actual_roles[0]] %}
        {{ ml_tracing._config_error(model.name, 'columns.' ~ actual_roles[0], 'the model has an actuals relation but no actual column mapped.') }}
    {% endif %}
{% endmacro %}

{#- Parse a list of column specs (`slice_columns` or `features`): names, or blocks
    {name, kind: auto|categorical|numeric, bins}; a block without `bins` takes the
    model's setting `bins_setting`; `reserved` is ml_tracing.reserved_column_names().
    Returns dicts sorted by name. -#}
{% macro _column_specs(model, key, bins_setting, reserved) %}
    {% set entries = model[key] or [] %}
    {% if entries is string or entries is mapping %}
        {{ ml_tracing._config_error(model.name, key, 'must be a list.', 'a list of column names or {name, kind, bins} blocks') }}
    {% endif %}
    {% set role_columns = ml_tracing._role_columns(model) %}
    {% set specs = [] %}
    {% set names = [] %}
    {% for entry in entries %}
        {% set spec = entry if entry is mapping else {'name': entry} %}
        {% set column = spec.get('name') %}
        {% if not column or column is not string %}
            {{ ml_tracing._config_error(model.name, key, 'entry ' ~ loop.index ~ ' has no column name: ' ~ entry ~ '.') }}
        {% endif %}
        {% for unknown in spec.keys() if unknown not in ['name', 'kind', 'bins'] %}
            {{ ml_tracing._config_error(model.name, key ~ '.' ~ column ~ '.' ~ unknown, 'unknown key of a column block.', 'name, kind, bins') }}
        {% endfor %}
        {{ ml_tracing._check_column_name(model, key, column, reserved) }}
        {% set kind = spec.get('kind', 'auto') %}
        {% if kind not in ['auto', 'categorical', 'numeric'] %}
            {{ ml_tracing._config_error(model.name, key ~ '.' ~ column ~ '.kind', 'unknown kind: ' ~ kind ~ '.', 'auto, categorical, numeric') }}
        {% endif %}
        {% set bins = spec.get('bins', model[bins_setting]) %}
        {% if bins is not number or bins < 2 %}
            {{ ml_tracing._config_error(model.name, key ~ '.' ~ column ~ '.bins' if 'bins' in spec else bins_setting,
                'must be an integer of at least 2, got: ' ~ ml_tracing._shown(bins) ~ '.') }}
        {% endif %}
        {% if column | lower in role_columns %}
            {% set why = 'slicing on it would leak the label' if key == 'slice_columns'
                else 'the prediction and the actual are measured for drift anyway, and the id and timestamp are not features' %}
            {{ ml_tracing._config_error(model.name, key, "'" ~ column ~ "' is mapped as the id, timestamp, prediction or actual; " ~ why ~ '.', 'feature or context columns of the predictions relation') }}
        {% endif %}
        {% if column | lower in names %}
            {{ ml_tracing._config_error(model.name, key, "'" ~ column ~ "' is listed twice.") }}
        {% endif %}
        {% do names.append(column | lower) %}
        {% do specs.append({'name': column | lower, 'source_name': column, 'kind': kind, 'bins': bins | int}) %}
    {% endfor %}
    {{ return(specs | sort(attribute='name')) }}
{% endmacro %}

{#- The columns mapped as the id, timestamp, prediction or actual (lowercased):
    neither slice columns nor drift features. A model version or environment may be. -#}
{% macro _role_columns(model) %}
    {% set role_columns = [] %}
    {% for role, column in model.columns.items() if column and role not in ['model_version', 'environment'] %}
        {% do role_columns.append(column | lower) %}
    {% endfor %}
    {{ return(role_columns) }}
{% endmacro %}

{% macro _resolve_slicing(model, raw, reserved) %}
    {% set slice_columns = ml_tracing._column_specs(model, 'slice_columns', 'numeric_slice_bins', reserved) %}
    {% do model.update({'features': ml_tracing._column_specs(model, 'features', 'drift_bins', reserved)}) %}
    {#- a fixed order (by name) makes slice keys canonical -#}
    {% do model.update({'slice_columns': slice_columns}) %}

    {% set depth = model.max_slice_depth %}
    {% if depth is not integer or depth < 1 %}
        {{ ml_tracing._config_error(model.name, 'max_slice_depth', 'must be a positive integer, got: ' ~ ml_tracing._shown(depth) ~ '.') }}
    {% endif %}
    {% if 'max_slice_depth' in raw and depth > slice_columns | length %}
        {{ ml_tracing._config_error(model.name, 'max_slice_depth', 'is ' ~ depth ~ ' but only ' ~ (slice_columns | length) ~ ' slice columns are configured.', 'an integer from 1 to ' ~ (slice_columns | length)) }}
    {% endif %}
    {% do model.update({'max_slice_depth': [depth, slice_columns | length] | min}) %}
    {% set searches = ['pruned', 'exhaustive'] %}
    {% if model.slice_search not in searches %}
        {{ ml_tracing._config_error(model.name, 'slice_search', 'unknown search: ' ~ model.slice_search ~ '.', searches | join(', ')) }}
    {% endif %}
    {% if model.grouping_sets_per_query is none %}
        {% do model.update({'grouping_sets_per_query': ml_tracing.mlt_grouping_sets_per_query()}) %}
    {% endif %}
    {% for key in ['min_slice_rows', 'grouping_sets_per_query', 'rolling_windows', 'drift_bins', 'top_k'] %}
        {#- a whole number: `rolling_windows` is a window frame's offset, which the engine silently rounds as a fraction -#}
        {% if model[key] is not integer or model[key] < 1 %}
            {{ ml_tracing._config_error(model.name, key, 'must be a positive integer, got: ' ~ ml_tracing._shown(model[key]) ~ '.') }}
        {% endif %}
    {% endfor %}
{% endmacro %}

{% macro _resolve_windows(model) %}
    {% set grains = ['day', 'week', 'month'] %}
    {% if model.window_grain not in grains %}
        {{ ml_tracing._config_error(model.name, 'window_grain', 'unknown grain: ' ~ model.window_grain ~ '.', grains | join(', ')) }}
    {% endif %}
{% endmacro %}

{#- Baseline kinds:
      environment   — rows whose environment is `environment` (training / validation)
      fixed_period  — current rows with `start` <= predicted_at < `end`
      rolling       — for each window, the current rows of the `days` days before it
      model_version — for each window, the same window's rows of model version `model_version` -#}
{% macro _resolve_baseline(model) %}
    {% set baseline = model.baseline %}
    {#- the days that reach the start of the window before, from any window of the grain -#}
    {% set grain_days = {'day': 1, 'week': 7, 'month': 31}[model.window_grain] %}
    {% if baseline is none %}
        {#- rolling: the 28 days before each window; with month windows the month before -#}
        {% set baseline = {'kind': 'environment', 'environment': 'training'} if model.columns.environment else {'kind': 'rolling', 'days': [28, grain_days] | max} %}
    {% endif %}
    {% set kinds = {'environment': ['environment'], 'fixed_period': ['start', 'end'],
                    'rolling': ['days'], 'model_version': ['model_version']} %}
    {% if baseline is not mapping or baseline.get('kind') not in kinds %}
        {{ ml_tracing._config_error(model.name, 'baseline.kind', 'unknown baseline: ' ~ baseline ~ '.', kinds.keys() | join(', ')) }}
    {% endif %}
    {% for key in baseline.keys() if key != 'kind' and key not in kinds[baseline.kind] %}
        {{ ml_tracing._config_error(model.name, 'baseline.' ~ key, "not a setting of a '" ~ baseline.kind ~ "' baseline.", (['kind'] + kinds[baseline.kind]) | join(', ')) }}
    {% endfor %}
    {% for key in kinds[baseline.kind] %}
        {% if baseline.get(key) is none %}
            {{ ml_tracing._config_error(model.name, 'baseline.' ~ key, "a '" ~ baseline.kind ~ "' baseline needs `" ~ key ~ '`.') }}
        {% endif %}
    {% endfor %}
    {% for key in ['environment', 'model_version'] if baseline.kind == key and baseline[key] is not string and baseline[key] is not number %}
        {{ ml_tracing._config_error(model.name, 'baseline.' ~ key, 'must be one value, got: ' ~ ml_tracing._shown(baseline[key]) ~ '.',
            'one ' ~ key | replace('_', ' ') ~ '; to compare with several as one, give them one name in a model of your own over the predictions') }}
    {% endfor %}
    {% if baseline.kind == 'environment' and not model.columns.environment %}
        {{ ml_tracing._config_error(model.name, 'baseline', "an 'environment' baseline needs `columns.environment` mapped.", 'map the environment column, or use a fixed_period, rolling or model_version baseline') }}
    {% endif %}
    {% if baseline.kind == 'environment' and baseline.environment == model.production_environment %}
        {{ ml_tracing._config_error(model.name, 'baseline.environment', "'" ~ baseline.environment ~ "' is the monitored environment"
            ~ ' (`production_environment`): each window would be compared with a baseline that holds it.',
            "another environment (training, validation, ...), or a rolling or fixed_period baseline of production") }}
    {% endif %}
    {% if baseline.kind == 'model_version' and not model.columns.model_version %}
        {{ ml_tracing._config_error(model.name, 'baseline', "a 'model_version' baseline needs `columns.model_version` mapped.") }}
    {% endif %}
    {#- whole days: the baseline's days are a window frame's offset over day numbers, which PostgreSQL refuses as a fraction -#}
    {% if baseline.kind == 'rolling' and (baseline.days is not integer or baseline.days < 1) %}
        {{ ml_tracing._config_error(model.name, 'baseline.days', 'must be a positive whole number of days, got: ' ~ ml_tracing._shown(baseline.days) ~ '.') }}
    {% endif %}
    {#- a window's baseline is the windows that start in the `days` before it: fewer days than
        the grain's longest window leave some or all windows without one (28 days reach the
        month before only from March) -#}
    {% if baseline.kind == 'rolling' and baseline.days < grain_days %}
        {{ ml_tracing._config_error(model.name, 'baseline.days', baseline.days ~ ' days before a ' ~ model.window_grain
            ~ ' window do not always reach the start of the ' ~ model.window_grain ~ ' before it (the baseline holds the windows that start in those days),'
            ~ ' so windows would be compared with no baseline.',
            'at least ' ~ grain_days ~ ' with `window_grain: ' ~ model.window_grain ~ '` (' ~ grain_days ~ ' per earlier ' ~ model.window_grain
            ~ ': ' ~ grain_days * 2 ~ ' for the two ' ~ model.window_grain ~ 's before)') }}
    {% endif %}
    {% if baseline.kind == 'fixed_period' %}
        {% for key in ['start', 'end'] %}
            {% if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}', baseline[key] | string) %}
                {{ ml_tracing._config_error(model.name, 'baseline.' ~ key, 'must be a date or timestamp (YYYY-MM-DD[ HH:MM:SS]), got: ' ~ baseline[key] ~ '.') }}
            {% endif %}
        {% endfor %}
        {% if (baseline.start | string) >= (baseline.end | string) %}
            {{ ml_tracing._config_error(model.name, 'baseline', 'start (' ~ baseline.start ~ ') must be before end (' ~ baseline.end ~ ').') }}
        {% endif %}
    {% endif %}
    {% set resolved = dict(baseline) %}
    {#- per-window baselines are matched window by window; the others once per model -#}
    {% do resolved.update({'is_per_window': baseline.kind in ['rolling', 'model_version']}) %}
    {{ return(resolved) }}
{% endmacro %}

{#- Resolve `kind: auto` slice columns from the predictions relation's column types
    (numeric types are binned), then check that a column name shared by several
    models has one kind: all models share one inference store. A relation not built
    yet leaves `auto` unresolved: a model compiled before it (the actuals' staging,
    in a first `dbt build` that also builds the predictions) does not use the kinds. -#}
{% macro _check_slice_column_kinds_agree(models) %}
    {% set kinds = {} %}
    {% for model in models %}
        {#- column types are known once dbt executes; at parse `auto` stays unresolved -#}
        {% set types = ml_tracing.relation_column_types(model.predictions) if execute else {} %}
        {% for column in model.slice_columns + model.features %}
            {% set setting = ('slice_columns.' if loop.index <= model.slice_columns | length else 'features.') ~ column.name %}
            {% set source_type = types.get(column.source_name | lower) %}
            {% if column.kind == 'auto' and types %}
                {% do column.update({'kind': 'numeric' if ml_tracing.mlt_is_numeric_type(source_type or '') else 'categorical'}) %}
            {% elif column.kind == 'numeric' and source_type and not ml_tracing.mlt_is_numeric_type(source_type) %}
                {{ ml_tracing._config_error(model.name, setting, "is `kind: numeric`, but column '" ~ column.source_name ~ "' of "
                    ~ ml_tracing.relation_label(model.predictions) ~ ' is ' ~ source_type ~ '.',
                    'kind: categorical, or a numeric column (cast it in a model of your own)') }}
            {% endif %}
            {% set earlier = kinds.get(column.name) %}
            {% if earlier and 'auto' not in [earlier.kind, column.kind] and earlier.kind != column.kind %}
                {{ ml_tracing._config_error(model.name, setting, 'is ' ~ column.kind ~ ' here but ' ~ earlier.kind ~ ' as '
                    ~ earlier.setting ~ " of model '" ~ earlier.model ~ "' (a column has one kind in every model and role).", 'set the same `kind` in both places') }}
            {% endif %}
            {% if not earlier or earlier.kind == 'auto' %}
                {% do kinds.update({column.name: {'model': model.name, 'setting': setting, 'kind': column.kind}}) %}
            {% endif %}
        {% endfor %}
    {% endfor %}
{% endmacro %}

{#- thresholds: package defaults ← `defaults.thresholds` ← the model's `thresholds`,
    merged per check; `feature_thresholds: {feature: {check: {warn, error}}}`
    overrides per feature. A check set to `false` raises no alerts (`enabled`),
    there or for that feature; levels given later turn it on again. -#}
{% macro _resolve_thresholds(model, project_defaults) %}
    {% set checks = ml_tracing._threshold_defaults() %}
    {% set resolved = {} %}
    {% for check, levels in checks.items() %}
        {% do resolved.update({check: dict(levels, enabled=true)}) %}
    {% endfor %}
    {% for source, key in [((project_defaults.get('thresholds') or {}), 'defaults.thresholds'), (model.thresholds or {}, 'thresholds')] %}
        {% for check, levels in source.items() %}
            {{ ml_tracing._check_threshold_levels(model, key ~ '.' ~ check, check, levels, checks) }}
            {% do resolved.update({check: ml_tracing._levels_set(resolved[check], levels)}) %}
        {% endfor %}
    {% endfor %}
    {% set feature_names = ml_tracing.drift_features(model) | map(attribute='name') | list %}
    {% set per_feature = {} %}
    {% for feature, overrides in (model.feature_thresholds or {}).items() %}
        {% if feature | lower not in feature_names %}
            {{ ml_tracing._config_error(model.name, 'feature_thresholds.' ~ feature, 'is not one of the model\'s drift features.', feature_names | join(', ')) }}
        {% endif %}
        {% for check, levels in overrides.items() %}
            {{ ml_tracing._check_threshold_levels(model, 'feature_thresholds.' ~ feature ~ '.' ~ check, check, levels, checks) }}
            {% do per_feature.update({(feature | lower, check): ml_tracing._levels_set(resolved[check], levels)}) %}
        {% endfor %}
    {% endfor %}
    {% do model.update({'thresholds': resolved, 'feature_thresholds': per_feature}) %}
{% endmacro %}

{#- Given together, the error level is the more severe one: beyond the warn level. -#}
{% macro _check_threshold_order(model, key, levels) %}
    {% set worse = levels.error > levels.warn if levels.higher_is_worse else levels.error < levels.warn %}
    {% if not worse and levels.error != levels.warn %}
        {{ ml_tracing._config_error(model.name, key, 'the error level (' ~ levels.error ~ ') is less severe than the warn level ('
            ~ levels.warn ~ '), so no value would be a warning.',
            ('error above warn' if levels.higher_is_worse else 'error below warn') ~ ', e.g. {warn: ' ~ levels.error ~ ', error: ' ~ levels.warn ~ '}') }}
    {% endif %}
{% endmacro %}

{#- A check's levels after `levels` (a mapping, or `false`: off) override `current`. -#}
{% macro _levels_set(current, levels) %}
    {{ return(dict(current, enabled=false) if levels is sameas false else dict(current, enabled=true, **levels)) }}
{% endmacro %}

{% macro _check_threshold_levels(model, key, check, levels, checks) %}
    {% if check not in checks %}
        {{ ml_tracing._config_error(model.name, key, 'unknown check: ' ~ check ~ '.', checks.keys() | join(', ')) }}
    {% endif %}
    {% if levels is sameas false %}
        {{ return('') }}
    {% endif %}
    {% if levels is not mapping %}
        {{ ml_tracing._config_error(model.name, key, 'must be a mapping {warn: <number>, error: <number>}, or false to raise no alerts for the check, got: ' ~ ml_tracing._shown(levels) ~ '.') }}
    {% endif %}
    {% for level, value in levels.items() %}
        {% if level not in ['warn', 'error'] or value is not number %}
            {{ ml_tracing._config_error(model.name, key ~ '.' ~ level, 'must be `warn` or `error` with a number, got: ' ~ level ~ ': ' ~ ml_tracing._shown(value) ~ '.') }}
        {% endif %}
    {% endfor %}
    {% if 'warn' in levels and 'error' in levels %}
        {{ ml_tracing._check_threshold_order(model, key, dict(checks[check], **levels)) }}
    {% endif %}
{% endmacro %}

{#- Statistics of slices and alerts: interval level, false-discovery rate, ranking,
    the smallest window judged; adds `interval_z`, the interval's normal quantile. -#}
{% macro _resolve_statistics(model) %}
    {% set level = model.confidence_level %}
    {% if level is not number or level < 0.5 or level > 0.9999 %}
        {{ ml_tracing._config_error(model.name, 'confidence_level', 'must be a number from 0.5 to 0.9999, got: ' ~ ml_tracing._shown(level) ~ '.', 'e.g. 0.9, 0.95, 0.99') }}
    {% endif %}
    {% set rate = model.false_discovery_rate %}
    {% if rate is not number or rate <= 0 or rate >= 1 %}
        {{ ml_tracing._config_error(model.name, 'false_discovery_rate', 'must be a number strictly between 0 and 1, got: ' ~ ml_tracing._shown(rate) ~ '.', 'e.g. 0.01, 0.05, 0.1') }}
    {% endif %}
    {% set rankings = ['impact_score', 'pessimistic_impact'] %}
    {% if model.rank_slices_by not in rankings %}
        {{ ml_tracing._config_error(model.name, 'rank_slices_by', 'unknown ranking: ' ~ model.rank_slices_by ~ '.', rankings | join(', ')) }}
    {% endif %}
    {% if model.min_window_rows is not number or model.min_window_rows < 1 %}
        {{ ml_tracing._config_error(model.name, 'min_window_rows', 'must be a positive integer, got: ' ~ ml_tracing._shown(model.min_window_rows) ~ '.') }}
    {% endif %}
    {% do model.update({'interval_z': ml_tracing.normal_quantile(1 - (1 - level) / 2)}) %}
{% endmacro %}

{#- `columns` (a mapping of role to column name) applied over `base`, a copy;
    `owner` is the model's name, or none for `vars: ml_tracing: defaults:`. -#}
{% macro _mapped_columns(owner, base, given) %}
    {% set columns = {} %}
    {% do columns.update(base) %}
    {% set given = given or {} %}
    {% if given is not mapping %}
        {{ ml_tracing._config_error(owner, 'columns', 'must be a mapping of roles to column names.', columns.keys() | join(', ')) }}
    {% endif %}
    {% for role, column in given.items() %}
        {% if role not in columns %}
            {{ ml_tracing._config_error(owner, 'columns.' ~ role, 'unknown column role.', columns.keys() | join(', ')) }}
        {% endif %}
        {% if column is not none and column is not string %}
            {{ ml_tracing._config_error(owner, 'columns.' ~ role, 'must be a column name, got: ' ~ column ~ '.') }}
        {% endif %}
        {% do columns.update({role: column}) %}
    {% endfor %}
    {{ return(columns) }}
{% endmacro %}

{#- A setting's value in an error: text quoted, so `'30'` is not read as the number 30. -#}
{% macro _shown(value) %}
    {{- return("'" ~ value ~ "' (text)" if value is string else value) -}}
{% endmacro %}
