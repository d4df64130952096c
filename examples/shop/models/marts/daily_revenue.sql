-- Revenue per day: the last days are recomputed on every run (delete + insert of the window).
SELECT CAST(ordered_at AS DATE) AS order_day, count(*) AS orders, sum(amount) AS revenue
FROM marts.order_log
GROUP BY 1
