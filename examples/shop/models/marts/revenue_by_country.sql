WITH per_customer AS (
    SELECT customer_id, sum(amount) AS revenue
    FROM marts.order_log
    GROUP BY customer_id
)
SELECT c.country, sum(p.revenue) AS revenue, count(*) AS customers
FROM per_customer p
JOIN marts.customers c USING (customer_id)
GROUP BY c.country
