#!/usr/bin/env bash
# doc-images.sh: the example maps of docs/maps.md (docs/img/*.png), made
# from the bundled demo with the commands the page shows, so the pictures
# are what the documented commands give.
#
#   scripts/doc-images.sh [PHUSONG]      # default: build/phusong
#
# Runs `phusong demo` into a scratch folder (about 30 s), then draws each
# map at 1200 x 900 px (150 dpi), Vietnamese, with the synthetic-data note.
# The disagreement map needs an operator's claim: the script makes one for
# VIETTEL by buffering its 5G sites by 2.5 km with ogr2ogr (an optimistic
# filing, so the "claim only" class shows), and imports it. Each image is
# about 150-250 kB (libpng's default compression of mostly flat colour);
# the set stays under 2 MB. Rerun after a change to the map layout and
# commit docs/img/ with it.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
P=${1:-$here/build/phusong}
P=$(cd "$(dirname "$P")" && pwd)/$(basename "$P")
IMG=$here/docs/img
W=$(mktemp -d /tmp/phusong-doc-images.XXXXXX)
trap 'rm -rf "$W"' EXIT
mkdir -p "$IMG"

echo "demo in $W"
"$P" demo --data "$here/data/demo" -o "$W/demo" -q
S=$W/demo/demo.sqlite
COMMON=(--size 1200x900 --synthetic --lang vi --overwrite)

# Run 1 is the demo's analysis with circle footprints (the reports' run);
# run 2 the 3GPP path-loss model with its rasters in coverage_5g/.
"$P" map --metric fibre_households --classes jenks -k 5 --labels communes \
  --run 1 "${COMMON[@]}" -o "$IMG/fibre_jenks.png" "$S"
"$P" map --metric fibre_households --classes quantile -k 5 --palette RdYlBu \
  --midpoint province --run 1 "${COMMON[@]}" -o "$IMG/fibre_diverging.png" "$S"
"$P" map --metric coverage_5g_households --classes fixed --breaks 1,10,25,50 \
  --run 1 "${COMMON[@]}" -o "$IMG/coverage_5g_targets.png" "$S"
"$P" map --metric smartphone --classes quantile -k 5 \
  --run 1 "${COMMON[@]}" -o "$IMG/smartphone_hatched.png" "$S"
"$P" map --coverage "$W/demo/coverage_5g/5G_overlap.tif" --run 2 \
  "${COMMON[@]}" -o "$IMG/coverage_model.png" "$S"

# One page of the district atlas (Thành phố Bà Rịa, district 748).
"$P" map --metric fibre_households --classes fixed --breaks 95,97,99 \
  --labels communes --run 1 --atlas "$W/atlas" "${COMMON[@]}" "$S" >/dev/null
cp "$W/atlas/fibre_households_748.png" "$IMG/atlas_page.png"

# An optimistic VIETTEL claim: its 5G sites buffered by 2.5 km in UTM 48N.
ogr2ogr -f GeoJSON "$W/claim_viettel_5g.geojson" \
  "$W/demo/synthetic/sites_viettel.csv" -dialect SQLite -sql \
  "SELECT ST_Union(ST_Transform(ST_Buffer(ST_Transform(MakePoint(
     CAST(kinh_do AS REAL), CAST(vi_do AS REAL), 4326), 32648), 2500), 4326))
   AS geometry FROM sites_viettel WHERE cong_nghe = '5G'"
"$P" import coverage --operator VIETTEL --tech 5G -q "$S" \
  "$W/claim_viettel_5g.geojson"
"$P" map --disagreement --coverage "$W/demo/coverage_5g" --operator VIETTEL \
  --run 2 "${COMMON[@]}" -o "$W/disagreement.png" "$S" >/dev/null
cp "$W/disagreement.png" "$IMG/disagreement.png"

# Only the pictures: no world files for documentation images.
rm -f "$IMG"/*.pgw "$IMG"/*.png.aux.xml
ls -l "$IMG"
du -ch "$IMG"/*.png | tail -1
