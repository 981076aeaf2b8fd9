CREATE TABLE `sofia-data.analytics.visits` (
  visit_id STRING,
  visitor STRUCT<full_name STRING, email STRING, country STRING>,
  page_url STRING,
  device_id STRING,
  visited_at TIMESTAMP,
  duration_s INT64
);
