# Tests of the seed raw.orders, run by `t4t test` and by `t4t build` once the seed is loaded.
metadata = {
    "tests": [
        {"test": "unique", "columns": ["order_id"]},
        {"test": "accepted_values", "column": "status", "values": ["paid", "refunded"]},
    ],
}
