{#- The warehouse relation behind a configured `{ref: ...}` or `{source: [...]}`,
    found through the project graph so that any model may inspect it without
    adding a runtime dependency; none when the graph has no such node. It is built
    from the node, not looked up: a lookup lists the relation's whole schema (dbt
    caches only the schemas it builds into), and every model resolves every
    monitored model's relations. Whether it exists in the warehouse yet shows in
    its columns (relation_columns: {} while it does not). Under `--defer`, a node
    that is not selected and not built in the target (or any with `--favor-state`)
    is read where ref() reads it: the state's relation. -#}
{% macro relation_for(spec) %}
    {% if not execute %}{{ return(none) }}{% endif %}
    {% if spec.get('ref') %}
        {% set nodes = graph.nodes.values() | selectattr('resource_type', 'in', ['model', 'seed', 'snapshot']) | selectattr('name', 'equalto', spec.ref) | list %}
    {% else %}
        {% set nodes = graph.sources.values() | selectattr('source_name', 'equalto', spec.source[0]) | selectattr('name', 'equalto', spec.source[1]) | list %}
    {% endif %}
    {% if not nodes %}{{ return(none) }}{% endif %}
    {% set node = nodes[0] %}
    {% set relation = api.Relation.create(database=node.database, schema=node.schema, identifier=node.identifier if node.resource_type == 'source' else node.alias) %}
    {% set deferred = node.get('defer_relation') %}
    {% if deferred and node.unique_id not in selected_resources and (flags.FAVOR_STATE or load_relation(relation) is none) %}
        {{ return(api.Relation.create(database=deferred.database, schema=deferred.schema, identifier=deferred.alias)) }}
    {% endif %}
    {{ return(relation) }}
{% endmacro %}

{#- How a relation spec reads in SQL and in messages: ref('x') or source('s', 't'). -#}
{% macro relation_label(spec) %}
    {% if spec.get('ref') %}{{ return("ref('" ~ spec.ref ~ "')") }}{% endif %}
    {{ return("source('" ~ spec.source[0] ~ "', '" ~ spec.source[1] ~ "')") }}
{% endmacro %}

{#- {lowercased column name: data type} of a configured relation ({} if not built yet). -#}
{% macro relation_column_types(spec) %}
    {% set types = {} %}
    {% for name, column in ml_tracing.relation_columns(spec).items() %}{% do types.update({name: column.type}) %}{% endfor %}
    {{ return(types) }}
{% endmacro %}

{#- {lowercased column name: {name: as stored, type: data type}} of a configured
    relation ({} if not built yet). -#}
{% macro relation_columns(spec) %}
    {% set relation = ml_tracing.relation_for(spec) %}
    {% set columns = {} %}
    {% if relation is not none %}
        {% for column in adapter.get_columns_in_relation(relation) %}
            {% do columns.update({column.name | lower: {'name': column.name, 'type': column.data_type | lower}}) %}
        {% endfor %}
    {% endif %}
    {{ return(columns) }}
{% endmacro %}
