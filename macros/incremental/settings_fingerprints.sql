{#- How this version of ml_tracing computes the rows of its incremental tables from
    given inputs and settings: raised by a release that computes them differently
    (2: NaN staged as NULL; 3: R² NULL where doubles cannot resolve the actuals'
    spread, numeric slice labels with significant digits; 4: prediction ids unique
    per prediction stream, metric rows of the baseline, numeric bin labels
    distinct and the same on every engine; 5: the drift features' values
    stored window by window; 6: the inference store's slice bins checksum). Part of every settings
    fingerprint, so that tables built by another version stop an incremental run
    until one `--full-refresh`. -#}
{% macro stored_rows_version() %}
    {{- return(6) -}}
{% endmacro %}

{#- The settings each monitored model's incremental rows were computed under, as
    {model name: hash}: its resolved settings but those that change only the alerts
    or how a run proceeds (ignored below), the columns every model's tables share
    (all models' slice and feature columns, the slice columns alone, the metric
    components, and those the slice tables carry) and the stored_rows_version.
    int_ml_tracing__prediction_checks stores it on each row (`settings_fingerprint`);
    refuse_changed_settings compares it with the current one. -#}
{% macro settings_fingerprints(models) %}
    {%- set ignored = ['thresholds', 'feature_thresholds', 'grouping_sets_per_query'] -%}
    {%- set columns = [] -%}
    {%- for column in ml_tracing.all_slice_columns(models, include_features=true) -%}
        {%- do columns.append([column.name, column.kind]) -%}
    {%- endfor -%}
    {%- set shared = {
        'columns': columns,
        'slice_columns': ml_tracing.all_slice_columns(models) | map(attribute='name') | list,
        'components': ml_tracing.component_names(models),
        'slice_components': ml_tracing.slice_component_names(models),
        'stored_rows_version': ml_tracing.stored_rows_version(),
    } -%}
    {%- set fingerprints = {} -%}
    {%- for model in models -%}
        {%- set settings = {} -%}
        {%- for key, value in model.items() if key not in ignored -%}{%- do settings.update({key: value}) -%}{%- endfor -%}
        {%- do fingerprints.update({model.name: local_md5(tojson({'settings': settings, 'shared': shared}, sort_keys=true))}) -%}
    {%- endfor -%}
    {{- return(fingerprints) -}}
{% endmacro %}

{#- `case when model_name = '<model>' then '<its fingerprint>' … end`. -#}
{% macro settings_fingerprint_column(models) %}
    {%- set branches = [] -%}
    {%- for name, fingerprint in ml_tracing.settings_fingerprints(models).items() -%}
        {%- do branches.append("when model_name = '" ~ name ~ "' then '" ~ fingerprint ~ "'") -%}
    {%- endfor -%}
    {{- return('case ' ~ (branches | join(' ')) ~ ' end' if branches else 'cast(null as ' ~ dbt.type_string() ~ ')') -}}
{% endmacro %}

{#- An incremental `dbt run` or `dbt build` would add windows computed under the
    current settings to windows computed under others, and keep those: a changed
    `min_slice_rows`, baseline, positive label, metric or slice column would reach
    only new and changed windows. So when int_ml_tracing__prediction_checks holds
    rows of a model whose settings changed since (or rows of an ml_tracing version
    with another stored_rows_version, or that stored no fingerprint), the run stops
    here, naming the models; the
    thresholds and `grouping_sets_per_query` can change without a rebuild. `dbt compile` and `--empty` runs are not stopped.
    A model whose changed settings no later model used (a first build that stopped
    after the checks, on a baseline that selects no rows) is not stopped: the models
    returned have all their windows checked again under the current settings. -#}
{% macro refuse_changed_settings(models) %}
    {%- if not execute or flags.WHICH not in ['run', 'build'] or flags.EMPTY -%}{{ return([]) }}{%- endif -%}
    {%- set see = "See the README's Configuration section, on changing settings." -%}
    {%- set rebuild = 'rebuild once: dbt build --full-refresh --select ml_tracing' -%}
    {%- set stored_columns = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {%- if 'settings_fingerprint' not in stored_columns -%}
        {{ ml_tracing._config_error(models | map(attribute='name') | join(', '), 'models',
            this.identifier ~ ' was built by an earlier version of ml_tracing, which recorded no settings.', rebuild, see=see) }}
    {%- endif -%}
    {%- set held = run_query('select distinct model_name, settings_fingerprint from ' ~ this) -%}
    {%- set current = ml_tracing.settings_fingerprints(models) -%}
    {%- set changed = [] -%}
    {%- for model in models -%}
        {%- for row in held.rows if row[0] == model.name and row[1] != current[model.name] and model.name not in changed -%}
            {%- do changed.append(model.name) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set changed_models = models | selectattr('name', 'in', changed) | list -%}
    {%- set used = ml_tracing._models_scoped(changed_models) -%}
    {%- if used -%}
        {{ ml_tracing._config_error(used | join(', '), 'models',
            'the settings changed since ' ~ this.identifier ~ ' and the other incremental models computed its windows'
            ~ ' (or the tables were built by a version of ml_tracing that computes them differently),'
            ~ ' and an incremental run would keep those windows as they are.', rebuild, see=see) }}
    {%- endif -%}
    {{- return(changed_models | rejectattr('name', 'in', used) | list) -}}
{% endmacro %}

{#- The names of the given models int_ml_tracing__scoped_predictions holds rows of: the
    later models computed their windows. It is read from the graph, not ref()'d:
    it runs after the checks. -#}
{% macro _models_scoped(models) %}
    {%- if not models -%}{{ return([]) }}{%- endif -%}
    {%- set scoped = ml_tracing._built_package_relation('int_ml_tracing__scoped_predictions') -%}
    {%- if scoped is none -%}{{ return([]) }}{%- endif -%}
    {%- set held = run_query('select distinct model_name from ' ~ scoped ~ ' where model_name in ' ~ ml_tracing.model_name_list(models)) -%}
    {{- return(held.columns[0].values() | list) -}}
{% endmacro %}

{#- A run that selects incremental models after the checks but not the checks
    (`dbt build --select int_ml_tracing__scoped_predictions+`) skips
    refuse_changed_settings: called by each such model, this stops the run when the
    checks hold rows checked under other settings than the current ones (or no
    settings), since the model would add windows computed under the current
    settings to windows kept from the earlier ones. No query when the checks run too. -#}
{% macro refuse_unchecked_settings() %}
    {%- if not execute or flags.WHICH not in ['run', 'build'] or flags.EMPTY or not is_incremental() -%}{{ return('') }}{%- endif -%}
    {%- set checks_id = 'model.ml_tracing.int_ml_tracing__prediction_checks' -%}
    {%- if checks_id in selected_resources or checks_id == model.unique_id -%}{{ return('') }}{%- endif -%}
    {%- set checks = ml_tracing._built_package_relation('int_ml_tracing__prediction_checks') -%}
    {%- if checks is none -%}{{ return('') }}{%- endif -%}
    {%- set current = ml_tracing.settings_fingerprints(ml_tracing.monitored_models()) -%}
    {%- set changed = [] -%}
    {%- if 'settings_fingerprint' in adapter.get_columns_in_relation(checks) | map(attribute='name') | map('lower') | list -%}
        {%- for row in run_query('select distinct model_name, settings_fingerprint from ' ~ checks).rows
            if row[0] in current and row[1] != current[row[0]] and row[0] not in changed -%}
            {%- do changed.append(row[0]) -%}
        {%- endfor -%}
    {%- else -%}
        {%- do changed.extend(current.keys() | list) -%}
    {%- endif -%}
    {%- if changed -%}
        {{ ml_tracing._config_error(changed | sort | join(', '), 'models',
            'the settings changed since int_ml_tracing__prediction_checks checked the rows, and this run does not select it:'
            ~ ' ' ~ this.identifier ~ ' would add windows computed under the new settings to those it holds.',
            'run the checks too: dbt build --select ml_tracing (it says whether the change needs a --full-refresh)',
            see="See the README's Configuration section, on changing settings.") }}
    {%- endif -%}
    {{- return('') -}}
{% endmacro %}

{#- The warehouse relation of one of the package's models, read from the graph (not
    ref()'d: the caller may run before it), or none when it is not built. -#}
{% macro _built_package_relation(name) %}
    {%- set node = graph.nodes['model.ml_tracing.' ~ name] -%}
    {{- return(load_relation(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias))) -}}
{% endmacro %}
