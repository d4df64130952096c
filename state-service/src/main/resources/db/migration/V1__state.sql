-- The seed's tee_model_state columns, keyed by model; plus every model event seen, by event id,
-- which is what makes redelivered events harmless.
CREATE TABLE model_state (
    model_name               VARCHAR(255) PRIMARY KEY,
    materialization          VARCHAR(32)  NOT NULL,
    last_execution_timestamp TIMESTAMP    NOT NULL,
    sql_hash                 VARCHAR(64),
    config_hash              VARCHAR(64),
    last_processed_value     VARCHAR(255),
    strategy                 VARCHAR(32),
    last_run_id              VARCHAR(255) NOT NULL,
    ledger_seq               BIGINT       NOT NULL
);

CREATE TABLE run_history (
    event_id        UUID         PRIMARY KEY,
    run_id          VARCHAR(255) NOT NULL,
    model_name      VARCHAR(255) NOT NULL,
    event_type      VARCHAR(32)  NOT NULL,
    rows_written    BIGINT,
    error_code      VARCHAR(32),
    message         TEXT,
    duration_millis BIGINT,
    happened_at     TIMESTAMP    NOT NULL
);

CREATE INDEX run_history_by_run ON run_history (run_id, model_name);
