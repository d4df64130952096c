from tee.typing import ModelMetadata

metadata: ModelMetadata = {
    "description": "Append-only log of paid orders",
    "materialization": "incremental",
    "incremental": {
        "strategy": "append",
        "append": {"time_column": "ordered_at", "start_date": "2024-03-01", "lookback": "1 day"},
    },
    # Audited on each batch before it is appended: an order without an amount, or an order id the
    # log already holds, fails the run and nothing is written (docs/tests-and-audits.md).
    "tests": [
        {"test": "not_null", "columns": ["order_id", "amount"]},
        {"test": "unique", "columns": ["order_id"]},
        {
            "test": "relationships",
            "column": "customer_id",
            "to": "raw.customers",
            "field": "customer_id",
            "severity": "warn",
        },
    ],
}
