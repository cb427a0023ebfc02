-- ListProducts sorts and filters by a product's lowest SKU price without reading its SKUs: the
-- writes that change prices keep it (products are single-currency, so the minimum is well defined).
ALTER TABLE products ADD COLUMN min_price_minor bigint;
UPDATE products p SET min_price_minor = (SELECT min(s.price_minor) FROM skus s WHERE s.product_id = p.id);
UPDATE products SET min_price_minor = 0 WHERE min_price_minor IS NULL;
ALTER TABLE products ALTER COLUMN min_price_minor SET NOT NULL,
  ADD CONSTRAINT products_min_price_non_negative CHECK (min_price_minor >= 0);
CREATE INDEX products_price_idx ON products (min_price_minor, id);
CREATE INDEX products_newest_idx ON products (create_time, id);

-- What the catalog has heard from inventory: whether each SKU has stock available, as of the SKU's
-- aggregate version in inventory's events (an older event never overwrites a newer state). A SKU
-- without a row has never been stocked as far as the catalog knows: not in stock. Seeded SKUs get
-- the seeded state at version 0 (seeds publish no events; inventory's first event is version 1).
CREATE TABLE sku_stock (
  sku_id      text PRIMARY KEY,
  product_id  text NOT NULL,
  in_stock    boolean NOT NULL,
  version     bigint NOT NULL CHECK (version >= 0),
  update_time timestamptz NOT NULL
);
CREATE INDEX sku_stock_in_stock_idx ON sku_stock (product_id) WHERE in_stock;
