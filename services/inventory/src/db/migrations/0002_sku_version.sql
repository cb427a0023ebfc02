-- The SKU is the aggregate inventory publishes events about (StockReserved, StockDepleted, ...):
-- its version increases with every change of its stock, and each event carries the version it
-- produced, so consumers can detect reordering. Existing SKUs start at 0: nothing published yet.
ALTER TABLE sku_products ADD COLUMN version bigint NOT NULL DEFAULT 0 CHECK (version >= 0);
