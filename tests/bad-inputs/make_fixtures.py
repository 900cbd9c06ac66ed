#!/usr/bin/env python3
"""Regenerate the committed bad-input fixtures (tests/bad-inputs/*).

The fixtures are committed; this script documents how the binary ones
(UTF-16, CP1258, NUL bytes, NFD, zips) were made and rewrites them all
byte-for-byte. A14 (a line over 10 MB) and A14c (a NUL byte after the
first 64 KB) are not committed: tests/cli/bad_inputs.sh makes them at
test time. The expected outcome of each case is in cases.tsv; the
catalogue is ../shared/spec/bad-inputs.md (groups A, B, C; G, H, I in
untrusted_fixtures(); E, F in geometry_fixtures(); variants that
reach rarer checks in edge_fixtures()).

Usage: python3 tests/bad-inputs/make_fixtures.py   (from anywhere)
"""
import io
import os
import unicodedata
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

HEAD = "site_id,lon,lat,tech\n"
R1 = "S1,107.070057,10.355719,4G\n"
R2 = "S2,107.074112,10.341630,5G\n"
R3 = "S3,107.081234,10.362345,4G\n"
BASE = HEAD + R1 + R2 + R3


def put(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def nfd(s):
    return unicodedata.normalize("NFD", s)


def shapefile_zip(name, prj):
    """A point shapefile (UTM 48N values) zipped with the given .prj text.
    Written by hand (shp/shx/dbf are simple) so no GDAL is needed here."""
    import struct
    pts = [("S1", "4G", 688123.45, 1145234.56), ("S2", "5G", 689234.56, 1146345.67)]
    # .shp / .shx
    rec_len_words = (4 + 16) // 2  # shape type + x + y, in 16-bit words
    shp = io.BytesIO()
    shx = io.BytesIO()
    xs = [p[2] for p in pts]
    ys = [p[3] for p in pts]
    def header(total_words):
        h = struct.pack(">7i", 9994, 0, 0, 0, 0, 0, total_words)
        h += struct.pack("<2i", 1000, 1)
        h += struct.pack("<4d", min(xs), min(ys), max(xs), max(ys))
        h += struct.pack("<4d", 0, 0, 0, 0)
        return h
    shp_words = 50 + len(pts) * (4 + rec_len_words)
    shp.write(header(shp_words))
    shx.write(header(50 + len(pts) * 4))
    off = 50
    for i, p in enumerate(pts):
        shp.write(struct.pack(">2i", i + 1, rec_len_words))
        shp.write(struct.pack("<i2d", 1, p[2], p[3]))
        shx.write(struct.pack(">2i", off, rec_len_words))
        off += 4 + rec_len_words
    # .dbf: two character fields
    fields = [("SITE_ID", 10), ("TECH", 4)]
    rec_size = 1 + sum(w for _, w in fields)
    dbf = io.BytesIO()
    dbf.write(struct.pack("<4BIHH20x", 3, 124, 1, 1, len(pts),
                          32 + 32 * len(fields) + 1, rec_size))
    for fname, w in fields:
        dbf.write(struct.pack("<11sc4xBB14x", fname.encode(), b"C", w, 0))
    dbf.write(b"\r")
    for p in pts:
        dbf.write(b" " + p[0].encode().ljust(10) + p[1].encode().ljust(4))
    dbf.write(b"\x1a")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for ext, data in (("shp", shp.getvalue()), ("shx", shx.getvalue()),
                          ("dbf", dbf.getvalue()), ("prj", prj.encode())):
            info = zipfile.ZipInfo("sites." + ext, (2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    put(name, buf.getvalue())


def shapefile(stem, fields, rows, cpg=None, ldid=0, omit=(), dbf_rows=None):
    """A point shapefile written by hand into tests/bad-inputs: stem.shp,
    .shx, .dbf (and stem.cpg holding cpg). fields: (name bytes, width);
    rows: (lon, lat, values as bytes, one per field). ldid is the DBF
    language driver byte (29); omit: extensions not to write (D3);
    dbf_rows: write only the first dbf_rows records to the .dbf (D4)."""
    import struct
    rec_len_words = (4 + 16) // 2  # shape type + x + y, in 16-bit words
    shp = io.BytesIO()
    shx = io.BytesIO()
    xs = [r[0] for r in rows]
    ys = [r[1] for r in rows]
    def header(total_words):
        h = struct.pack(">7i", 9994, 0, 0, 0, 0, 0, total_words)
        h += struct.pack("<2i", 1000, 1)
        h += struct.pack("<4d", min(xs), min(ys), max(xs), max(ys))
        h += struct.pack("<4d", 0, 0, 0, 0)
        return h
    shp.write(header(50 + len(rows) * (4 + rec_len_words)))
    shx.write(header(50 + len(rows) * 4))
    off = 50
    for i, r in enumerate(rows):
        shp.write(struct.pack(">2i", i + 1, rec_len_words))
        shp.write(struct.pack("<i2d", 1, r[0], r[1]))
        shx.write(struct.pack(">2i", off, rec_len_words))
        off += 4 + rec_len_words
    recs = rows if dbf_rows is None else rows[:dbf_rows]
    rec_size = 1 + sum(w for _, w in fields)
    dbf = io.BytesIO()
    dbf.write(struct.pack("<4BIHH17xB2x", 3, 124, 1, 1, len(recs),
                          32 + 32 * len(fields) + 1, rec_size, ldid))
    for fname, w in fields:
        dbf.write(struct.pack("<11sc4xBB14x", fname, b"C", w, 0))
    dbf.write(b"\r")
    for r in recs:
        dbf.write(b" ")
        for (_, w), v in zip(fields, r[2]):
            assert len(v) <= w, v
            dbf.write(v.ljust(w))
    dbf.write(b"\x1a")
    files = {"shp": shp.getvalue(), "shx": shx.getvalue(), "dbf": dbf.getvalue()}
    if cpg is not None:
        files["cpg"] = cpg.encode()
    for ext, data in files.items():
        if ext not in omit:
            put(stem + "." + ext, data)


def polygon_shapefile(stem, fields, rows, cpg="UTF-8"):
    """A polygon shapefile: rows are (rings, values); each ring a closed
    list of (lon, lat), written in the winding given (D5)."""
    import struct
    pts = [p for rings, _ in rows for ring in rings for p in ring]
    def bbox(ps):
        return (min(p[0] for p in ps), min(p[1] for p in ps),
                max(p[0] for p in ps), max(p[1] for p in ps))
    bodies = []
    for rings, _ in rows:
        ps = [p for ring in rings for p in ring]
        b = struct.pack("<i4d2i", 5, *bbox(ps), len(rings), len(ps))
        start = 0
        for ring in rings:
            b += struct.pack("<i", start)
            start += len(ring)
        for p in ps:
            b += struct.pack("<2d", *p)
        bodies.append(b)
    def header(words):
        return (struct.pack(">7i", 9994, 0, 0, 0, 0, 0, words) +
                struct.pack("<2i", 1000, 5) + struct.pack("<4d", *bbox(pts)) +
                struct.pack("<4d", 0, 0, 0, 0))
    shp = io.BytesIO()
    shx = io.BytesIO()
    shp.write(header(50 + sum(4 + len(b) // 2 for b in bodies)))
    shx.write(header(50 + 4 * len(bodies)))
    off = 50
    for i, b in enumerate(bodies):
        shp.write(struct.pack(">2i", i + 1, len(b) // 2) + b)
        shx.write(struct.pack(">2i", off, len(b) // 2))
        off += 4 + len(b) // 2
    rec_size = 1 + sum(w for _, w in fields)
    dbf = io.BytesIO()
    dbf.write(struct.pack("<4BIHH17xB2x", 3, 124, 1, 1, len(rows),
                          32 + 32 * len(fields) + 1, rec_size, 0))
    for fname, w in fields:
        dbf.write(struct.pack("<11sc4xBB14x", fname, b"C", w, 0))
    dbf.write(b"\r")
    for _, vals in rows:
        dbf.write(b" " + b"".join(v.ljust(w) for (_, w), v in zip(fields, vals)))
    dbf.write(b"\x1a")
    for ext, data in (("shp", shp.getvalue()), ("shx", shx.getvalue()),
                      ("dbf", dbf.getvalue()), ("cpg", cpg.encode())):
        put(stem + "." + ext, data)


def square(x0, y0, x1, y1, clockwise):
    ring = [(x0, y0), (x0, y1), (x1, y1), (x1, y0), (x0, y0)]  # clockwise
    return ring if clockwise else ring[::-1]


# Group D: three sites of Bà Rịa - Vũng Tàu; names in each encoding. The
# field name SITE_ID and the value VIETTEL end in letters that could take
# a tone mark (GDAL's recoding drops them); GHI_CHÚ ends in a toned letter.
D_LONLAT = [(107.070057, 10.355719), (107.074112, 10.341630),
            (107.081234, 10.362345)]


def d_sites(stem, names, cpg=None, ldid=0, note=b"", **kw):
    fields = [(b"SITE_ID", 8), (b"TECH", 4), (b"NAME", 24), (b"GHI_CH" + note, 8)]
    rows = []
    for i, (lonlat, name) in enumerate(zip(D_LONLAT, names)):
        rows.append((lonlat[0], lonlat[1],
                     [b"S%d" % (i + 1), b"4G" if i != 1 else b"5G", name, b""]))
    shapefile(stem, fields, rows, cpg=cpg, ldid=ldid, **kw)


UTM48_PRJ = ('PROJCS["WGS_1984_UTM_Zone_48N",GEOGCS["GCS_WGS_1984",DATUM['
             '"D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
             'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],'
             'PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",'
             '500000.0],PARAMETER["False_Northing",0.0],PARAMETER['
             '"Central_Meridian",105.0],PARAMETER["Scale_Factor",0.9996],'
             'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]')


def main():
    # ---------------------------------------------------- A. CSV structure
    put("A01_ragged_short.csv", HEAD + R1 + "S2,107.074112,10.341630\n" + R3)
    put("A02_ragged_long.csv", HEAD + R1 + "S2,107,074112,10.341630,5G\n" + R3)
    put("A03_bom.csv", b"\xef\xbb\xbf" + BASE.encode())
    put("A04_utf16le.csv", b"\xff\xfe" + BASE.encode("utf-16-le"))
    put("A04b_utf16be.csv", b"\xfe\xff" + BASE.encode("utf-16-be"))
    put("A04c_utf16le_nobom.csv", BASE.encode("utf-16-le"))
    put("A05_semicolon.csv",
        "site_id;name;lon;lat;tech\n"
        "S1;Trạm 1, Vũng Tàu;107.070057;10.355719;4G\n"
        "S2;Trạm 2, Vũng Tàu;107.074112;10.341630;5G\n"
        "S3;Trạm 3;107.081234;10.362345;4G\n")
    put("A05b_two_separators.csv",
        "site_id;lon;lat;tech;ghi_chu,note\n"
        "S1;107.070057;10.355719;4G;a\n"
        "S2;107.074112;10.341630;5G;b\n")
    put("A06_tab.tsv", BASE.replace(",", "\t"))
    put("A06b_pipe.csv", BASE.replace(",", "|"))
    put("A07_quoted_decimal_comma.csv",
        HEAD + 'S1,"107,070057",10.355719,4G\n' + R2 + R3)
    put("A08_decimal_comma_semicolon.csv",
        "site_id;lon;lat;tech\n"
        "S1;107,070057;10,355719;4G\n"
        "S2;107,074112;10,341630;5G\n"
        "S3;107,081234;10,362345;4G\n")
    put("A08b_mixed_decimal_marks.csv",
        "site_id;lon;lat;tech\n"
        "S1;107.070057;10.355719;4G\n"
        "S2;107,074112;10,341630;5G\n")
    put("A09_thousands.csv",
        "ma_xa,ten_xa,hh_total,pop_total\n"
        '26506,Phường 1,"1,821",7372\n'
        "26508,Phường Thắng Tam,5061,17.967\n"
        "26510,Phường 2,1.234.567,100\n")
    put("A09b_ids_as_text.csv",
        HEAD + "007,107.070057,10.355719,4G\n"
        "1.234.567,107.074112,10.341630,5G\n"
        "0012,107.081234,10.362345,4G\n")
    put("A10_no_header.csv", "1,107.070057,10.355719,4G\n"
        "2,107.074112,10.341630,5G\n")
    put("A11_duplicate_columns.csv",
        "site_id,lon,lat,lon,tech\n"
        "S1,107.070057,10.355719,107.070057,4G\n")
    put("A12_header_only.csv", HEAD)
    put("A12b_empty.csv", b"")
    put("A12c_header_blank_lines.csv", HEAD + "\n\n,,,\n\n")
    put("A13_unterminated_quote.csv",
        "site_id,name,lon,lat,tech\n"
        "S1,Trạm 1,107.070057,10.355719,4G\n"
        'S2,"Trạm 2,107.074112,10.341630,5G\n'
        "S3,Trạm 3,107.081234,10.362345,4G\n")
    put("A13b_embedded_newline.csv",
        "site_id,name,lon,lat,tech\n"
        "S1,Trạm 1,107.070057,10.355719,4G\n"
        'S2,"Trạm\nhai",107.074112,10.341630,5G\n'
        "S3,Trạm 3,107.081234,10.362345,4G\n")
    # A14: a PNG header and some binary bytes renamed .csv
    put("A14b_binary.csv",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00"
        b"\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa\x00\x00\x00\x00IEND\xaeB`\x82")
    put("A14d_size_cap.csv", BASE)
    put("A15_crlf_mixed.csv",
        HEAD.replace("\n", "\r\n") + R1.replace("\n", "\r\n") + R2 +
        R3.replace("\n", "\r\n") + "\r\n\n\r\n\n")

    # ----------------------------------------------- B. coordinates, CRS
    put("B01_swapped.csv",
        HEAD + "S1,10.355719,107.070057,4G\n"
        "S2,10.341630,107.074112,5G\n"
        "S3,10.362345,107.081234,4G\n")
    put("B02_sign_error.csv", HEAD + "S1,-107.070057,-10.355719,4G\n" + R2 + R3)
    put("B02b_neighbour_country.csv",
        HEAD + R1 + "S2,100.501765,13.756331,5G\n" + R3)
    put("B02c_households_sign_error.csv",
        "household_id,lon,lat,fibre\n"
        "H1,107.070057,10.355719,1\n"
        "H2,107.074112,-10.341630,0\n")
    put("B03_projected.csv",
        HEAD + "S1,688123.45,1145234.56,4G\n"
        "S2,689234.56,1146345.67,5G\n")
    put("B04_dms.csv",
        HEAD + "S1,107°04′12.2″E,10°21′20.6″N,4G\n"
        "S2,107.074112 E,10.341630 N,5G\n"
        "S3,107 04 52.4,10 21 44.4,4G\n")
    put("B04b_bad_dms.csv", HEAD + R1 + "S2,107°64′12″E,10°20′30″N,5G\n")
    put("B05a_nan.csv", HEAD + "S1,nan,10.355719,4G\n" + R2)
    put("B05b_inf.csv", HEAD + R1 + "S2,107.074112,-inf,5G\n")
    put("B05c_1e308.csv", HEAD + R1 + "S2,1e308,10.341630,5G\n")
    put("B05d_projected_huge.csv",
        HEAD + "S1,688123.45,1145234.56,4G\n"
        "S2,688123.45,99000000.5,5G\n")
    put("B06_empty_coords.csv", HEAD + R1 + "S2,107.074112,,5G\n" + R3)
    put("B07_null_island.csv", HEAD + R1 + "S2,0.0,0.0,5G\n" + R3)
    put("B07b_identical.csv",
        HEAD + R1 + "S2,107.070057,10.355719,5G\n" + R3 +
        "S4,107.070057,10.355719,4G\n")
    put("B07c_colocated_pair.csv",
        HEAD + R1 + R2 + "S3,107.070057,10.355719,5G\n" +
        "S4,107.091234,10.372345,4G\n" + "S5,107.101234,10.382345,4G\n")
    put("B08_reprojection_fails.csv",
        HEAD + "S1,10000.5,20000.5,4G\n"
        "S2,6500000.5,0.5,5G\n"
        "S3,0.5,6600000.5,4G\n")
    put("B09_crs_conflict.geojson",
        '{"type":"FeatureCollection",\n'
        '"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32648"}},\n'
        '"features":[\n'
        '{"type":"Feature","properties":{"site_id":"S1","tech":"4G"},'
        '"geometry":{"type":"Point","coordinates":[688123.45,1145234.56]}},\n'
        '{"type":"Feature","properties":{"site_id":"S2","tech":"5G"},'
        '"geometry":{"type":"Point","coordinates":[689234.56,1146345.67]}}\n'
        ']}\n')
    shapefile_zip("B09b_prj_conflict.zip", UTM48_PRJ)
    shapefile_zip("B09c_unknown_prj.zip", 'GARBAGE["not a CRS"]')
    put("B10_few_decimals.csv",
        HEAD + "S1,107.1,10.4,4G\n"
        "S2,107.2,10.3,5G\n"
        "S3,107.05,10.35,4G\n")
    put("B10b_many_decimals.csv",
        HEAD + "S1,107.070057123456789,10.355719123456789,4G\n" + R2)

    # ------------------------------------ C. attributes, IDs, encoding
    put("C01_duplicate_ids.csv",
        HEAD + R1 + R2 +
        "S1,107.081234,10.362345,4G\n"
        "S3,107.091234,10.372345,4G\n"
        "S2,107.101234,10.382345,5G\n"
        "S1,107.111234,10.392345,4G\n")
    put("C01c_duplicate_ids.geojson",
        '{"type":"FeatureCollection","features":[\n'
        '{"type":"Feature","properties":{"site_id":"S1","tech":"4G"},'
        '"geometry":{"type":"Point","coordinates":[107.070057,10.355719]}},\n'
        '{"type":"Feature","properties":{"site_id":"S2","tech":"5G"},'
        '"geometry":{"type":"Point","coordinates":[107.074112,10.34163]}},\n'
        '{"type":"Feature","properties":{"site_id":"S1","tech":"4G"},'
        '"geometry":{"type":"Point","coordinates":[107.081234,10.362345]}}\n'
        ']}\n')
    put("C01b_survey_duplicate_ids.csv",
        "respondent_id,commune_code,weight,smartphone\n"
        "R1,26506,120.5,1\n"
        "R2,26506,98.25,0\n"
        "R1,26508,101.0,1\n")
    put("C02_same_id_other_operator.csv", BASE)
    put("C03_resubmission.csv", BASE)
    put("C04_cp1258.csv",
        b"site_id,name,lon,lat,tech\n"
        # "Trạm Bà Rịa" in CP1258: a + 0xF2 (combining dot below), 0xE0 = à
        b"S1,Tra\xf2m B\xe0 Ri\xf2a,107.070057,10.355719,4G\n" +
        b"S2,Tram 2,107.074112,10.341630,5G\n")
    put("C05_nfd.csv",
        "site_id,name,lon,lat,tech\n"
        "S1," + nfd("Trạm Bà Rịa") + ",107.070057,10.355719,4G\n"
        "S2," + nfd("Trạm Phường Thắng Tam") + ",107.074112,10.341630,5G\n")
    put("C05b_nfd_duplicate_ids.csv",
        HEAD + "Bà-1,107.070057,10.355719,4G\n" +
        nfd("Bà-1") + ",107.074112,10.341630,5G\n")
    put("C06_missing_tech.csv",
        "site_id,lon,lat\nS1,107.070057,10.355719\n")
    put("C06b_unknown_tech.csv",
        HEAD + R1 + "S2,107.074112,10.341630,4.5G\n"
        "S3,107.081234,10.362345,LTE-A\n")
    put("C06d_synonyms.csv",
        HEAD + "S1,107.070057,10.355719,LTE\n"
        "S2,107.074112,10.341630,NR\n" + R3)
    put("C06e_empty_tech.csv", HEAD + R1 + "S2,107.074112,10.341630,\n")
    put("C07_control_chars.csv",
        "site_id,name,lon,lat,tech\n"
        "S1,Tr\x01ạm\x07 Bà\u200b Rịa\u0085,107.070057,10.355719,4G\n"
        "S2,Trạm\t2,107.074112,10.341630,5G\n")
    put("C07b_bidi_id.csv",
        HEAD + R1 + "S\u202e2,107.074112,10.341630,5G\n")
    put("C08_huge_cell.csv",
        "site_id,name,lon,lat,tech\n"
        "S1,Trạm 1,107.070057,10.355719,4G\n"
        "S2," + "A" * 5000 + ",107.074112,10.341630,5G\n")
    put("C09_formula_name.geojson",
        '{"type":"FeatureCollection","features":[\n'
        '{"type":"Feature","properties":{"commune_code":"99901",'
        '"commune_name":"=cmd|\' /C calc\'!A0","district_code":"747",'
        '"district_name":"+SUM(A1:A9)","province_code":"77",'
        '"province_name":"@Bà Rịa - Vũng Tàu"},\n'
        ' "geometry":{"type":"Polygon","coordinates":[[[107.06,10.34],'
        '[107.08,10.34],[107.08,10.36],[107.06,10.36],[107.06,10.34]]]}}\n'
        ']}\n')


# ------------------------------- G, H, I: archives, GeoPackages, injection

def zip_bytes(members, method=zipfile.ZIP_DEFLATED):
    """A zip of (ZipInfo or name, bytes) pairs, dated 2024-01-01."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for info, data in members:
            if isinstance(info, str):
                info = zipfile.ZipInfo(info, (2024, 1, 1, 0, 0, 0))
                info.compress_type = method
            if isinstance(data, str):
                data = data.encode("utf-8")
            z.writestr(info, data)
    return buf.getvalue()


def zip_patch(data, fn):
    """Apply fn(bytes, local_header_offset, central_header_offset) to the
    first member of a one-member zip (to make headers python won't)."""
    b = bytearray(data)
    fn(b, b.find(b"PK\x03\x04"), b.find(b"PK\x01\x02"))
    return bytes(b)


WGS84_WKT = ('GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,'
             '298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],'
             'PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",'
             '0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG",'
             '"4326"]]')
SITES = [("S1", "4G", 107.070057, 10.355719), ("S2", "5G", 107.074112, 10.341630)]


def ident(name):
    return '"' + name.replace('"', '""') + '"'


def gpkg(name, layers, app_id=0x47504B47, contents=True, extra_sql=""):
    """A GeoPackage written with python's sqlite3 (no GDAL needed): layers
    is a list of (table, [field names], [(v1, v2, ..., lon, lat)]); every
    field is TEXT, the geometry a WGS 84 point."""
    import sqlite3
    import struct
    path = os.path.join(HERE, name)
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA application_id=%d" % app_id)
    db.execute("PRAGMA user_version=10300")
    if contents:
        db.executescript("""
CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER
  NOT NULL PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id
  INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type
  TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
  last_change DATETIME NOT NULL, min_x DOUBLE, min_y DOUBLE, max_x DOUBLE,
  max_y DOUBLE, srs_id INTEGER);
CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name
  TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY
  KEY (table_name, column_name));""")
        db.executemany("INSERT INTO gpkg_spatial_ref_sys VALUES(?,?,?,?,?,?)", [
            ("Undefined cartesian SRS", -1, "NONE", -1, "undefined", None),
            ("Undefined geographic SRS", 0, "NONE", 0, "undefined", None),
            ("WGS 84 geodetic", 4326, "EPSG", 4326, WGS84_WKT, None)])
    for table, fields, rows in layers:
        cols = "".join(", %s TEXT" % ident(f) for f in fields)
        db.execute("CREATE TABLE %s (fid INTEGER PRIMARY KEY AUTOINCREMENT,"
                   " geom POINT%s)" % (ident(table), cols))
        for row in rows:
            blob = b"GP\x00\x01" + struct.pack("<i", 4326) + \
                struct.pack("<BIdd", 1, 1, row[-2], row[-1])
            db.execute("INSERT INTO %s VALUES (NULL, ?%s)" %
                       (ident(table), ", ?" * len(fields)),
                       (blob,) + tuple(row[:-2]))
        if contents:
            db.execute("INSERT INTO gpkg_contents VALUES(?, 'features', ?, '',"
                       " '2024-01-01T00:00:00.000Z', 107, 10, 108, 11, 4326)",
                       (table, table))
            db.execute("INSERT INTO gpkg_geometry_columns VALUES(?, 'geom',"
                       " 'POINT', 4326, 0, 0)", (table,))
    db.executescript(extra_sql)
    db.commit()
    db.close()


def untrusted_fixtures():
    # ------------------------------------------------------ G. archives
    put("G01_zip_slip.zip", zip_bytes([("../../sites.csv", BASE)]))
    put("G01b_absolute_member.zip", zip_bytes([("/tmp/sites.csv", BASE)]))
    put("G01c_drive_letter.zip", zip_bytes([("C:sites.csv", BASE)]))
    put("G01d_backslash.zip", zip_bytes([("data\\sites.csv", BASE)]))
    # G2: 16 MB of blank lines deflate to about 16 KB: ratio about 1000:1
    put("G02_bomb_ratio.zip",
        zip_bytes([("sites.csv", BASE + "\n" * (16 << 20))]))
    # G2: an honest zip over a small --max-uncompressed
    put("G02b_over_limit.zip", zip_bytes([("sites.csv", BASE)]))
    # G2: the header declares 100 bytes, the member holds 2500 (bomb
    # hidden from the size check); both headers lie
    many = HEAD + "".join("S%d,107.%06d,10.%06d,4G\n" % (i, 70000 + i, 350000 + i)
                          for i in range(1, 90))

    def lie(b, loc, cen):
        import struct
        struct.pack_into("<I", b, loc + 22, 100)
        struct.pack_into("<I", b, cen + 24, 100)
    put("G02c_lying_header.zip", zip_patch(zip_bytes([("sites.csv", many)]), lie))
    put("G03_nested.zip", zip_bytes([("inner.zip", zip_bytes([("sites.csv", BASE)]))]))
    put("G04_two_layers.zip",
        zip_bytes([("viettel.csv", BASE),
                   ("mobifone.csv", HEAD + "M1,107.081234,10.362345,4G\n")]))
    link = zipfile.ZipInfo("sites.csv", (2024, 1, 1, 0, 0, 0))
    link.create_system = 3
    link.external_attr = 0o120777 << 16
    put("G05_symlink_member.zip", zip_bytes([(link, "/etc/passwd")]))

    def deflate64(b, loc, cen):
        import struct
        struct.pack_into("<H", b, loc + 8, 9)
        struct.pack_into("<H", b, cen + 10, 9)
    put("G06_deflate64.zip", zip_patch(zip_bytes([("sites.csv", BASE)]), deflate64))
    put("G07 Trạm Bà Rịa.csv", BASE)
    put("G07b_vietnamese_member.zip", zip_bytes([("Trạm Bà Rịa/trạm 4G.csv", BASE)]))
    # macOS Finder's resource forks are not a second layer
    put("G07c_macos_zip.zip", zip_bytes([("sites.csv", BASE),
                                         ("__MACOSX/._sites.csv", b"\x00\x05\x16\x07")]))

    # ---------------------------------------------- H. GeoPackages
    rows = [(s, t, x, y) for s, t, x, y in SITES]
    gpkg("H00_good.gpkg", [("sites", ["site_id", "tech"], rows)])
    # H1: a damaged b-tree page (page 2 onwards hold the schema's tables)
    gpkg("H01_corrupt.gpkg", [("sites", ["site_id", "tech"], rows)])
    with open(os.path.join(HERE, "H01_corrupt.gpkg"), "r+b") as f:
        f.seek(4096 * 5 + 8)
        f.write(b"\xff" * 64)
    # H2: triggers that would write a marker (and delete the sites) if
    # anything updated the file, and a view that is not a layer
    gpkg("H02_hostile_triggers.gpkg", [("sites", ["site_id", "tech"], rows)],
         extra_sql="""
CREATE TABLE marker(what TEXT);
CREATE TABLE gpkg_ogr_contents(table_name TEXT NOT NULL PRIMARY KEY,
  feature_count INTEGER DEFAULT NULL);
INSERT INTO gpkg_ogr_contents VALUES('sites', NULL);
CREATE TRIGGER evil_insert AFTER INSERT ON sites BEGIN
  INSERT INTO marker VALUES('insert'); END;
CREATE TRIGGER evil_update AFTER UPDATE ON sites BEGIN
  INSERT INTO marker VALUES('update'); DELETE FROM sites; END;
CREATE TRIGGER evil_count AFTER UPDATE ON gpkg_ogr_contents BEGIN
  INSERT INTO marker VALUES('count'); DELETE FROM sites; END;
CREATE VIEW evil_view AS SELECT fid, geom, site_id || ' (view)' AS site_id,
  tech FROM sites;""")
    # H2: the only layer is a view (SQL that runs when it is read)
    gpkg("H02b_view_layer.gpkg", [("sites", ["site_id", "tech"], rows)],
         extra_sql="""
CREATE VIEW v_sites AS SELECT fid, geom, site_id, tech FROM sites;
DELETE FROM gpkg_contents;
DELETE FROM gpkg_geometry_columns;
INSERT INTO gpkg_contents VALUES('v_sites', 'features', 'v_sites', '',
  '2024-01-01T00:00:00.000Z', 107, 10, 108, 11, 4326);
INSERT INTO gpkg_geometry_columns VALUES('v_sites', 'geom', 'POINT', 4326,
  0, 0);""")
    # H2: a layer that is a virtual table, and an index "rtree" whose
    # module is GDAL's VirtualOGR (which can open any file or URL): written
    # into sqlite_master directly, as no tool would make it
    gpkg("H02d_virtual_layer.gpkg", [("sites", ["site_id", "tech"], rows)],
         extra_sql="""
CREATE VIRTUAL TABLE vsites USING rtree(id, minx, maxx, miny, maxy);
UPDATE gpkg_contents SET table_name = 'vsites', identifier = 'vsites';
UPDATE gpkg_geometry_columns SET table_name = 'vsites';""")
    gpkg("H02e_virtualogr_index.gpkg", [("sites", ["site_id", "tech"], rows)],
         extra_sql="""
PRAGMA writable_schema = ON;
INSERT INTO sqlite_master(type, name, tbl_name, rootpage, sql) VALUES
  ('table', 'rtree_sites_geom', 'rtree_sites_geom', 0,
   'CREATE VIRTUAL TABLE rtree_sites_geom USING VirtualOGR(''/etc/passwd'')');
PRAGMA writable_schema = OFF;""")
    gpkg("H03_wrong_application_id.gpkg", [("sites", ["site_id", "tech"], rows)],
         app_id=0)
    gpkg("H03b_no_contents.gpkg", [("sites", ["site_id", "tech"], rows)],
         contents=False)
    put("H03c_not_sqlite.gpkg", BASE)
    gpkg("H04_two_layers.gpkg",
         [("viettel", ["site_id", "tech"], rows),
          ("mobifone", ["site_id", "tech"], [("M1", "4G", 107.081234, 10.362345)])])

    # ----------------------------------------- I. names and injection
    gpkg("I01_injection_names.gpkg",
         [('a";DROP TABLE site;--', ["site_id", "tech", 'x"];DROP TABLE submission;--'],
           [(s, t, "'); DELETE FROM site; --", x, y) for s, t, x, y in SITES])])
    put("I01b_injection_header.csv",
        'site_id,lon,lat,tech,"a"";DROP TABLE site;--"\n'
        "S1,107.070057,10.355719,4G,x');DROP TABLE site;--\n"
        "S2,107.074112,10.341630,5G,ok\n")

    # ------------------------------------------- D. shapefiles, encodings
    # Ú is 0xDA in CP1258 and VISCII; in TCVN5712-1 (VN1) 0x01; VNI "UÙ".
    d_sites("D1_cp1258", [b"H\xe0 N\xf4\xf2i", b"B\xe0 Ri\xf2a", b"VIETTEL"],
            cpg="CP1258", note=b"\xda")
    d_sites("D1b_cpg1258", [b"H\xe0 N\xf4\xf2i", b"B\xe0 Ri\xf2a", b"VIETTEL"],
            cpg="1258\r\n", note=b"\xda")
    d_sites("D1c_tcvn5712", [b"H\xb5 N\xe9i", b"B\xb5 R\xdea", b"VIETTEL"],
            cpg="TCVN5712-1", note=b"\x01")
    d_sites("D1d_vni", [b"Ha\xf8 No\xe4i", b"Ba\xf8 R\xf2a", b"VIETTEL"],
            note=b"U\xd9")
    d_sites("D1e_utf8", ["Hà Nội".encode(), "Bà Rịa".encode(), b"VIETTEL"],
            cpg="UTF-8", note="Ú".encode())
    d_sites("D2_undeclared_tcvn3",
            [b"H\xb5 N\xe9i", b"B\xb5 R\xdea", b"Tr\xb9m Vi\xd6t"])
    d_sites("D3_no_shx", [b"A", b"B", b"C"], omit=("shx",))
    d_sites("D3b_no_dbf", [b"A", b"B", b"C"], omit=("dbf",))
    d_sites("D4_count_mismatch", [b"A", b"B", b"C"], dbf_rows=2)
    # D5: two communes whose rings are all wound the wrong way: 99901 a
    # 0.1 x 0.1 degree square with a 0.02 x 0.02 hole, 99902 two 0.05 x
    # 0.05 squares. GDAL's default winding rule would make the hole the
    # outer ring.
    cfields = [(b"ma_xa", 6), (b"ten_xa", 12), (b"ma_huyen", 4),
               (b"ten_huyen", 12), (b"ma_tinh", 3), (b"ten_tinh", 12)]
    admin = [b"747", b"Huyen X", b"77", b"Tinh Y"]
    polygon_shapefile("D5_ring_orientation", cfields, [
        ([square(107.0, 10.3, 107.1, 10.4, False),
          square(107.02, 10.32, 107.04, 10.34, True)],
         [b"99901", b"Xa A"] + admin),
        ([square(107.2, 10.3, 107.25, 10.35, False),
          square(107.3, 10.3, 107.35, 10.35, False)],
         [b"99902", b"Xa B"] + admin)])
    shapefile("D6_renamed_fields",
              [(b"SITE_ID", 8), (b"TECH", 4), (b"NAME", 12), (b"NAME_1", 12)],
              [(x, y, [b"S%d" % (i + 1), b"4G", b"Tram %d" % (i + 1), b"old"])
               for i, (x, y) in enumerate(D_LONLAT)], cpg="UTF-8")


# ------------------------- E, F: GeoJSON / KML, geometry validity of polygons

def feature_collection(features, extra=""):
    return ('{"type":"FeatureCollection",%s"features":[\n' % extra +
            ",\n".join(features) + "\n]}\n")


def site_feature(site_id, tech, geometry):
    return ('{"type":"Feature","properties":{"site_id":"%s","tech":"%s"},'
            '"geometry":%s}' % (site_id, tech, geometry))


def point(x, y):
    return '{"type":"Point","coordinates":[%s,%s]}' % (x, y)


def commune_feature(code, name, geometry):
    return ('{"type":"Feature","properties":{"commune_code":"%s",'
            '"commune_name":"%s","district_code":"747","district_name":'
            '"Huyện X","province_code":"77","province_name":"Tỉnh Y"},'
            '"geometry":%s}' % (code, name, geometry))


def polygon(*rings, kind="Polygon"):
    text = ",".join("[" + ",".join("[%s,%s]" % xy for xy in ring) + "]"
                    for ring in rings)
    return '{"type":"%s","coordinates":[%s]}' % (kind, text)


def kml(body, prolog=""):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + prolog +
            '<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n' +
            body + '</Document>\n</kml>\n')


def placemark(site_id, tech, coords, name=None):
    return ('<Placemark><name>%s</name><ExtendedData>'
            '<Data name="site_id"><value>%s</value></Data>'
            '<Data name="tech"><value>%s</value></Data></ExtendedData>'
            '<Point><coordinates>%s</coordinates></Point></Placemark>\n'
            % (name or site_id, site_id, tech, coords))


def geometry_fixtures():
    # ------------------------------------------- E. GeoJSON / KML / XML
    put("E01_legacy_crs.geojson", feature_collection(
        [site_feature("S1", "4G", point(688123.45, 1145234.56)),
         site_feature("S2", "5G", point(689234.56, 1146345.67))],
        '"crs":{"type":"name","properties":{"name":'
        '"urn:ogc:def:crs:EPSG::32648"}},\n'))
    put("E02_lat_lon.geojson", feature_collection(
        [site_feature("S1", "4G", point(10.355719, 107.070057)),
         site_feature("S2", "5G", point(10.34163, 107.074112))]))
    put("E03_mixed_geometry.geojson", feature_collection(
        [site_feature("S1", "4G", point(107.070057, 10.355719)),
         site_feature("S2", "4G", '{"type":"LineString","coordinates":'
                      '[[107.07,10.35],[107.08,10.36]]}'),
         site_feature("S3", "5G", polygon([(107.06, 10.34), (107.08, 10.34),
                                           (107.08, 10.36), (107.06, 10.34)])),
         site_feature("S4", "4G", '{"type":"MultiPoint","coordinates":'
                      '[[107.074112,10.34163]]}'),
         site_feature("S5", "5G", '{"type":"MultiPoint","coordinates":'
                      '[[107.07,10.35],[107.08,10.36]]}')]))
    whole = feature_collection(
        [site_feature("S1", "4G", point(107.070057, 10.355719)),
         site_feature("S2", "5G", point(107.074112, 10.34163)),
         site_feature("S3", "4G", point(107.081234, 10.362345))])
    # E4: cut inside feature 2's coordinates (byte 291), and the whole
    # file followed by garbage (byte 432)
    put("E04_truncated.geojson", whole[:whole.index("10.34163") + 4])
    put("E04b_trailing_garbage.geojson", whole + "garbage\n")
    lol = ('<!DOCTYPE kml [\n<!ENTITY lol "lol">\n' +
           "".join('<!ENTITY lol%d "%s">\n'
                   % (k, ("&lol%d;" % (k - 1) if k > 1 else "&lol;") * 10)
                   for k in range(1, 10)) + ']>\n')
    put("E05_billion_laughs.kml",
        kml(placemark("S1", "4G", "107.070057,10.355719", "&lol9;"), lol))
    put("E06_external_entity.kml",
        kml(placemark("S1", "4G", "107.070057,10.355719", "&xxe;"),
            '<!DOCTYPE kml [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'))
    # E7: port 9 (discard) on the loopback: nothing is there to fetch
    put("E07_network_link.kml",
        kml(placemark("S1", "4G", "107.070057,10.355719") +
            placemark("S2", "5G", "107.074112,10.34163") +
            '<NetworkLink><name>more sites</name><Link>'
            '<href>http://127.0.0.1:9/more.kml</href></Link></NetworkLink>\n'))
    put("E08_altitude.kml",
        kml(placemark("S1", "4G", "107.070057,10.355719,35") +
            placemark("S2", "5G", "107.074112,10.34163,40")))

    # ------------------------- F. geometry validity of polygons (communes,
    # claimed coverage). Feature 1 is a valid 0.1 x 0.1 degree square.
    ok = commune_feature("99901", "Xã A", polygon(
        [(107.0, 10.3), (107.1, 10.3), (107.1, 10.4), (107.0, 10.4),
         (107.0, 10.3)]))

    def second(geometry):
        return feature_collection([ok, commune_feature("99902", "Xã B",
                                                       geometry)])
    # F1: a bow-tie (two triangles of 0.005 square degrees each)
    put("F01_bowtie.geojson", second(polygon(
        [(107.2, 10.3), (107.3, 10.4), (107.3, 10.3), (107.2, 10.4),
         (107.2, 10.3)])))
    put("F02_unclosed_ring.geojson", second(polygon(
        [(107.2, 10.3), (107.3, 10.3), (107.3, 10.4), (107.2, 10.4)])))
    put("F03_too_few_points.geojson", second(polygon(
        [(107.2, 10.3), (107.3, 10.3), (107.2, 10.3)])))
    put("F03b_zero_area.geojson", second(polygon(
        [(107.2, 10.3), (107.25, 10.3), (107.3, 10.3), (107.2, 10.3)])))
    put("F03c_spike.geojson", second(polygon(
        [(107.2, 10.3), (107.3, 10.3), (107.3, 10.4), (107.35, 10.45),
         (107.3, 10.4), (107.2, 10.4), (107.2, 10.3)])))
    put("F04_empty_polygon.geojson",
        second('{"type":"Polygon","coordinates":[[]]}'))
    put("F04b_empty_multipolygon.geojson",
        second('{"type":"MultiPolygon","coordinates":[]}'))
    put("F05_null_geometry.geojson", second("null"))
    put("F05b_nan_coordinate.geojson", second(polygon(
        [(107.2, 10.3), ("NaN", 10.3), (107.3, 10.4), (107.2, 10.3)])))
    # F6: the square wound clockwise (RFC 7946 wants counterclockwise)
    put("F06_clockwise.geojson", feature_collection([commune_feature(
        "99901", "Xã A", polygon(
            [(107.0, 10.3), (107.0, 10.4), (107.1, 10.4), (107.1, 10.3),
             (107.0, 10.3)]))]))
    put("F07_antimeridian.geojson", second(polygon(
        [(179.5, 10.3), (-179.5, 10.3), (-179.5, 10.4), (179.5, 10.4),
         (179.5, 10.3)])))
    put("F07b_huge_extent.geojson", second(polygon(
        [(95.0, 5.0), (115.0, 5.0), (115.0, 25.0), (95.0, 25.0),
         (95.0, 5.0)])))


# ------------------ more edge cases (R11: the branches a user can reach)

def edge_fixtures():
    """Variants that reach the rarer checks (R11): ambiguous, duplicate and
    misnamed columns, values out of range, a KML of two folders, zip
    members and directories python's zipfile would not write, GeoPackage
    1.0, shapefile sidecars and encodings, polygons in a projected CRS."""
    import struct
    # C6: a file exported with English and Vietnamese headers side by side
    put("C06j_ambiguous_columns.csv",
        "site_id,lon,lat,tech,azimuth,huong,tx_power_w,ptx_w\n"
        "S1,107.070057,10.355719,4G,120,120,20,20\n")
    # A11: GeoJSON properties that differ only in case
    put("A11b_duplicate_fields.geojson", feature_collection(
        ['{"type":"Feature","properties":{"site_id":"S1","tech":"4G",'
         '"Tech":"5G"},"geometry":%s}' % point(107.070057, 10.355719)]))
    # G4: a KML of two folders is two layers
    put("G04e_kml_two_folders.kml", kml(
        "<Folder><name>Viettel 4G</name>\n" +
        placemark("S1", "4G", "107.070057,10.355719") + "</Folder>\n"
        "<Folder><name>Viettel 5G</name>\n" +
        placemark("S2", "5G", "107.074112,10.34163") + "</Folder>\n"))
    # G4: one GeoJSON (or KML) layer in a zip beside a README and a folder
    gj = feature_collection([site_feature("S1", "4G", point(107.070057, 10.355719)),
                             site_feature("S2", "5G", point(107.074112, 10.34163))])
    put("G04h_geojson_readme.zip",
        zip_bytes([("data/", b""), ("data/sites.geojson", gj),
                   ("data/README.txt", "Viettel, 2 sites\n")]))
    put("G04i_kml_readme.zip", zip_bytes([
        ("sites.kml", kml(placemark("S1", "4G", "107.070057,10.355719") +
                          placemark("S2", "5G", "107.074112,10.34163"))),
        ("README.txt", "Viettel, 2 sites\n")]))
    # G1: an empty member name, a lower-case drive letter
    put("G01e_empty_name.zip", zip_bytes([("", BASE)]))
    put("G01f_lower_drive_letter.zip", zip_bytes([("c:sites.csv", BASE)]))
    # G3: a GeoPackage inside a zip (the bytes need not be one)
    put("G03b_gpkg_member.zip", zip_bytes([("sites.gpkg", BASE)]))
    # G7: a member name in CP437 (no UTF-8 flag, as old Windows tools
    # write): 0x83 is 'a' with a circumflex
    def cp437(b, loc, cen):
        for at in (loc, cen):
            b[b.find(b"TrXm.csv", at) + 2] = 0x83
    put("G07e_cp437_member.zip", zip_patch(zip_bytes([("TrXm.csv", BASE)]), cp437))

    # G6: the end record patched: a split archive, ZIP64 markers without
    # the ZIP64 record, a directory past the end of the file, a damaged
    # directory entry; and a real ZIP64 end record
    def end_patch(data, fn):
        b = bytearray(data)
        fn(b, b.rfind(b"PK\x05\x06"))
        return bytes(b)
    one = zip_bytes([("sites.csv", BASE)])
    put("G06b_split.zip", end_patch(
        one, lambda b, e: struct.pack_into("<HH", b, e + 4, 1, 1)))
    put("G06c_zip64_missing.zip", end_patch(
        one, lambda b, e: struct.pack_into("<HH", b, e + 8, 0xffff, 0xffff)))
    put("G06e_directory_out_of_bounds.zip", end_patch(
        one, lambda b, e: struct.pack_into("<I", b, e + 16, len(b) + 100)))

    def damaged(b, loc, cen):
        b[cen + 2] = 0x09
    put("G06f_damaged_directory.zip", zip_patch(one, damaged))
    e = one.rfind(b"PK\x05\x06")
    n, cd_size, cd_off = struct.unpack_from("<HII", one, e + 10)
    z64 = struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, n, n,
                      cd_size, cd_off)
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, e, 1)
    end = bytearray(one[e:])
    struct.pack_into("<HHII", end, 8, 0xffff, 0xffff, 0xffffffff, 0xffffffff)
    put("G06d_zip64.zip", one[:e] + z64 + locator + bytes(end))

    # H3: GeoPackage 1.0 ('GP10'); a GeoPackage with no feature layer
    rows = [(s, t, x, y) for s, t, x, y in SITES]
    gpkg("H03d_gpkg_1_0.gpkg", [("sites", ["site_id", "tech"], rows)],
         app_id=0x47503130)
    gpkg("H03e_no_feature_layer.gpkg", [("sites", ["site_id", "tech"], rows)],
         extra_sql="DELETE FROM gpkg_contents; DELETE FROM gpkg_geometry_columns;")
    gpkg("H03f_gpkg_1_1.gpkg", [("sites", ["site_id", "tech"], rows)],
         app_id=0x47503131)
    # H1: a GeoPackage left in WAL mode (as QGIS saves them): header bytes
    # 18-19 say 2, and the file alone (no -wal beside it) holds every row
    import sqlite3
    gpkg("H00b_wal_mode.gpkg", [("sites", ["site_id", "tech"], rows)],
         extra_sql="PRAGMA journal_mode=WAL;")
    db = sqlite3.connect(os.path.join(HERE, "H00b_wal_mode.gpkg"))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()

    # R3: one implausible band, radius or power in watts per row (S9 is fine)
    good = [("107.070057", "10.355719"), ("107.074112", "10.341630"),
            ("107.081234", "10.362345")] + \
        [("107.07%d234" % k, "10.35%d345" % k) for k in range(1, 7)]
    vals = [("0", "1000", "20"), ("200000", "1000", "20"), ("1800", "0", "20"),
            ("1800", "abc", "20"), ("1800", "60000", "20"), ("1800", "1000", "0"),
            ("1800", "1000", "abc"), ("1800", "1000", "20000"),
            ("1800", "1000", "20")]
    put("R03_bad_radio_values.csv",
        "site_id,lon,lat,tech,band_mhz,radius_m,tx_power_w\n" +
        "".join("S%d,%s,%s,%s,%s,%s,%s\n" % ((i + 1,) + good[i] +
                                              ("5G" if i == 1 else "4G",) + v)
                for i, v in enumerate(vals)))
    # E3: a roads layer filed as sites: more non-points than are listed
    line = '{"type":"LineString","coordinates":[[107.07,10.35],[107.08,10.36]]}'
    put("E03b_lines_as_sites.geojson", feature_collection(
        [site_feature("S%d" % i, "4G", line) for i in range(1, 8)]))
    # B6: a GeoJSON feature without geometry
    put("B06c_null_geometry.geojson", feature_collection(
        [site_feature("S1", "4G", point(107.070057, 10.355719)),
         site_feature("S2", "5G", "null"),
         site_feature("S3", "4G", point(107.081234, 10.362345))]))
    # E1 for communes: an 11 x 11 km square in UTM 48N (legacy crs member)
    put("E01b_projected_communes.geojson", feature_collection(
        [commune_feature("99901", "Xã A", polygon(
            [(688000, 1139000), (699000, 1139000), (699000, 1150000),
             (688000, 1150000), (688000, 1139000)]))],
        '"crs":{"type":"name","properties":{"name":'
        '"urn:ogc:def:crs:EPSG::32648"}},\n'))
    # D1: a DBF language driver byte 0x03 (Windows ANSI 1252: Latin-1
    # letters); sidecars in upper case (.SHX, .DBF, .CPG, as old Windows
    # tools write them); a .cpg naming an encoding phusong does not read
    d_sites("D1f_ldid_ansi", [b"Caf\xe9 Ha Noi", b"D\xe9p\xf4t Ba Ria",
                              b"VIETTEL"], ldid=3)
    d_sites("D1g_upper_sidecars", ["Hà Nội".encode(), "Bà Rịa".encode(),
                                   b"VIETTEL"], cpg="UTF-8")
    for ext in ("shx", "dbf", "cpg"):
        os.replace(os.path.join(HERE, "D1g_upper_sidecars." + ext),
                   os.path.join(HERE, "D1g_upper_sidecars." + ext.upper()))
    d_sites("D1h_unknown_cpg", [b"A", b"B", b"C"], cpg="KOI8-R")
    # C1: one ID on more rows than a message lists
    put("C01d_many_duplicates.csv", HEAD + "".join(
        "S1,107.07%04d,10.355719,4G\n" % i for i in range(1, 23)) + R2)
    # C6: spellings of the synonyms
    put("C06l_tech_spellings.csv", HEAD +
        "S1,107.070057,10.355719,4G LTE\nS2,107.074112,10.341630,5G-NR\n"
        "S3,107.081234,10.362345,lte\n")
    # C6: survey weights that are not positive; a survey without an
    # indicator column; a commune count whose code and fallback are empty
    put("C06o_survey_bad_weights.csv",
        "respondent_id,commune_code,weight,smartphone\nR1,26506,120.5,1\n"
        "R2,26506,0,0\nR3,26508,-3,1\nR4,26508,abc,1\n")
    put("C06p_survey_no_indicator.csv",
        "respondent_id,commune_code,weight,age\nR1,26506,120.5,30\n")
    put("C06q_empty_code_and_fallback.csv",
        "ma_xa,ma_huyen,ten_xa,hh_total\n26506,747,Phường 1,1821\n"
        ",,Xã trống,50\n")
    # B4: more coordinates in degrees, minutes, seconds than are listed
    put("B04c_many_dms.csv", HEAD +
        "S1,107°04′12.2″E,10°21′20.6″N,4G\nS2,107°04′26.8″E,10°20′29.9″N,5G\n"
        "S3,107°04′52.4″E,10°21′44.4″N,4G\nS4,107°04′30.0″E,10°21′00.0″N,4G\n")
    # B6: a household without coordinates is refused even with
    # --allow-missing-geometry
    put("B06e_household_no_coordinates.csv",
        "household_id,lon,lat,fibre\nH1,107.070057,10.355719,1\nH2,,,0\n")
    # R4: power in dBm and in W that agree (20 W = 43.01 dBm, 40 W = 46.02
    # dBm) and EIRPs within 1 dB of P + G (60 = 43 + 17; 63.5 ~ 46 + 18)
    put("R04_radio_power_agrees.csv",
        "site_id,lon,lat,tech,tx_power_dbm,tx_power_w,antenna_gain_dbi,"
        "eirp_dbm\nS1,107.070057,10.355719,4G,43,20,17,60\n"
        "S2,107.074112,10.341630,5G,46,40,18,63.5\n")
    # D1: bytes CP1258 leaves undefined (0x81) in a field name, in a value
    d_sites("D1i_invalid_cp1258_name", [b"H\xe0 N\xf4\xf2i", b"B\xe0 Ri\xf2a",
                                        b"VIETTEL"], cpg="CP1258", note=b"\x81")
    d_sites("D1j_invalid_cp1258_value", [b"H\xe0 N\xf4\xf2i", b"Tr\x81m",
                                         b"VIETTEL"], cpg="CP1258", note=b"\xda")
    # D6: a 10-character name and its cut repeat; names with '_' that are
    # no repeat
    shapefile("D6b_cut_names",
              [(b"SITE_ID", 8), (b"TECH", 4), (b"POPULATION", 6),
               (b"POPULATI_1", 6), (b"NOTE_", 4), (b"NAME_A", 4)],
              [(x, y, [b"S%d" % (i + 1), b"4G", b"100", b"200", b"", b""])
               for i, (x, y) in enumerate(D_LONLAT)], cpg="UTF-8")


if __name__ == "__main__":
    main()
    untrusted_fixtures()
    geometry_fixtures()
    edge_fixtures()
