-- A product's currency beside its lowest price, so a listing can show "from €12.34" without
-- reading SKUs (all SKUs of a product share one currency).
ALTER TABLE products ADD COLUMN currency char(3);
UPDATE products p SET currency = (SELECT s.currency FROM skus s WHERE s.product_id = p.id ORDER BY s.position LIMIT 1);
UPDATE products SET currency = 'EUR' WHERE currency IS NULL;
ALTER TABLE products ALTER COLUMN currency SET NOT NULL;
