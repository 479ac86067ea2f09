-- The fraud model's prediction log, as a user's project would expose it.
select * from {{ ref('ml_tracing_demo_fraud_predictions') }}
