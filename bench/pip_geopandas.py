#!/usr/bin/python3
"""pip_geopandas.py: the GeoPandas peer of bench/pip.sh.

Counts household points per commune the way a GeoPandas user would: the
communes read from phusong's store (the same polygons and codes every tool
uses), the points read with pandas and made into a GeoSeries, then
gpd.sjoin(points, communes, predicate="within") and value_counts on the
commune code. Writes code,n (communes with at least one point; a point
covered by two overlapping polygons counts in both), and for pip.sh's check
OUT_lowest_code.csv (each point in the lowest code covering it, phusong's
rule; timed as a phase of its own, left out of the comparison). Prints
the time of each phase to stderr as "pip_geopandas: step NAME: E s
elapsed, C s CPU", which pip.sh records as rows of their own. GeoPandas
needs about 1 GB per million points here, hence pip.sh's cap.

  /usr/bin/python3 bench/pip_geopandas.py STORE POINTS.csv OUT.csv
"""
import sys
import time

_t = [time.perf_counter(), time.process_time()]


def step(name):
    now = (time.perf_counter(), time.process_time())
    print("pip_geopandas: step %s: %.3f s elapsed, %.3f s CPU"
          % (name, now[0] - _t[0], now[1] - _t[1]), file=sys.stderr)
    _t[0], _t[1] = now


import geopandas as gpd  # noqa: E402
import pandas as pd  # noqa: E402


def main():
    store, points_csv, out_csv = sys.argv[1:4]
    step("import")
    communes = gpd.read_file(store, layer="commune")[["code", "geometry"]]
    communes = communes[communes.geometry.notna()]
    step("read communes")
    df = pd.read_csv(points_csv, usecols=["lon", "lat"], dtype={"lon": "float64", "lat": "float64"})
    step("read points")
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs=communes.crs)
    del df
    step("make points")
    joined = gpd.sjoin(points, communes, how="inner", predicate="within")
    step("sjoin")
    counts = joined["code"].value_counts().sort_index()
    counts.rename_axis("code").rename("n").to_csv(out_csv, header=True)
    step("value_counts")
    # For pip.sh's check only (pip_report.py takes it out of the times):
    # phusong puts a point in one commune, the lowest code among those that
    # cover it, where the 2008 polygons overlap; count(*) counts it in each.
    by_code = joined["code"].sort_values()
    lowest = by_code[~by_code.index.duplicated(keep="first")].value_counts().sort_index()
    lowest.rename_axis("code").rename("n").to_csv(out_csv.replace(".csv", "_lowest_code.csv"), header=True)
    step("check only, lowest code per point")
    print("pip_geopandas: %d points, %d in %d communes" % (len(points), int(counts.sum()), len(counts)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
