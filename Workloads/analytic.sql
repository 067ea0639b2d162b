-- Analytic: a TPC-H-style decision-support workload. The setup generates a small sales database in SQL
-- (nation, customer, part, supplier, orders and 300k line items, with indexes and statistics); the run
-- is a set of reporting queries: scans with aggregates, multi-way joins, grouping, a large sort and a
-- temporary table. Sorts and temporary b-trees make temp_store and the cache knobs matter here.
-- @setup
CREATE TABLE nation(n_nationkey INTEGER PRIMARY KEY, n_name TEXT, n_regionkey INTEGER);
CREATE TABLE customer(c_custkey INTEGER PRIMARY KEY, c_name TEXT, c_nationkey INTEGER, c_acctbal REAL, c_mktsegment TEXT);
CREATE TABLE supplier(s_suppkey INTEGER PRIMARY KEY, s_name TEXT, s_nationkey INTEGER, s_acctbal REAL);
CREATE TABLE part(p_partkey INTEGER PRIMARY KEY, p_name TEXT, p_brand TEXT, p_type TEXT, p_size INTEGER, p_retailprice REAL);
CREATE TABLE orders(o_orderkey INTEGER PRIMARY KEY, o_custkey INTEGER, o_orderstatus TEXT, o_totalprice REAL,
  o_orderdate INTEGER, o_orderpriority TEXT);
CREATE TABLE lineitem(l_orderkey INTEGER, l_linenumber INTEGER, l_partkey INTEGER, l_suppkey INTEGER, l_quantity REAL,
  l_extendedprice REAL, l_discount REAL, l_tax REAL, l_returnflag TEXT, l_linestatus TEXT, l_shipdate INTEGER,
  l_commitdate INTEGER, l_receiptdate INTEGER, l_shipmode TEXT, l_comment TEXT, PRIMARY KEY (l_orderkey, l_linenumber));

WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < 24)
INSERT INTO nation SELECT x, 'NATION' || x, x % 5 FROM n;
WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 7500)
INSERT INTO customer SELECT x, 'Customer#' || x, x * 7 % 25, (x * 7919 % 1099999) / 100.0 - 999.99,
  CASE x % 5 WHEN 0 THEN 'AUTOMOBILE' WHEN 1 THEN 'BUILDING' WHEN 2 THEN 'FURNITURE' WHEN 3 THEN 'HOUSEHOLD' ELSE 'MACHINERY' END FROM n;
WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 500)
INSERT INTO supplier SELECT x, 'Supplier#' || x, x * 11 % 25, (x * 6151 % 1099999) / 100.0 - 999.99 FROM n;
WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 10000)
INSERT INTO part SELECT x, 'part ' || (x * 104729 % 10007), 'Brand#' || (x % 5 + 1) || (x % 7 + 1),
  CASE x % 3 WHEN 0 THEN 'STANDARD ' WHEN 1 THEN 'PROMO ' ELSE 'ECONOMY ' END || CASE x % 4 WHEN 0 THEN 'BRASS' WHEN 1 THEN 'STEEL' WHEN 2 THEN 'TIN' ELSE 'COPPER' END,
  x % 50 + 1, 900 + (x % 1000) / 10.0 FROM n;
WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 75000)
INSERT INTO orders SELECT x, x * 37 % 7500 + 1, CASE x % 3 WHEN 0 THEN 'F' WHEN 1 THEN 'O' ELSE 'P' END, 0,
  8035 + x * 2557 % 2405, CASE x % 5 WHEN 0 THEN '1-URGENT' WHEN 1 THEN '2-HIGH' WHEN 2 THEN '3-MEDIUM' WHEN 3 THEN '4-NOT SPECIFIED' ELSE '5-LOW' END FROM n;
WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 4)
INSERT INTO lineitem SELECT o_orderkey, k, (o_orderkey * 13 + k * 7919) % 10000 + 1, (o_orderkey + k * 31) % 500 + 1,
  (o_orderkey * k) % 50 + 1, ((o_orderkey * k) % 50 + 1) * (900 + ((o_orderkey * 13 + k * 7919) % 1000) / 10.0),
  (o_orderkey + k) % 11 / 100.0, (o_orderkey * k) % 9 / 100.0,
  CASE WHEN o_orderdate < 9300 THEN CASE (o_orderkey + k) % 2 WHEN 0 THEN 'R' ELSE 'A' END ELSE 'N' END,
  CASE WHEN o_orderdate < 9500 THEN 'F' ELSE 'O' END,
  o_orderdate + k * 11 % 121, o_orderdate + 30 + k % 60, o_orderdate + k * 11 % 121 + (o_orderkey % 30),
  CASE (o_orderkey + k) % 7 WHEN 0 THEN 'AIR' WHEN 1 THEN 'MAIL' WHEN 2 THEN 'SHIP' WHEN 3 THEN 'TRUCK' WHEN 4 THEN 'RAIL' WHEN 5 THEN 'FOB' ELSE 'REG AIR' END,
  printf('%.30c', 'x')
FROM orders, n;
UPDATE orders SET o_totalprice = (SELECT sum(l_extendedprice * (1 - l_discount)) FROM lineitem WHERE l_orderkey = o_orderkey);
CREATE INDEX lineitem_part ON lineitem(l_partkey);
CREATE INDEX lineitem_ship ON lineitem(l_shipdate);
CREATE INDEX orders_customer ON orders(o_custkey);
CREATE INDEX orders_date ON orders(o_orderdate);
ANALYZE;
-- @run
-- Q1, pricing summary: a full scan with grouped aggregates.
SELECT l_returnflag, l_linestatus, sum(l_quantity), sum(l_extendedprice), sum(l_extendedprice * (1 - l_discount)),
  sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)), avg(l_quantity), avg(l_discount), count(*)
FROM lineitem WHERE l_shipdate <= 10400 GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus;
-- Q3, shipping priority: a three-way join, grouped and sorted.
SELECT l_orderkey, sum(l_extendedprice * (1 - l_discount)) AS revenue, o_orderdate
FROM customer JOIN orders ON c_custkey = o_custkey JOIN lineitem ON l_orderkey = o_orderkey
WHERE c_mktsegment = 'BUILDING' AND o_orderdate < 9200 AND l_shipdate > 9200
GROUP BY l_orderkey, o_orderdate ORDER BY revenue DESC, o_orderdate LIMIT 10;
-- Q5, local supplier volume: a five-way join through nation.
SELECT n_name, sum(l_extendedprice * (1 - l_discount)) AS revenue
FROM customer JOIN orders ON c_custkey = o_custkey JOIN lineitem ON l_orderkey = o_orderkey
JOIN supplier ON l_suppkey = s_suppkey AND c_nationkey = s_nationkey JOIN nation ON s_nationkey = n_nationkey
WHERE n_regionkey = 2 AND o_orderdate BETWEEN 8400 AND 8765 GROUP BY n_name ORDER BY revenue DESC;
-- Q6, forecasting revenue change: a range scan with a filter.
SELECT sum(l_extendedprice * l_discount) FROM lineitem
WHERE l_shipdate BETWEEN 8766 AND 9130 AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24;
-- Q10, returned items: join, group and sort by revenue.
SELECT c_custkey, c_name, sum(l_extendedprice * (1 - l_discount)) AS revenue, c_acctbal, n_name
FROM customer JOIN orders ON c_custkey = o_custkey JOIN lineitem ON l_orderkey = o_orderkey JOIN nation ON c_nationkey = n_nationkey
WHERE o_orderdate BETWEEN 8800 AND 8890 AND l_returnflag = 'R'
GROUP BY c_custkey, c_name, c_acctbal, n_name ORDER BY revenue DESC LIMIT 20;
-- Q12, shipping modes: a join with conditional aggregates.
SELECT l_shipmode, sum(o_orderpriority IN ('1-URGENT', '2-HIGH')), sum(o_orderpriority NOT IN ('1-URGENT', '2-HIGH'))
FROM orders JOIN lineitem ON o_orderkey = l_orderkey
WHERE l_shipmode IN ('MAIL', 'SHIP') AND l_commitdate < l_receiptdate AND l_shipdate < l_commitdate
GROUP BY l_shipmode ORDER BY l_shipmode;
-- Q14-like promotion effect: a join with part on a date range.
SELECT 100.0 * sum(CASE WHEN p_type LIKE 'PROMO%' THEN l_extendedprice * (1 - l_discount) ELSE 0 END)
  / sum(l_extendedprice * (1 - l_discount))
FROM lineitem JOIN part ON l_partkey = p_partkey WHERE l_shipdate BETWEEN 9000 AND 9120;
-- Top suppliers per brand: a temporary table of aggregates, then a join over it.
CREATE TEMP TABLE brand_revenue AS
SELECT p_brand, l_suppkey, sum(l_extendedprice) AS revenue FROM lineitem JOIN part ON l_partkey = p_partkey GROUP BY p_brand, l_suppkey;
SELECT b.p_brand, s_name, b.revenue
FROM brand_revenue AS b JOIN (SELECT p_brand, max(revenue) AS top FROM brand_revenue GROUP BY p_brand) AS m
  ON m.p_brand = b.p_brand AND b.revenue = m.top
JOIN supplier ON s_suppkey = b.l_suppkey ORDER BY b.p_brand;
DROP TABLE brand_revenue;
-- A large sort that no index serves: line items by price.
SELECT l_orderkey, l_linenumber, l_extendedprice, l_comment FROM lineitem ORDER BY l_extendedprice DESC, l_comment LIMIT 10 OFFSET 250000;
-- Distinct counts: hashing or sorting every row.
SELECT count(DISTINCT l_partkey || '-' || l_suppkey), count(DISTINCT l_orderkey % 9973) FROM lineitem;
