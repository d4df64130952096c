from tee.typing import ModelMetadata

metadata: ModelMetadata = {
    "description": "Current customer records, upserted on customer_id",
    "materialization": "incremental",
    "incremental": {
        "strategy": "merge",
        "merge": {"unique_key": ["customer_id"], "time_column": "updated_at", "lookback": "2 hours"},
    },
}
