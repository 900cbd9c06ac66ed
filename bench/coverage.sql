-- coverage.sql: the PostGIS peer of `phusong analyze` (circles) for
-- bench/coverage.sh. Each section between '-- @name' lines is one timed
-- step; coverage.sh runs them by name with the psql variable :utm (the EPSG
-- code of phusong's working CRS) and writes the file names of the quoted
-- :'..._csv' placeholders in (psql does not expand variables in \copy).
--
-- Plan, all in the working UTM zone so areas compare with phusong's shares:
-- communes are copied from phusong's own store (same polygons, same codes);
-- circles are ST_Buffer polygons with 128 segments (quad_segs=32: area
-- 0.04% below the true circle, far inside the 0.1-point check); households
-- are assigned to the commune with the lowest code among those that cover
-- them in lon/lat (phusong's boundary rule), and tested against the exact
-- circle with ST_DWithin(site, household, radius), found through a GiST
-- index on each site's square ST_Expand(site, radius).

-- @load_raw
CREATE EXTENSION IF NOT EXISTS postgis;
DROP TABLE IF EXISTS site, household;
CREATE TABLE site (op text, site_id text, tech text, lon float8, lat float8, r float8);
\copy site FROM :'sites_csv' WITH (FORMAT csv, HEADER true)
CREATE TABLE household (id text, lon float8, lat float8, fibre int);
\copy household FROM :'households_csv' WITH (FORMAT csv, HEADER true)

-- @index
DROP TABLE IF EXISTS commune_u, site_g, household_g;
-- Communes: lon/lat for the assignment, UTM for areas.
CREATE TABLE commune_u AS
  SELECT code, geom, ST_Transform(geom, :utm) AS geom_utm FROM commune;
CREATE INDEX ON commune_u USING gist (geom);
CREATE INDEX ON commune_u USING gist (geom_utm);
CREATE TABLE site_g AS
  SELECT op, site_id, tech, r, p AS geom_utm, ST_Buffer(p, r, 'quad_segs=32') AS circle,
         ST_Expand(p, r) AS box
  FROM (SELECT *, ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), :utm) AS p FROM site) s;
CREATE INDEX ON site_g USING gist (circle) WHERE tech = '5G';
CREATE INDEX ON site_g USING gist (circle) WHERE tech = '4G';
CREATE INDEX ON site_g USING gist (box) WHERE tech = '5G';
CREATE INDEX ON site_g USING gist (box) WHERE tech = '4G';
CREATE TABLE household_g AS
  SELECT id, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS geom,
         ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), :utm) AS geom_utm
  FROM household;
ANALYZE commune_u;
ANALYZE site_g;
ANALYZE household_g;

-- @area_5g
DROP TABLE IF EXISTS pg_area_5g;
CREATE TABLE pg_area_5g AS
  SELECT c.code, ST_Area(c.geom_utm) AS area_m2,
         COALESCE((SELECT ST_Area(ST_Intersection(c.geom_utm, ST_Union(s.circle)))
                   FROM site_g s
                   WHERE s.tech = '5G' AND ST_Intersects(s.circle, c.geom_utm)), 0) AS covered_m2
  FROM commune_u c;

-- @area_4g
DROP TABLE IF EXISTS pg_area_4g;
CREATE TABLE pg_area_4g AS
  SELECT c.code, ST_Area(c.geom_utm) AS area_m2,
         COALESCE((SELECT ST_Area(ST_Intersection(c.geom_utm, ST_Union(s.circle)))
                   FROM site_g s
                   WHERE s.tech = '4G' AND ST_Intersects(s.circle, c.geom_utm)), 0) AS covered_m2
  FROM commune_u c;

-- @hh_assign
DROP TABLE IF EXISTS pg_hh_commune;
CREATE TABLE pg_hh_commune AS
  SELECT h.id, h.geom_utm,
         (SELECT c.code FROM commune_u c WHERE ST_Covers(c.geom, h.geom)
          ORDER BY c.code COLLATE "C" LIMIT 1) AS code
  FROM household_g h;

-- @hh_5g
DROP TABLE IF EXISTS pg_hh_5g;
CREATE TABLE pg_hh_5g AS
  SELECT h.code, count(*) AS households,
         count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM site_g s
           WHERE s.tech = '5G' AND s.box && h.geom_utm
             AND ST_DWithin(s.geom_utm, h.geom_utm, s.r))) AS covered
  FROM pg_hh_commune h GROUP BY h.code;

-- @hh_4g
DROP TABLE IF EXISTS pg_hh_4g;
CREATE TABLE pg_hh_4g AS
  SELECT h.code, count(*) AS households,
         count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM site_g s
           WHERE s.tech = '4G' AND s.box && h.geom_utm
             AND ST_DWithin(s.geom_utm, h.geom_utm, s.r))) AS covered
  FROM pg_hh_commune h GROUP BY h.code;

-- @export
\copy (SELECT a5.code, a5.area_m2, a5.covered_m2 AS covered_5g_m2, a4.covered_m2 AS covered_4g_m2, COALESCE(h5.households, 0) AS households, COALESCE(h5.covered, 0) AS households_5g, COALESCE(h4.covered, 0) AS households_4g FROM pg_area_5g a5 JOIN pg_area_4g a4 USING (code) LEFT JOIN pg_hh_5g h5 USING (code) LEFT JOIN pg_hh_4g h4 USING (code) UNION ALL SELECT NULL, NULL, NULL, NULL, h5.households, h5.covered, h4.covered FROM pg_hh_5g h5 JOIN pg_hh_4g h4 ON h4.code IS NULL WHERE h5.code IS NULL ORDER BY 1) TO :'out_csv' WITH (FORMAT csv, HEADER true)
