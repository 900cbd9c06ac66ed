#!/usr/bin/env python3
"""Regenerate the committed bad-input fixtures (tests/bad-inputs/*).

The fixtures are committed; this script documents how the binary ones
(UTF-16, CP1258, NUL bytes, NFD, zips) were made and rewrites them all
byte-for-byte. A14 (a line over 10 MB) and A14c (a NUL byte after the
first 64 KB) are not committed: tests/cli/bad_inputs.sh makes them at
test time. The expected outcome of each case is in cases.tsv; the
catalogue is ../shared/spec/bad-inputs.md (groups A, B, C).

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


if __name__ == "__main__":
    main()
