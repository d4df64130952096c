-- The transactional outbox of model_state events: a row is written in the transaction that changes
-- a model's state, and deleted once the event is on the model-state topic. A service that stops
-- between its commit and its publish publishes the row when it runs again (decision 0005).
CREATE TABLE state_outbox (
    id         BIGSERIAL    PRIMARY KEY,
    model_name VARCHAR(255) NOT NULL,
    event      BYTEA        NOT NULL,
    created_at TIMESTAMP    NOT NULL
);
