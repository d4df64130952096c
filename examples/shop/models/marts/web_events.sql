-- Page views, as files land in landing/web_events/ (one CSV per export).
-- A running `t4t serve` picks a new file up when told: t4t notify examples/shop --source landing/web_events
SELECT session_id, page, seen_at
FROM read_csv('landing/web_events/*.csv', header = true)
