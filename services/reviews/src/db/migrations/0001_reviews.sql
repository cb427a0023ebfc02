-- Reviews: one per customer per product.
CREATE TABLE reviews (
  id          text PRIMARY KEY,
  product_id  text NOT NULL,
  author_id   text NOT NULL,
  rating      smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  title       text NOT NULL DEFAULT '',
  body        text NOT NULL,
  create_time timestamptz NOT NULL,
  update_time timestamptz NOT NULL,
  UNIQUE (product_id, author_id)
);
CREATE INDEX reviews_product_recent_idx ON reviews (product_id, create_time DESC, id);
CREATE INDEX reviews_author_idx ON reviews (author_id);
