SELECT customer_id, name, country, updated_at
FROM raw.customers
