-- Orders that count as revenue.
SELECT order_id, customer_id, amount, ordered_at
FROM raw.orders
WHERE status = 'paid'
