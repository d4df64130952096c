-- every column of the orders, whatever they are today
SELECT * FROM raw.orders
