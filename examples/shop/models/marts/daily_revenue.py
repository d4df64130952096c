from tee.typing import ModelMetadata

metadata: ModelMetadata = {
    "description": "Revenue per day",
    "materialization": "incremental",
    "incremental": {
        "strategy": "delete_insert",
        "delete_insert": {"time_column": "order_day", "lookback": "2 days"},
    },
}
