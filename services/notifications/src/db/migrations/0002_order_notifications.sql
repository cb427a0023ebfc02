-- Order notifications (confirmed, cancelled, failed, shipped, delivered), each about one order.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (
  'back_in_stock', 'review_published', 'welcome',
  'order_confirmed', 'order_cancelled', 'order_failed', 'order_shipped', 'order_delivered'
));
ALTER TABLE notifications ADD COLUMN order_id text NOT NULL DEFAULT '';
