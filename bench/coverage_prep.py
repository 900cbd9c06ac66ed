#!/usr/bin/python3
"""coverage_prep.py: turn the three site layers of `phusong synth` into the
benchmark's site files: one CSV per operator for `phusong submit`, and one
sites_postgis.csv with every site's effective circle radius for PostGIS.

Why the rewrite: `phusong synth --sites-5g N` puts every 5G site in the 15
densest wards (the first rollouts), so 20,000 5G sites would be ~1,300 per
ward, not the national layout issue 3 asks for. With --to-5g N the script
asks synth for (4G + 5G) sites placed by its 4G rule (a commune picked with
weight pop^0.75 * area^0.25, a uniform point inside its polygon) and turns
N of them, chosen with a fixed seed, into 5G sites: band n41 (2600 MHz) for
Viettel, n78 (3500 MHz) for VNPT and MobiFone as synth does, an explicit
radius of 250-590 m on 20% of them (synth's rule), none on the rest. Every
site stays where synth put it, inside its commune.

Sites without a radius get the per-band radius of default_radius() below
(phusong's defaults before they came to depend on each site's environment),
written into both tools' inputs, so phusong and PostGIS draw the same
circles. The checker's exact household comparison fails loudly if they ever
differ.

Only Debian's python3 standard library: the GeoPackage point blobs are
decoded here (GeoPackage spec 2.1.3: 'GP' header, flags, envelope, WKB).
"""
import argparse
import csv
import json
import os
import random
import sqlite3
import struct
import sys


def default_radius(tech, band):
    """The benchmark's radius per band, in metres (phusong's old defaults)."""
    if tech == "5G":
        if 3300 <= band <= 3800:
            return 350.0  # n78
        if 2496 <= band <= 2690:
            return 550.0  # n41
        if 0 < band < 1000:
            return 2000.0  # n28
        return 400.0
    if 0 < band < 1000:
        return 3000.0
    if 1700 <= band <= 1900:
        return 1500.0
    if 1900 <= band <= 2200:
        return 1200.0
    return 1500.0


def gpkg_point(blob):
    """(x, y) of a GeoPackage point geometry blob."""
    if blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry blob")
    flags = blob[3]
    env = (flags >> 1) & 7
    env_len = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[env]
    wkb = blob[8 + env_len:]
    bo = "<" if wkb[0] == 1 else ">"
    (gtype,) = struct.unpack(bo + "I", wkb[1:5])
    if gtype % 1000 != 1:
        raise ValueError("geometry type %d is not a point" % gtype)
    return struct.unpack(bo + "dd", wkb[5:21])


def fmt(v):
    """Coordinates as the shortest text that reads back as the same double."""
    return repr(float(v))


def read_sites(synth_dir):
    """All sites of the three synth layers: dicts op, id, lon, lat, tech, band, radius."""
    out = []
    with open(os.path.join(synth_dir, "sites_viettel.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            out.append(dict(op="VIETTEL", id=r["ma_tram"], lon=float(r["kinh_do"]),
                            lat=float(r["vi_do"]), tech=r["cong_nghe"],
                            band=int(r["bang_tan_mhz"] or 0),
                            radius=float(r["ban_kinh_m"]) if r["ban_kinh_m"] else None))
    with open(os.path.join(synth_dir, "sites_vnpt.geojson"), encoding="utf-8") as f:
        for ft in json.load(f)["features"]:
            p = ft["properties"]
            lon, lat = ft["geometry"]["coordinates"][:2]
            out.append(dict(op="VNPT", id=p["site_id"], lon=float(lon), lat=float(lat),
                            tech=p["tech"], band=int(p["band_mhz"] or 0),
                            radius=float(p["radius_m"]) if p["radius_m"] else None))
    db = sqlite3.connect("file:%s?mode=ro" % os.path.join(synth_dir, "sites_mobifone.gpkg"),
                         uri=True)
    for geom, sid, tech, band, radius in db.execute(
            "SELECT geom, site_id, technology, freq_mhz, radius_m FROM tram_bts ORDER BY fid"):
        lon, lat = gpkg_point(geom)
        out.append(dict(op="MOBIFONE", id=sid, lon=lon, lat=lat, tech=tech, band=int(band or 0),
                        radius=float(radius) if radius else None))
    db.close()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("synth_dir")
    ap.add_argument("out_dir")
    ap.add_argument("--to-5g", type=int, default=0,
                    help="turn this many 4G sites into 5G sites (fixed seed)")
    ap.add_argument("--seed", type=int, default=20240601)
    a = ap.parse_args()

    sites = read_sites(a.synth_dir)
    fourg = [s for s in sites if s["tech"] == "4G"]
    if a.to_5g > len(fourg):
        sys.exit("coverage_prep: --to-5g %d but only %d 4G sites" % (a.to_5g, len(fourg)))
    rng = random.Random(a.seed)
    for s in rng.sample(fourg, a.to_5g):
        s["tech"] = "5G"
        s["band"] = 2600 if s["op"] == "VIETTEL" else 3500
        s["radius"] = float(10 * rng.randrange(25, 60)) if rng.random() < 0.2 else None

    # Every site gets an explicit radius (the per-band table below where
    # synth gave none), written into phusong's site files too: both tools
    # then draw the same circles whatever phusong's own defaults are (they
    # now depend on each site's environment).
    for s in sites:
        if not s["radius"]:
            s["radius"] = default_radius(s["tech"], s["band"])

    os.makedirs(a.out_dir, exist_ok=True)
    counts = {}
    for op in ("VIETTEL", "VNPT", "MOBIFONE"):
        with open(os.path.join(a.out_dir, "sites_%s.csv" % op.lower()), "w",
                  encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["ma_tram", "kinh_do", "vi_do", "cong_nghe", "bang_tan_mhz", "ban_kinh_m"])
            for s in sites:
                if s["op"] != op:
                    continue
                w.writerow([s["id"], fmt(s["lon"]), fmt(s["lat"]), s["tech"], s["band"],
                            "%g" % s["radius"] if s["radius"] else ""])
    with open(os.path.join(a.out_dir, "sites_postgis.csv"), "w", encoding="utf-8",
              newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["op", "site_id", "tech", "lon", "lat", "radius_m"])
        for s in sites:
            r = s["radius"] if s["radius"] else default_radius(s["tech"], s["band"])
            w.writerow([s["op"], s["id"], s["tech"], fmt(s["lon"]), fmt(s["lat"]), "%g" % r])
            counts[s["tech"]] = counts.get(s["tech"], 0) + 1
    print("coverage_prep: %s" % ", ".join("%d %s sites" % (counts[t], t) for t in sorted(counts)))


if __name__ == "__main__":
    main()
