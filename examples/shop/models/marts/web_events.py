from tee.typing import ModelMetadata

metadata: ModelMetadata = {
    "description": "Page views from files landing in landing/web_events/",
    "materialization": "incremental",
    "incremental": {
        "strategy": "append",
        "append": {"time_column": "seen_at", "lookback": "1 hour"},
    },
}
