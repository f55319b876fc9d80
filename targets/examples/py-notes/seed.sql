-- 10,000 notes for the read load (GET /notes/{1..10000}); POST /notes adds more after them.
INSERT INTO notes (body) SELECT 'note ' || g || ': seeded' FROM generate_series(1, 10000) AS g;
