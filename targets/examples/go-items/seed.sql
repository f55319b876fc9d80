INSERT INTO items (name) SELECT 'item-' || g FROM generate_series(1, 10000) AS g;
