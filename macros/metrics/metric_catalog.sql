{#- Every metric ml_tracing knows, as a formula over summed additive components.

    Fields per metric:
      tasks            — the tasks it applies to
      higher_is_better — true / false, or none for metrics with no "better" side
                         (rates and bias: their impact uses the absolute deviation)
      numerator, denominator — for ratio metrics; the overall value is then an exact
                         weighted mean of slice values, which makes the baseline
                         change decompose into performance and mix parts
      formula          — for metrics that are not a plain ratio
      support          — for metrics that are not a ratio, the count of rows the value
                         rests on (a ratio's support is its denominator, the impact's weight)
      rows             — where the support is not a count of rows, the rows the value
                         rests on (metric_rows; else the support): they decide
                         window_status and whether a baseline value is judged
      sample           — how the value is a sample statistic, for confidence intervals
                         and tests (macros/metrics/metric_sample.sql):
                         'proportion' — numerator successes out of denominator rows
                                        (Wilson interval, two-proportion z-test);
                         'mean'       — the mean over denominator rows of a per-row
                                        value whose squares sum to `sum_squares`
                                        (normal interval, Welch's t-test);
                         absent       — no per-row sample (F1, macro averages, RMSE,
                                        R², WAPE, calibration error): no statistics
    `@` stands for the component columns' prefix ('' or 'baseline_'). -#}
{% macro metric_catalog() %}
    {% set binary = ['binary_classification'] %}
    {% set classification = ['binary_classification', 'multiclass_classification'] %}
    {% set regression = ['regression'] %}
    {{ return({
        'accuracy': {'tasks': classification, 'higher_is_better': true,
            'numerator': '@n_correct', 'denominator': '@n_evaluated',
            'sample': 'proportion'},
        'precision': {'tasks': binary, 'higher_is_better': true,
            'numerator': '@n_tp', 'denominator': '@n_tp + @n_fp',
            'sample': 'proportion'},
        'recall': {'tasks': binary, 'higher_is_better': true,
            'numerator': '@n_tp', 'denominator': '@n_tp + @n_fn',
            'sample': 'proportion'},
        'f1': {'tasks': binary, 'higher_is_better': true,
            'numerator': '2 * @n_tp', 'denominator': '2 * @n_tp + @n_fp + @n_fn',
            'rows': '@n_tp + @n_fp + @n_fn'},
        'false_positive_rate': {'tasks': binary, 'higher_is_better': false,
            'numerator': '@n_fp', 'denominator': '@n_fp + @n_tn',
            'sample': 'proportion'},
        'false_negative_rate': {'tasks': binary, 'higher_is_better': false,
            'numerator': '@n_fn', 'denominator': '@n_fn + @n_tp',
            'sample': 'proportion'},
        'specificity': {'tasks': binary, 'higher_is_better': true,
            'numerator': '@n_tn', 'denominator': '@n_tn + @n_fp',
            'sample': 'proportion'},
        'log_loss': {'tasks': binary, 'higher_is_better': false,
            'numerator': '@sum_log_loss', 'denominator': '@n_scored',
            'sample': 'mean', 'sum_squares': '@sum_sq_log_loss'},
        'brier_score': {'tasks': binary, 'higher_is_better': false,
            'numerator': '@sum_brier', 'denominator': '@n_scored',
            'sample': 'mean', 'sum_squares': '@sum_sq_brier'},
        'predicted_positive_rate': {'tasks': binary, 'higher_is_better': none,
            'numerator': '@n_predicted_positive', 'denominator': '@n_predicted',
            'sample': 'proportion'},
        'actual_positive_rate': {'tasks': binary, 'higher_is_better': none,
            'numerator': '@n_tp + @n_fn', 'denominator': '@n_evaluated',
            'sample': 'proportion'},
        'calibration_error': {'tasks': binary, 'higher_is_better': false,
            'formula': 'calibration_error', 'support': '@n_scored'},
        'macro_precision': {'tasks': ['multiclass_classification'], 'higher_is_better': true,
            'formula': 'macro_precision', 'support': '@n_evaluated'},
        'macro_recall': {'tasks': ['multiclass_classification'], 'higher_is_better': true,
            'formula': 'macro_recall', 'support': '@n_evaluated'},
        'macro_f1': {'tasks': ['multiclass_classification'], 'higher_is_better': true,
            'formula': 'macro_f1', 'support': '@n_evaluated'},
        'mean_error': {'tasks': regression, 'higher_is_better': none,
            'numerator': '@sum_error', 'denominator': '@n_evaluated',
            'sample': 'mean', 'sum_squares': '@sum_sq_error'},
        'mae': {'tasks': regression, 'higher_is_better': false,
            'numerator': '@sum_abs_error', 'denominator': '@n_evaluated',
            'sample': 'mean', 'sum_squares': '@sum_sq_error'},
        'mse': {'tasks': regression, 'higher_is_better': false,
            'numerator': '@sum_sq_error', 'denominator': '@n_evaluated',
            'sample': 'mean', 'sum_squares': '@sum_fourth_power_error'},
        'rmse': {'tasks': regression, 'higher_is_better': false,
            'formula': 'rmse', 'support': '@n_evaluated'},
        'mape': {'tasks': regression, 'higher_is_better': false,
            'numerator': '@sum_abs_pct_error', 'denominator': '@n_evaluated - @n_zero_actual',
            'sample': 'mean', 'sum_squares': '@sum_sq_abs_pct_error'},
        'wape': {'tasks': regression, 'higher_is_better': false,
            'numerator': '@sum_abs_error', 'denominator': '@sum_abs_actual',
            'rows': '@n_evaluated'},
        'r2': {'tasks': regression, 'higher_is_better': true,
            'formula': 'r2', 'support': '@n_evaluated'},
    }) }}
{% endmacro %}
