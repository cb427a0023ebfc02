-- A SKU's weight and size as packed, for shipping quotes. NULL while the catalog does not know
-- them; the three sides are known together or not at all.
ALTER TABLE skus
  ADD COLUMN weight_grams int CHECK (weight_grams BETWEEN 1 AND 1000000),
  ADD COLUMN length_mm    int CHECK (length_mm BETWEEN 1 AND 5000),
  ADD COLUMN width_mm     int CHECK (width_mm BETWEEN 1 AND 5000),
  ADD COLUMN height_mm    int CHECK (height_mm BETWEEN 1 AND 5000),
  ADD CONSTRAINT skus_dimensions_complete
    CHECK ((length_mm IS NULL) = (width_mm IS NULL) AND (width_mm IS NULL) = (height_mm IS NULL));
