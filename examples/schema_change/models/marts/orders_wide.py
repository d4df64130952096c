from tee.typing import ModelMetadata

metadata: ModelMetadata = {
    "description": "All columns of raw.orders, loaded incrementally; new source columns are added",
    "materialization": "incremental",
    "on_schema_change": "append_new_columns",
    "incremental": {
        "strategy": "append",
        "append": {"time_column": "ordered_at", "start_date": "2024-03-01"},
    },
}
