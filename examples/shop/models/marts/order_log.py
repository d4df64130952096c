from tee.typing import ModelMetadata

metadata: ModelMetadata = {
    "description": "Append-only log of paid orders",
    "materialization": "incremental",
    "incremental": {
        "strategy": "append",
        "append": {"time_column": "ordered_at", "start_date": "2024-03-01", "lookback": "1 day"},
    },
}
