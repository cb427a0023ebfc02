-- A product's pictures, in display order. The key names the picture in the image store; the
-- catalog builds each size's URL from it and its configured image base URL.
CREATE TABLE product_images (
  id         text PRIMARY KEY,
  product_id text NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  position   int NOT NULL,
  key        text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  alt_text   text NOT NULL DEFAULT '',
  UNIQUE (product_id, position)
);
