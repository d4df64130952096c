-- Every paid order, appended as it arrives; late orders within a day still land, once.
SELECT order_id, customer_id, amount, ordered_at
FROM staging.paid_orders
