/*
** messages_vi.c: the Vietnamese message catalogue. Each entry pairs an
** English format, exactly as the source passes it to phs_diag_error,
** _detail, _warn or phs_tr, with its translation; phs_tr() (geo/common.c)
** finds it by binary search while the message language is Vietnamese
** (--lang vi, or a vi locale; docs/input-formats.md, "Language of
** messages").
**
** Rules, checked by tests/unit/data_messages_vi.c and
** tests/cli/messages_vi.sh:
**   - entries sorted by strcmp() of the English text, no key twice;
**   - the translation has the same printf conversions in the same order
**     (an English plural "s" argument is taken by "%.0s", which prints
**     nothing); valid UTF-8 in NFC;
**   - file names, field names, values, codes, options and commands stay
**     as they are; the message keeps its shape "FILE:ROW: trường 'F': 'V'
**     problem (gợi ý: H)" so that --report can split it.
** A format that is not here is printed in English.
*/
#include "phs_common.h"

static const phs_msg_pair vi[] = {
    {"\nTry 'phusong %s --help'.\n",
     "\nXem 'phusong %s --help'.\n"},
    {"  (no candidate decodes every value: %s)\n",
     "  (không bảng mã nào giải mã được mọi giá trị: %s)\n"},
    {"  ... and %ld more problems (not shown)\n",
     "  ... và %ld lỗi khác (không hiển thị)\n"},
    {" (%.6f %.6f in WGS 84)",
     " (%.6f %.6f theo WGS 84)"},
    {" (hint: --fallback-code-field district_code for districts without "
     "communes)",
     " (gợi ý: --fallback-code-field district_code cho huyện không chia xã)"},
    {" (hint: a missing value must still have its separator)",
     " (gợi ý: giá trị bị thiếu vẫn phải có dấu phân cách)"},
    {" (hint: an unquoted separator inside a value?)",
     " (gợi ý: có dấu phân cách trong giá trị mà không có dấu nháy?)"},
    {" (hint: unquoted decimal comma? write 105.85 or quote the value)",
     " (gợi ý: dấu phẩy thập phân không nằm trong dấu nháy? hãy viết 105.85 "
     "hoặc đặt giá trị trong dấu nháy)"},
    {" (most likely)",
     " (khả năng cao nhất)"},
    {" (not given)",
     " (không ghi)"},
    {" (the point is in Vietnam when swapped: pass --swap-xy)",
     " (đảo lại thì điểm nằm trong Việt Nam: dùng --swap-xy)"},
    {" and %ld more",
     " và %ld trạm khác"},
    {" and empty fallback code",
     " và mã thay thế cũng trống"},
    {" field name",
     " tên trường"},
    {" with ",
     " có "},
    {"%d district maps written to %s; index.csv and index.html not written",
     "đã ghi %d bản đồ huyện vào %s; chưa ghi index.csv và index.html"},
    {"%d sites: too many to index",
     "%d trạm: quá nhiều để lập chỉ mục"},
    {"%ld %s sites %s (docs/propagation.md)",
     "%ld trạm %s %s (docs/propagation.md)"},
    {"%ld household points lie outside every commune; they are counted in no "
     "commune",
     "%ld điểm hộ nằm ngoài mọi xã; các điểm này không được tính cho xã nào"},
    {"%ld sites lie within %g m of another operator's site (%ld pairs): "
     "possibly shared towers, counted per commune as sites_shared_<tech>, not "
     "merged",
     "%ld trạm nằm cách trạm của nhà mạng khác trong vòng %g m (%ld cặp): có "
     "thể là cột dùng chung, được đếm theo xã ở sites_shared_<tech>, không gộp"},
    {"%ld sites lie within %g m of another operator's site (%ld pairs): "
     "possibly shared towers, kept as filed, not merged: ",
     "%ld trạm nằm cách trạm của nhà mạng khác trong vòng %g m (%ld cặp): có "
     "thể là cột dùng chung, giữ nguyên như đã nộp, không gộp: "},
    {"%ld survey respondents name a commune code that is not in the store; "
     "counted in no commune",
     "%ld người trả lời khảo sát ghi mã xã không có trong kho dữ liệu; không "
     "được tính cho xã nào"},
    {"%s coverage was filed by %s; choose one with --operator OP",
     "vùng phủ %s do %s nộp; hãy chọn một nhà mạng bằng --operator OP"},
    {"%s exists; use --overwrite",
     "%s đã có; dùng --overwrite"},
    {"%s has no current %s coverage filing in the store; import its claim "
     "first (phusong import coverage --operator %s --tech %s STORE FILE)",
     "%s chưa có hồ sơ vùng phủ %s hiện hành trong kho dữ liệu; hãy nhập vùng "
     "phủ công bố trước (phusong import coverage --operator %s --tech %s STORE "
     "FILE)"},
    {"%s must be strictly ascending: %g then %g",
     "%s phải tăng dần ngặt: %g rồi %g"},
    {"%s sites by the census density of their commune (--environment auto): "
     "%ld urban, %ld suburban, %ld rural; %ld of them without a density (no "
     "population count, or outside every commune) taken as %s "
     "(docs/propagation.md)",
     "trạm %s phân theo mật độ dân số điều tra của xã (--environment auto): "
     "%ld urban, %ld suburban, %ld rural; %ld trạm trong số đó không có mật độ "
     "(không có số dân, hoặc nằm ngoài mọi xã) được coi là %s "
     "(docs/propagation.md)"},
    {"%s: %d layers (%s%s); choose one with --layer NAME",
     "%s: có %d lớp (%s%s); hãy chọn một lớp bằng --layer NAME"},
    {"%s: %d layers (%s); choose one with --layer NAME",
     "%s: có %d lớp (%s); hãy chọn một lớp bằng --layer NAME"},
    {"%s: %d layers in the zip (%s%s); choose one with --layer NAME",
     "%s: tệp zip có %d lớp (%s%s); hãy chọn một lớp bằng --layer NAME"},
    {"%s: %d to %d values, got %d",
     "%s: cần %d đến %d giá trị, có %d"},
    {"%s: %d x %d cells is too large for one claim; resample it (gdalwarp -tr) "
     "or split it by province",
     "%s: %d x %d ô là quá lớn cho một lần công bố; hãy lấy mẫu lại (gdalwarp "
     "-tr) hoặc tách theo tỉnh"},
    {"%s: %ld coordinates in all were read as degrees, minutes, seconds",
     "%s: tổng cộng %ld tọa độ được đọc theo độ, phút, giây"},
    {"%s: %ld features are not points (features %s%s): a layer of mixed "
     "geometry types; sites must be Point",
     "%s: %ld đối tượng không phải điểm (các đối tượng %s%s): lớp có lẫn nhiều "
     "kiểu hình học; trạm phải là Point"},
    {"%s: %ld features repeat a code: their parts were merged",
     "%s: %ld đối tượng trùng mã: các phần của chúng đã được gộp"},
    {"%s: %ld features with a code not in the census skipped (first: %s)",
     "%s: bỏ qua %ld đối tượng có mã không có trong số liệu điều tra (đầu "
     "tiên: %s)"},
    {"%s: %ld features with an empty %s skipped",
     "%s: bỏ qua %ld đối tượng có %s trống"},
    {"%s: %ld of %ld points (%.1f%%) lie outside every commune in the store "
     "(%s %s); a sign error, a wrong CRS, or another province's layer?",
     "%s: %ld trên %ld điểm (%.1f%%) nằm ngoài mọi xã trong kho dữ liệu (%s "
     "%s); sai dấu, sai hệ tọa độ, hay lớp dữ liệu của tỉnh khác?"},
    {"%s: %ld points lie inside Vietnam but outside every commune in the store "
     "(%s %s); they will count in no commune",
     "%s: %ld điểm nằm trong Việt Nam nhưng ngoài mọi xã trong kho dữ liệu (%s "
     "%s); các điểm này sẽ không được tính cho xã nào"},
    {"%s: %ld polygon ring%s in %ld feature%s (the first: feature %ld) %s "
     "wound the wrong way for a shapefile (outer rings clockwise, holes "
     "counter-clockwise); phusong assembled the polygons by which ring lies "
     "inside which instead (check them on the map)",
     "%s: %ld vòng đa giác%.0s trong %ld đối tượng%.0s (đầu tiên: đối tượng "
     "%ld)%.0s có chiều vẽ sai quy ước shapefile (vòng ngoài theo chiều kim "
     "đồng hồ, lỗ ngược chiều kim đồng hồ); phusong đã ghép đa giác theo vòng "
     "nào nằm trong vòng nào (hãy kiểm tra trên bản đồ)"},
    {"%s: %ld rows without commune or district code skipped",
     "%s: bỏ qua %ld dòng không có mã xã hay mã huyện"},
    {"%s: %ld sites are outside their path-loss model's validity range "
     "(carrier or antenna height), so every cell they reach is extrapolated: "
     "%s (docs/propagation.md, \"Validity ranges\")",
     "%s: %ld trạm nằm ngoài phạm vi hiệu lực của mô hình suy hao đường truyền "
     "(tần số sóng mang hoặc độ cao anten), nên mọi ô các trạm này phủ tới đều "
     "là ngoại suy: %s (docs/propagation.md, \"Validity ranges\")"},
    {"%s: %ld technology values in all were synonyms (LTE, NR)",
     "%s: tổng cộng %ld giá trị công nghệ là tên khác (LTE, NR)"},
    {"%s: %lld bytes in all: over the %lld-byte limit of raw bytes kept in the "
     "store (--keep-raw-max); its SHA-256 is recorded, its bytes are not: keep "
     "the file yourself",
     "%s: tổng cộng %lld byte: vượt giới hạn %lld byte dữ liệu gốc được giữ "
     "trong kho (--keep-raw-max); SHA-256 của tệp được ghi lại, nội dung thì "
     "không: hãy tự lưu giữ tệp"},
    {"%s: %lld bytes is over the %lld-byte input limit (raise it with "
     "--max-input-size)",
     "%s: %lld byte, vượt giới hạn dữ liệu vào %lld byte (nâng giới hạn bằng "
     "--max-input-size)"},
    {"%s: %llu members in the zip, over the limit of %d (hint: zip only the "
     "layer's files)",
     "%s: tệp zip có %llu tệp thành phần, vượt giới hạn %d (gợi ý: chỉ nén các "
     "tệp của lớp)"},
    {"%s: %s warp options%s",
     "%s: tùy chọn nắn ảnh %s%s"},
    {"%s: %s window of %.0f x %.0f cells is too large; use a coarser "
     "resolution or tiles",
     "%s: cửa sổ %s %.0f x %.0f ô là quá lớn; hãy dùng độ phân giải thô hơn "
     "hoặc chia mảnh"},
    {"%s: %s: '%s' cannot be read as a CRS; a wrong CRS moves every point: "
     "export the layer again with a valid .prj (or delete the .prj and give "
     "the CRS with --src-crs)",
     "%s: %s: '%s' không đọc được thành hệ tọa độ; sai hệ tọa độ sẽ làm lệch "
     "mọi điểm: hãy xuất lại lớp với tệp .prj hợp lệ (hoặc xóa tệp .prj và chỉ "
     "định hệ tọa độ bằng --src-crs)"},
    {"%s: %s: '%s' is not an encoding phusong reads (%s); save the layer as "
     "UTF-8, or pass --encoding NAME",
     "%s: %s: '%s' không phải bảng mã phusong đọc được (%s); hãy lưu lớp dạng "
     "UTF-8, hoặc dùng --encoding NAME"},
    {"%s: '%s' %s ('%s'); phusong reads no file or URL a CRS names (hint: give "
     "the CRS as a code such as EPSG:32648, a PROJ string or WKT, without "
     "+init=, grid or file parameters)",
     "%s: '%s' %s ('%s'); phusong không đọc tệp hay URL nào mà hệ tọa độ trỏ "
     "tới (gợi ý: ghi hệ tọa độ bằng mã như EPSG:32648, chuỗi PROJ hoặc WKT, "
     "không dùng +init=, tham số grid hay tham số tệp)"},
    {"%s: '%s' is not an authority code, PROJ string or WKT (hint: EPSG:32648 "
     "for UTM 48N, EPSG:4326 for longitude/latitude; a CRS's name is not "
     "looked up, as PROJ matches names loosely)",
     "%s: '%s' không phải mã của cơ quan đăng ký, chuỗi PROJ hay WKT (gợi ý: "
     "EPSG:32648 cho UTM 48N, EPSG:4326 cho kinh độ/vĩ độ; tên hệ tọa độ không "
     "được tra cứu, vì PROJ so khớp tên một cách lỏng lẻo)"},
    {"%s: '%s': a CRS of %zu bytes, over the %d-byte limit",
     "%s: '%s': hệ tọa độ dài %zu byte, vượt giới hạn %d byte"},
    {"%s: '%s...': byte 0x%02X at byte %ld is not UTF-8 text (hint: a CRS is "
     "ASCII or UTF-8, without control characters)",
     "%s: '%s...': byte 0x%02X ở vị trí byte %ld không phải văn bản UTF-8 (gợi "
     "ý: hệ tọa độ là văn bản ASCII hoặc UTF-8, không có ký tự điều khiển)"},
    {"%s: --encoding %s ignored: %s text is UTF-8 by its format (--encoding is "
     "for CSV files and shapefiles)",
     "%s: bỏ qua --encoding %s: văn bản %s luôn là UTF-8 theo định dạng "
     "(--encoding dùng cho tệp CSV và shapefile)"},
    {"%s: --environment auto does not change the %s model, which has no "
     "environment; --model auto picks 38.901 UMa or RMa by it",
     "%s: --environment auto không làm thay đổi mô hình %s, vì mô hình này "
     "không phân theo môi trường; --model auto sẽ chọn 38.901 UMa hoặc RMa "
     "theo môi trường"},
    {"%s: DEM window of %.0f x %.0f cells is too large; use a smaller "
     "--max-distance",
     "%s: cửa sổ DEM %.0f x %.0f ô là quá lớn; hãy dùng --max-distance nhỏ hơn"},
    {"%s: DEM window of %d x %d cells, expected %.0f x %.0f",
     "%s: cửa sổ DEM %d x %d ô, cần %.0f x %.0f"},
    {"%s: GDAL has no %s driver",
     "%s: GDAL không có trình điều khiển %s"},
    {"%s: GDAL has no GTiff driver",
     "%s: GDAL không có trình điều khiển GTiff"},
    {"%s: GDAL lacks the GPKG driver",
     "%s: GDAL thiếu trình điều khiển GPKG"},
    {"%s: GDALPolygonize failed%s",
     "%s: GDALPolygonize không thành công%s"},
    {"%s: PROJ cannot write it as WKT",
     "%s: PROJ không ghi được thành WKT"},
    {"%s: a %s file lies beside it; changes not yet written into the "
     "GeoPackage would be read unchecked (hint: close the program that wrote "
     "it, or export it again, and submit the .gpkg alone)",
     "%s: có tệp %s nằm bên cạnh; những thay đổi chưa ghi vào GeoPackage sẽ bị "
     "đọc mà không được kiểm tra (gợi ý: đóng chương trình đã ghi tệp, hoặc "
     "xuất lại, rồi chỉ nộp tệp .gpkg)"},
    {"%s: a grid of %.0f x %.0f cells at %g m; use a coarser --cell",
     "%s: lưới %.0f x %.0f ô với ô %g m; hãy dùng --cell lớn hơn"},
    {"%s: a household_chunk of submission #%lld is damaged (%ld points, blobs "
     "of %ld, %ld and %ld bytes); the store was changed outside phusong?",
     "%s: một household_chunk của lần nộp #%lld bị hỏng (%ld điểm, các khối "
     "%ld, %ld và %ld byte); kho dữ liệu bị sửa bên ngoài phusong?"},
    {"%s: a split (multi-volume) zip archive; submit one .zip file",
     "%s: tệp zip bị chia nhiều phần; hãy nộp một tệp .zip duy nhất"},
    {"%s: already imported as submission #%lld (same SHA-256); nothing to do",
     "%s: đã nhập trước đây, là lần nộp #%lld (cùng SHA-256); không cần làm gì"},
    {"%s: already imported as submission #%lld; nothing to do\n",
     "%s: đã nhập trước đây, là lần nộp #%lld; không cần làm gì\n"},
    {"%s: an empty CRS (hint: EPSG:32648 for UTM 48N, EPSG:4326 for "
     "longitude/latitude)",
     "%s: hệ tọa độ trống (gợi ý: EPSG:32648 cho UTM 48N, EPSG:4326 cho kinh "
     "độ/vĩ độ)"},
    {"%s: band %d (%s) holds neither signal levels (floating point) nor "
     "operator counts (no \"ANY\" band); say which with --coverage-kind "
     "overlap|signal",
     "%s: kênh %d (%s) không chứa mức tín hiệu (số thực) cũng không chứa số "
     "nhà mạng (không có kênh \"ANY\"); hãy chỉ rõ bằng --coverage-kind "
     "overlap|signal"},
    {"%s: band %d (%s) is not a signal level in dBm (phusong's "
     "<tech>_signal.tif is Float32; the overlap or server raster?); give the "
     "signal raster, or --threshold to compare its values",
     "%s: kênh %d (%s) không phải mức tín hiệu tính bằng dBm (tệp "
     "<tech>_signal.tif của phusong là Float32; đây là raster overlap hay "
     "server?); hãy đưa raster tín hiệu, hoặc dùng --threshold để so sánh giá "
     "trị"},
    {"%s: band %d: PROJ cannot transform the raster's CRS '%s' to WGS 84 (a "
     "local or engineering CRS, or one PROJ does not know); reproject it "
     "first, e.g. gdalwarp -t_srs EPSG:32648, or assign the right CRS",
     "%s: kênh %d: PROJ không chuyển được hệ tọa độ '%s' của raster sang WGS "
     "84 (hệ tọa độ cục bộ, hệ kỹ thuật, hoặc hệ PROJ không biết); hãy chiếu "
     "lại trước, ví dụ gdalwarp -t_srs EPSG:32648, hoặc gán đúng hệ tọa độ"},
    {"%s: band %d: cannot read row %d%s",
     "%s: kênh %d: không đọc được hàng %d%s"},
    {"%s: band %d: claimed cells near polygon %ld cannot be transformed from "
     "%s to WGS 84; reproject the raster first (gdalwarp -t_srs EPSG:32648)",
     "%s: kênh %d: các ô công bố gần đa giác %ld không chuyển được từ %s sang "
     "WGS 84; hãy chiếu lại raster trước (gdalwarp -t_srs EPSG:32648)"},
    {"%s: band %d: data type %s is not a real number (complex or unknown); "
     "export the signal (dBm) or the 0/1 mask as a numeric band, e.g. "
     "gdal_translate -ot Float32",
     "%s: kênh %d: kiểu dữ liệu %s không phải số thực (số phức hoặc không rõ); "
     "hãy xuất tín hiệu (dBm) hoặc mặt nạ 0/1 thành kênh số, ví dụ "
     "gdal_translate -ot Float32"},
    {"%s: band %d: every cell is 0, so nothing would be claimed; the wrong "
     "band or an empty export?",
     "%s: kênh %d: mọi ô đều bằng 0 nên sẽ không có vùng phủ nào; sai kênh, "
     "hay tệp xuất rỗng?"},
    {"%s: band %d: every one of its %lld cells is no data (no-data value %s); "
     "an empty export, or the wrong band?",
     "%s: kênh %d: cả %lld ô đều không có dữ liệu (giá trị no-data %s); tệp "
     "xuất rỗng, hay sai kênh?"},
    {"%s: band %d: holds only 0 and 1 (a coverage mask), but --threshold %g "
     "was given; drop --threshold (non-zero cells are claimed)",
     "%s: kênh %d: chỉ có giá trị 0 và 1 (mặt nạ vùng phủ), nhưng có "
     "--threshold %g; hãy bỏ --threshold (các ô khác 0 được tính là có phủ "
     "sóng)"},
    {"%s: band %d: no cell is at or above --threshold %g dBm (values %s to "
     "%s); nothing would be claimed: the wrong threshold, or not dBm?",
     "%s: kênh %d: không ô nào đạt --threshold %g dBm (giá trị từ %s đến %s); "
     "sẽ không có vùng phủ nào: sai ngưỡng, hay giá trị không tính bằng dBm?"},
    {"%s: band %d: the claimed cells reach '%.4f %.4f, %.4f %.4f' (lon/lat), "
     "outside Vietnam; a wrong CRS, or cells of a neighbouring country?",
     "%s: kênh %d: các ô công bố trải tới '%.4f %.4f, %.4f %.4f' (kinh độ/vĩ "
     "độ), ngoài Việt Nam; sai hệ tọa độ, hay các ô thuộc nước láng giềng?"},
    {"%s: band %d: the raster has no CRS, so its cells cannot be placed; ask "
     "the operator for the CRS and assign it, e.g. gdal_translate -a_srs "
     "EPSG:32648",
     "%s: kênh %d: raster không có hệ tọa độ nên không định vị được các ô; hãy "
     "hỏi nhà mạng hệ tọa độ và gán vào, ví dụ gdal_translate -a_srs EPSG:32648"},
    {"%s: band %d: the raster's extent '%.4f %.4f, %.4f %.4f' (lon/lat) is "
     "outside Vietnam (%.1f to %.1f E, %.1f to %.1f N); a wrong CRS, or "
     "another country's file? (check with gdalinfo)",
     "%s: kênh %d: phạm vi của raster '%.4f %.4f, %.4f %.4f' (kinh độ/vĩ độ) "
     "nằm ngoài Việt Nam (kinh độ %.1f đến %.1f Đ, vĩ độ %.1f đến %.1f B); sai "
     "hệ tọa độ, hay tệp của nước khác? (kiểm tra bằng gdalinfo)"},
    {"%s: band %d: value %s (row %ld, column %ld) is neither 0 nor 1, so this "
     "is a signal raster; give --threshold DBM (cells at or above it are "
     "claimed), or export a 0/1 coverage mask",
     "%s: kênh %d: giá trị %s (hàng %ld, cột %ld) không phải 0 hay 1, nên đây "
     "là raster tín hiệu; hãy dùng --threshold DBM (các ô từ ngưỡng trở lên "
     "được tính là có phủ sóng), hoặc xuất mặt nạ vùng phủ 0/1"},
    {"%s: binary data (NUL bytes), not a CSV text file (hint: a spreadsheet or "
     "image renamed .csv?)",
     "%s: dữ liệu nhị phân (có byte NUL), không phải tệp văn bản CSV (gợi ý: "
     "bảng tính hay ảnh bị đổi tên thành .csv?)"},
    {"%s: cannot create",
     "%s: không tạo được"},
    {"%s: cannot create field %s: %s",
     "%s: không tạo được trường %s: %s"},
    {"%s: cannot create folder: %s",
     "%s: không tạo được thư mục: %s"},
    {"%s: cannot create layer %s: %s",
     "%s: không tạo được lớp %s: %s"},
    {"%s: cannot create the folder: %s",
     "%s: không tạo được thư mục: %s"},
    {"%s: cannot create: %s",
     "%s: không tạo được: %s"},
    {"%s: cannot hold the decoded copy",
     "%s: không giữ được bản sao đã giải mã"},
    {"%s: cannot initialise libpng",
     "%s: không khởi tạo được libpng"},
    {"%s: cannot make the claim mask%s",
     "%s: không tạo được mặt nạ vùng phủ công bố%s"},
    {"%s: cannot make the polygon layer%s",
     "%s: không tạo được lớp đa giác%s"},
    {"%s: cannot open",
     "%s: không mở được"},
    {"%s: cannot open as a vector layer: %s",
     "%s: không mở được thành lớp vector: %s"},
    {"%s: cannot open store: %s",
     "%s: không mở được kho dữ liệu: %s"},
    {"%s: cannot open: %s",
     "%s: không mở được: %s"},
    {"%s: cannot read",
     "%s: không đọc được"},
    {"%s: cannot read the %s%s",
     "%s: không đọc được %s%s"},
    {"%s: cannot read the raster%s",
     "%s: không đọc được raster%s"},
    {"%s: cannot read the warped %s%s",
     "%s: không đọc được %s đã nắn%s"},
    {"%s: cannot read the zip directory",
     "%s: không đọc được thư mục của tệp zip"},
    {"%s: cannot read%s%s: supported inputs are CSV, GeoJSON, Shapefile (.shp "
     "or .zip), GeoPackage, KML",
     "%s: không đọc được%s%s: các định dạng được hỗ trợ là CSV, GeoJSON, "
     "Shapefile (.shp hoặc .zip), GeoPackage, KML"},
    {"%s: cannot read: %s",
     "%s: không đọc được: %s"},
    {"%s: cannot remove: %s",
     "%s: không xóa được: %s"},
    {"%s: cannot rewind",
     "%s: không đọc lại được từ đầu"},
    {"%s: cannot seek",
     "%s: không di chuyển được trong tệp"},
    {"%s: cannot select band %d%s",
     "%s: không chọn được kênh %d%s"},
    {"%s: cannot set up EPSG:4326",
     "%s: không thiết lập được EPSG:4326"},
    {"%s: cannot transform its CRS to EPSG:4326: %s",
     "%s: không chuyển được hệ tọa độ sang EPSG:4326: %s"},
    {"%s: cannot warp the %s to %s%s",
     "%s: không nắn được %s sang %s%s"},
    {"%s: cannot write",
     "%s: không ghi được"},
    {"%s: cannot write feature %s: %s",
     "%s: không ghi được đối tượng %s: %s"},
    {"%s: cannot write the claim mask%s",
     "%s: không ghi được mặt nạ vùng phủ công bố%s"},
    {"%s: claim mask unreadable",
     "%s: không đọc được mặt nạ vùng phủ công bố"},
    {"%s: claim mask unwritable",
     "%s: không ghi được mặt nạ vùng phủ công bố"},
    {"%s: closing failed: %s",
     "%s: đóng tệp không thành công: %s"},
    {"%s: column '%s' is read as the electrical downtilt beside the mechanical "
     "'%s'; if it holds the total downtilt, subtract the mechanical one or "
     "rename it (docs/input-formats.md)",
     "%s: cột '%s' được đọc là góc nghiêng điện, bên cạnh cột góc nghiêng cơ "
     "'%s'; nếu cột này ghi tổng góc nghiêng, hãy trừ đi góc nghiêng cơ hoặc "
     "đổi tên cột (docs/input-formats.md)"},
    {"%s: columns '%s' and '%s' could both be the %s; choose one with the "
     "matching --*-field option",
     "%s: cả cột '%s' và cột '%s' đều có thể là %s; hãy chọn một cột bằng tùy "
     "chọn --*-field tương ứng"},
    {"%s: commit failed: %s",
     "%s: ghi giao dịch không thành công: %s"},
    {"%s: compression ratio %llu:1 (%llu bytes from %llu), over %d:1: a zip "
     "bomb? refused (hint: real layers compress about 3:1 to 20:1)",
     "%s: tỷ lệ nén %llu:1 (%llu byte từ %llu), vượt %d:1: bom zip? bị từ chối "
     "(gợi ý: lớp dữ liệu thực thường nén khoảng 3:1 đến 20:1)"},
    {"%s: damaged GeoPackage: quick_check: '%s' (hint: export it again)",
     "%s: GeoPackage bị hỏng: quick_check: '%s' (gợi ý: hãy xuất lại)"},
    {"%s: damaged zip archive (ZIP64 record missing)",
     "%s: tệp zip bị hỏng (thiếu bản ghi ZIP64)"},
    {"%s: damaged zip archive (central directory out of bounds)",
     "%s: tệp zip bị hỏng (thư mục trung tâm vượt ra ngoài tệp)"},
    {"%s: damaged zip archive (member %llu of the central directory)",
     "%s: tệp zip bị hỏng (tệp thành phần %llu trong thư mục trung tâm)"},
    {"%s: disk full (hint: free some disk space, then run the command again; "
     "the store is unchanged)",
     "%s: đĩa đầy (gợi ý: giải phóng bớt dung lượng đĩa rồi chạy lại lệnh; kho "
     "dữ liệu không thay đổi)"},
    {"%s: drawn from every %.0fth cell (%g m) to keep the map's memory bounded",
     "%s: vẽ theo 1 trên mỗi %.0f ô (%g m) để giới hạn bộ nhớ của bản đồ"},
    {"%s: duplicate field '%s' (fields %d and %d)",
     "%s: trường '%s' bị trùng (trường %d và trường %d)"},
    {"%s: empty file",
     "%s: tệp rỗng"},
    {"%s: empty file: no header and no data rows",
     "%s: tệp rỗng: không có dòng tiêu đề và dòng dữ liệu"},
    {"%s: empty or invalid %s window (%g, %g)-(%g, %g) at %g m",
     "%s: cửa sổ %s trống hoặc không hợp lệ (%g, %g)-(%g, %g) với ô %g m"},
    {"%s: every point lies in Vietnam with longitude and latitude swapped: %s",
     "%s: mọi điểm đều nằm trong Việt Nam khi đảo kinh độ và vĩ độ: %s"},
    {"%s: exists (allow overwriting to replace it)",
     "%s: đã có (cho phép ghi đè để thay thế)"},
    {"%s: feature %ld: cannot be read: %s",
     "%s: đối tượng %ld: không đọc được: %s"},
    {"%s: feature %lld: cannot transform to EPSG:4326",
     "%s: đối tượng %lld: không chuyển được sang EPSG:4326"},
    {"%s: field '%s' looks like a second '%s' renamed when the layer was saved "
     "as a shapefile (names are cut to 10 characters and a repeat gets _1, "
     "_2); phusong reads columns by name: check that each column it uses is "
     "the one you mean, or name it with --*-field",
     "%s: trường '%s' có vẻ là cột '%s' thứ hai bị đổi tên khi lưu lớp thành "
     "shapefile (tên bị cắt còn 10 ký tự và tên lặp được thêm _1, _2); phusong "
     "đọc cột theo tên: hãy kiểm tra mỗi cột được dùng đúng là cột bạn muốn, "
     "hoặc chỉ định bằng --*-field"},
    {"%s: field 'crs': '%s' is a legacy GeoJSON 'crs' member: RFC 7946 dropped "
     "it (GeoJSON is WGS 84 longitude/latitude); read as declared and "
     "reprojected to WGS 84 (hint: export as RFC 7946 GeoJSON)",
     "%s: trường 'crs': '%s' là thành phần 'crs' kiểu GeoJSON cũ: RFC 7946 đã "
     "bỏ thành phần này (GeoJSON dùng kinh độ/vĩ độ WGS 84); đã đọc theo khai "
     "báo và chuyển sang WGS 84 (gợi ý: xuất lại theo chuẩn GeoJSON RFC 7946)"},
    {"%s: file exists; a store is never overwritten (choose another name or "
     "remove it first)",
     "%s: tệp đã có; kho dữ liệu không bao giờ bị ghi đè (hãy chọn tên khác "
     "hoặc xóa tệp trước)"},
    {"%s: file is UTF-16 (Excel \"Unicode text\"); save it as \"CSV UTF-8 "
     "(comma delimited)\" and submit again",
     "%s: tệp được mã hóa UTF-16 (Excel \"Unicode text\"); hãy lưu dạng \"CSV "
     "UTF-8 (comma delimited)\" rồi nộp lại"},
    {"%s: file looks like UTF-16 without a byte-order mark (a NUL byte beside "
     "every letter); save it as \"CSV UTF-8 (comma delimited)\" and submit "
     "again",
     "%s: tệp có vẻ là UTF-16 không có dấu thứ tự byte (có byte NUL bên cạnh "
     "mọi chữ cái); hãy lưu dạng \"CSV UTF-8 (comma delimited)\" rồi nộp lại"},
    {"%s: header lacks %s",
     "%s: dòng tiêu đề thiếu %s"},
    {"%s: imported as submission #%lld: %ld of %ld rows, %ld warnings, sha256 "
     "%s\n",
     "%s: đã nhập, là lần nộp #%lld: %ld trên %ld dòng, %ld cảnh báo, sha256 "
     "%s\n"},
    {"%s: integrity check failed: %s",
     "%s: kiểm tra toàn vẹn không đạt: %s"},
    {"%s: is a symbolic link; submit the file itself",
     "%s: là liên kết tượng trưng; hãy nộp chính tệp đó"},
    {"%s: is a symbolic link; submit the file itself (hint: a shapefile's "
     "files are read by name)",
     "%s: là liên kết tượng trưng; hãy nộp chính tệp đó (gợi ý: các tệp của "
     "shapefile được đọc theo tên)"},
    {"%s: its model metadata is not that of run %lld, named in the subtitle "
     "(use --run to name the run that wrote it)",
     "%s: siêu dữ liệu mô hình không khớp với lần phân tích %lld ghi ở tiêu đề "
     "phụ (dùng --run để chỉ lần phân tích đã tạo raster)"},
    {"%s: layer '%s': %lld rows, over the %lld-row limit (raise it with "
     "--max-rows)",
     "%s: lớp '%s': %lld dòng, vượt giới hạn %lld dòng (nâng giới hạn bằng "
     "--max-rows)"},
    {"%s: layer '%s': a view (stored SQL that runs when it is read); refused "
     "(hint: save the layer as a table, e.g. export it to a new GeoPackage)",
     "%s: lớp '%s': là view (câu lệnh SQL được lưu, chạy khi đọc); bị từ chối "
     "(gợi ý: lưu lớp thành bảng, ví dụ xuất sang một GeoPackage mới)"},
    {"%s: layer '%s': a virtual table (a module's code runs when it is read); "
     "refused (hint: export the layer to a new GeoPackage)",
     "%s: lớp '%s': là bảng ảo (mã của một module chạy khi đọc); bị từ chối "
     "(gợi ý: xuất lớp sang một GeoPackage mới)"},
    {"%s: layer '%s': listed in gpkg_contents but there is no such table "
     "(hint: a damaged export?)",
     "%s: lớp '%s': có trong gpkg_contents nhưng không có bảng này (gợi ý: tệp "
     "xuất bị hỏng?)"},
    {"%s: libpng: %s",
     "%s: libpng: %s"},
    {"%s: member '%s': %s; refused, phusong never extracts (hint: zip the "
     "layer's files alone, without folders above them)",
     "%s: tệp thành phần '%s': %s; bị từ chối, phusong không bao giờ giải nén "
     "ra đĩa (gợi ý: chỉ nén riêng các tệp của lớp, không kèm thư mục bên "
     "ngoài)"},
    {"%s: member '%s': a GeoPackage inside a zip; submit the .gpkg itself (it "
     "is checked as a file)",
     "%s: tệp thành phần '%s': là GeoPackage nằm trong tệp zip; hãy nộp chính "
     "tệp .gpkg (tệp này được kiểm tra như một tệp riêng)"},
    {"%s: member '%s': a symbolic link; refused (hint: zip the files "
     "themselves, not links to them)",
     "%s: tệp thành phần '%s': là liên kết tượng trưng; bị từ chối (gợi ý: nén "
     "chính các tệp, không nén liên kết tới chúng)"},
    {"%s: member '%s': an archive inside the zip; nested archives are refused "
     "(hint: put the layer's files in one .zip)",
     "%s: tệp thành phần '%s': là tệp nén nằm trong tệp zip; không nhận tệp "
     "nén lồng nhau (gợi ý: đặt các tệp của lớp vào một tệp .zip)"},
    {"%s: member '%s': appears twice in the zip; refused (hint: zip the files "
     "again)",
     "%s: tệp thành phần '%s': xuất hiện hai lần trong tệp zip; bị từ chối "
     "(gợi ý: nén lại các tệp)"},
    {"%s: member '%s': cannot be read (hint: a damaged zip? re-zip with "
     "standard Deflate)",
     "%s: tệp thành phần '%s': không đọc được (gợi ý: tệp zip bị hỏng? hãy nén "
     "lại bằng Deflate chuẩn)"},
    {"%s: member '%s': compressed with Deflate64 (method 9, Windows "
     "\"compressed folder\" over 2 GB); re-zip with standard Deflate",
     "%s: tệp thành phần '%s': nén bằng Deflate64 (phương pháp 9, \"compressed "
     "folder\" của Windows trên 2 GB); hãy nén lại bằng Deflate chuẩn"},
    {"%s: member '%s': compression method %d is not supported; re-zip with "
     "standard Deflate",
     "%s: tệp thành phần '%s': không hỗ trợ phương pháp nén %d; hãy nén lại "
     "bằng Deflate chuẩn"},
    {"%s: member '%s': encrypted; submit a zip without a password",
     "%s: tệp thành phần '%s': được mã hóa; hãy nộp tệp zip không đặt mật khẩu"},
    {"%s: member '%s': holds more than the %llu bytes its header declares; "
     "reading stopped there (a zip bomb?); refused",
     "%s: tệp thành phần '%s': chứa nhiều hơn %llu byte mà phần đầu khai báo; "
     "đã dừng đọc tại đó (bom zip?); bị từ chối"},
    {"%s: member '%s': only %llu of its %llu bytes can be read (hint: a "
     "damaged zip? re-zip the files)",
     "%s: tệp thành phần '%s': chỉ đọc được %llu trên %llu byte (gợi ý: tệp "
     "zip bị hỏng? hãy nén lại các tệp)"},
    {"%s: migration to schema version %d broke foreign keys; nothing changed",
     "%s: nâng cấp lên phiên bản lược đồ %d làm hỏng khóa ngoại; không thay "
     "đổi gì"},
    {"%s: no %s converter in iconv",
     "%s: iconv không có bộ chuyển mã %s"},
    {"%s: no CRS given",
     "%s: không có hệ tọa độ"},
    {"%s: no analysis run %lld",
     "%s: không có lần phân tích %lld"},
    {"%s: no analysis run yet (run 'phusong analyze %s' first)",
     "%s: chưa có lần phân tích nào (hãy chạy 'phusong analyze %s' trước)"},
    {"%s: no band %d (the %s has %d)",
     "%s: không có kênh %d (%s có %d kênh)"},
    {"%s: no band is described '%s' (bands: %s); give phusong's "
     "<tech>_signal.tif, or pick the band with --band N",
     "%s: không có kênh nào mang mô tả '%s' (các kênh: %s); hãy đưa tệp "
     "<tech>_signal.tif của phusong, hoặc chọn kênh bằng --band N"},
    {"%s: no census unit with a code",
     "%s: không có đơn vị điều tra nào có mã"},
    {"%s: no census unit with people has a polygon (wrong code field?)",
     "%s: không đơn vị điều tra có dân nào có đa giác (sai trường mã?)"},
    {"%s: no column '%s' (given for the %s)",
     "%s: không có cột '%s' (được chỉ định cho %s)"},
    {"%s: no column for the %s (looked for: %s); name it with the matching "
     "--*-field option",
     "%s: không có cột nào cho %s (đã tìm: %s); hãy chỉ định cột bằng tùy chọn "
     "--*-field tương ứng"},
    {"%s: no count columns: need households (hh_total, so_ho), population "
     "(pop_total, dan_so) or fibre households (ho_cap_quang)",
     "%s: không có cột số liệu: cần số hộ (hh_total, so_ho), dân số "
     "(pop_total, dan_so) hoặc số hộ cáp quang (ho_cap_quang)"},
    {"%s: no data rows (only a header, or only blank lines: an empty export?)",
     "%s: không có dòng dữ liệu (chỉ có dòng tiêu đề, hoặc chỉ có dòng trống: "
     "tệp xuất rỗng?)"},
    {"%s: no feature layer in the GeoPackage (gpkg_contents lists none)",
     "%s: GeoPackage không có lớp đối tượng nào (gpkg_contents không liệt kê "
     "lớp nào)"},
    {"%s: no field '%s' in layer '%s'",
     "%s: không có trường '%s' trong lớp '%s'"},
    {"%s: no file or no working CRS",
     "%s: không có tệp hoặc không có hệ tọa độ làm việc"},
    {"%s: no layer",
     "%s: không có lớp nào"},
    {"%s: no layer named '%s'",
     "%s: không có lớp tên '%s'"},
    {"%s: no layer named '%s' in the zip; its layers: %s",
     "%s: tệp zip không có lớp tên '%s'; các lớp có trong tệp: %s"},
    {"%s: no layer named '%s'; layers: %s",
     "%s: không có lớp tên '%s'; các lớp: %s"},
    {"%s: no site filing of %s%s%s",
     "%s: không có hồ sơ trạm của %s%s%s"},
    {"%s: no submission #%lld",
     "%s: không có lần nộp #%lld"},
    {"%s: no such file",
     "%s: không có tệp này"},
    {"%s: no such store (create it with 'phusong init %s')",
     "%s: không có kho dữ liệu này (tạo kho bằng 'phusong init %s')"},
    {"%s: no threshold in the raster's metadata (PHUSONG_THRESHOLD_DBM); give "
     "the one it was modelled with: --threshold DBM",
     "%s: siêu dữ liệu của raster không có ngưỡng (PHUSONG_THRESHOLD_DBM); hãy "
     "đưa ngưỡng đã dùng khi mô phỏng: --threshold DBM"},
    {"%s: no yes/no indicator columns (e.g. smartphone, bank_account)",
     "%s: không có cột chỉ tiêu có/không nào (ví dụ smartphone, bank_account)"},
    {"%s: not a GeoPackage: an SQLite database with application_id 0x%08X, not "
     "'GPKG' (hint: export the layer as a GeoPackage)",
     "%s: không phải GeoPackage: là cơ sở dữ liệu SQLite có application_id "
     "0x%08X, không phải 'GPKG' (gợi ý: xuất lớp thành GeoPackage)"},
    {"%s: not a GeoPackage: no SQLite header (hint: a damaged or renamed file?)",
     "%s: không phải GeoPackage: không có phần đầu SQLite (gợi ý: tệp bị hỏng "
     "hoặc bị đổi tên?)"},
    {"%s: not a GeoPackage: no gpkg_contents table (hint: export the layer as "
     "a GeoPackage)",
     "%s: không phải GeoPackage: không có bảng gpkg_contents (gợi ý: xuất lớp "
     "thành GeoPackage)"},
    {"%s: not a PNG file",
     "%s: không phải tệp PNG"},
    {"%s: not a folder",
     "%s: không phải thư mục"},
    {"%s: not a phusong store (no schema_version table)",
     "%s: không phải kho dữ liệu phusong (không có bảng schema_version)"},
    {"%s: not a readable GeoPackage: %s (hint: a damaged file? export it again)",
     "%s: không đọc được GeoPackage: %s (gợi ý: tệp bị hỏng? hãy xuất lại)"},
    {"%s: not a regular file",
     "%s: không phải tệp thông thường"},
    {"%s: not a zip archive (%llu bytes, too short)",
     "%s: không phải tệp zip (%llu byte, quá ngắn)"},
    {"%s: not a zip archive (no central directory; hint: a damaged or partial "
     "upload?)",
     "%s: không phải tệp zip (không có thư mục trung tâm; gợi ý: tệp tải lên "
     "bị hỏng hoặc chưa tải hết?)"},
    {"%s: out of memory",
     "%s: hết bộ nhớ"},
    {"%s: out of memory for a %d x %d %s",
     "%s: không đủ bộ nhớ cho %d x %d %s"},
    {"%s: read error",
     "%s: lỗi khi đọc"},
    {"%s: reading PNG: %s",
     "%s: đọc PNG: %s"},
    {"%s: remote and virtual paths are refused; give a local file (hint: "
     "download it first: phusong never fetches a submission)",
     "%s: không nhận đường dẫn từ xa hay đường dẫn ảo; hãy đưa một tệp trên "
     "máy (gợi ý: tải tệp về trước: phusong không bao giờ tự tải hồ sơ nộp)"},
    {"%s: store busy: another process kept it locked for about %d s; try again "
     "later",
     "%s: kho dữ liệu đang bận: một tiến trình khác đã khóa kho khoảng %d "
     "giây; hãy thử lại sau"},
    {"%s: store busy: another process kept it locked; try again later",
     "%s: kho dữ liệu đang bận: một tiến trình khác đang khóa kho; hãy thử lại "
     "sau"},
    {"%s: store schema version %d is newer than this phusong (%d); upgrade "
     "phusong",
     "%s: phiên bản lược đồ của kho (%d) mới hơn phiên bản phusong này hỗ trợ "
     "(%d); hãy nâng cấp phusong"},
    {"%s: submission #%lld has no raw bytes in the store (no such submission, "
     "or filed before schema version 8)",
     "%s: lần nộp #%lld không có dữ liệu gốc trong kho (không có lần nộp này, "
     "hoặc được nộp trước phiên bản lược đồ 8)"},
    {"%s: table '%s': a virtual table phusong cannot vouch for (%s); refused "
     "(hint: export the layer to a new GeoPackage)",
     "%s: bảng '%s': là bảng ảo phusong không thể bảo đảm an toàn (%s); bị từ "
     "chối (gợi ý: xuất lớp sang một GeoPackage mới)"},
    {"%s: text encoding not declared (%s) and the text is not UTF-8; phusong "
     "does not guess: pass --encoding NAME with the encoding that reads right "
     "(or add a .cpg file holding its name). %d value%s decoded in each "
     "candidate:\n%s",
     "%s: bảng mã chưa được khai báo (%s) và văn bản không phải UTF-8; phusong "
     "không đoán: hãy dùng --encoding NAME với bảng mã cho ra chữ đúng (hoặc "
     "thêm tệp .cpg ghi tên bảng mã). %d giá trị%.0s giải mã theo từng bảng mã "
     "có thể:\n%s"},
    {"%s: the %s file (%.*s%s) is missing; a shapefile is its .shp, .shx and "
     ".dbf together, and without the %s %s (hint: send every file of the "
     "layer, or one .zip of them)",
     "%s: thiếu tệp %s (%.*s%s); một shapefile gồm cả .shp, .shx và .dbf, và "
     "thiếu tệp %s thì %s (gợi ý: gửi mọi tệp của lớp, hoặc gộp chúng vào một "
     "tệp .zip)"},
    {"%s: the %s has no CRS (a %s without one cannot be placed: give it one, "
     "e.g. with gdal_edit.py -a_srs EPSG:4326)",
     "%s: %s không có hệ tọa độ (%s không có hệ tọa độ thì không định vị được: "
     "hãy gán hệ tọa độ, ví dụ bằng gdal_edit.py -a_srs EPSG:4326)"},
    {"%s: the %s has no raster band",
     "%s: %s không có kênh raster"},
    {"%s: the .shp holds %lld shapes but the .dbf %lld records; which "
     "attributes belong to which shape cannot be known (hint: files from two "
     "versions of the layer, or a copy cut short? export the layer again)",
     "%s: tệp .shp có %lld hình nhưng tệp .dbf có %lld bản ghi; không thể biết "
     "thuộc tính nào thuộc về hình nào (gợi ý: các tệp từ hai phiên bản khác "
     "nhau của lớp, hay bản sao bị cắt cụt? hãy xuất lại lớp)"},
    {"%s: the coverage raster does not cover the store's communes (is it from "
     "another province?)",
     "%s: raster vùng phủ không trùm lên các xã trong kho dữ liệu (raster của "
     "tỉnh khác?)"},
    {"%s: the coverage raster has no CRS",
     "%s: raster vùng phủ không có hệ tọa độ"},
    {"%s: the coverage raster is in a geographic CRS (%s, degrees); its cells "
     "must be metres to give areas: reproject it, e.g. gdalwarp -t_srs "
     "EPSG:32648 -r near",
     "%s: raster vùng phủ dùng hệ tọa độ địa lý (%s, đơn vị độ); các ô phải "
     "tính bằng mét mới ra diện tích: hãy chiếu lại, ví dụ gdalwarp -t_srs "
     "EPSG:32648 -r near"},
    {"%s: the coverage raster is rotated or flipped; warp it north-up first",
     "%s: raster vùng phủ bị xoay hoặc lật; hãy nắn lại theo hướng bắc trước"},
    {"%s: the file changed while it was imported (%ld rows then %ld); nothing "
     "imported",
     "%s: tệp đã thay đổi trong lúc nhập (lúc đầu %ld dòng, sau đó %ld); không "
     "nhập gì"},
    {"%s: the file changed while it was imported; nothing imported",
     "%s: tệp đã thay đổi trong lúc nhập; không nhập gì"},
    {"%s: the file declares its CRS as '%s' but --src-crs says '%s'; a "
     "mislabelled CRS moves every point: fix the file or drop --src-crs",
     "%s: tệp khai báo hệ tọa độ là '%s' nhưng --src-crs ghi '%s'; khai báo "
     "sai hệ tọa độ sẽ làm lệch mọi điểm: hãy sửa tệp hoặc bỏ --src-crs"},
    {"%s: the file's CRS",
     "%s: hệ tọa độ của tệp"},
    {"%s: the path-loss model was used outside its validity range in %ld "
     "covered grid cells (docs/propagation.md)",
     "%s: mô hình suy hao đường truyền được dùng ngoài phạm vi hiệu lực ở %ld "
     "ô lưới có phủ sóng (docs/propagation.md)"},
    {"%s: the raster has %d bands: %s; say which one holds the claim with "
     "--band N",
     "%s: raster có %d kênh: %s; hãy chỉ rõ kênh chứa vùng phủ công bố bằng "
     "--band N"},
    {"%s: the raster has no band",
     "%s: raster không có kênh nào"},
    {"%s: the raster is not georeferenced (no geotransform)",
     "%s: raster chưa được định vị (không có geotransform)"},
    {"%s: the zip declares %llu bytes uncompressed, over the %lld-byte limit "
     "(raise it with --max-uncompressed)",
     "%s: tệp zip khai báo %llu byte khi giải nén, vượt giới hạn %lld byte "
     "(nâng giới hạn bằng --max-uncompressed)"},
    {"%s: unit code %s appears twice",
     "%s: mã đơn vị %s xuất hiện hai lần"},
    {"%s: unknown CRS '%s'",
     "%s: không nhận ra hệ tọa độ '%s'"},
    {"%s: valid: %ld rows would be imported, %ld warnings\n",
     "%s: hợp lệ: sẽ nhập %ld dòng, %ld cảnh báo\n"},
    {"%s: value %d is not a number",
     "%s: giá trị thứ %d không phải số"},
    {"%s: warped %s is %d x %d cells, expected %d x %d",
     "%s: %s sau khi nắn có %d x %d ô, cần %d x %d"},
    {"%s: working CRS '%s' cannot be read%s",
     "%s: không đọc được hệ tọa độ làm việc '%s'%s"},
    {"%s: write failed",
     "%s: ghi không thành công"},
    {"%s: write failed: %s",
     "%s: ghi không thành công: %s"},
    {"%s: writing PNG: %s",
     "%s: ghi PNG: %s"},
    {"%s:%ld: %d fields, expected at least %d",
     "%s:%ld: có %d trường, cần ít nhất %d"},
    {"%s:%ld: '%s' is not valid %s text (byte %zu); is the file really %s? "
     "(hint: pass the encoding it was saved in with --encoding)",
     "%s:%ld: '%s' không phải văn bản %s hợp lệ (byte %zu); tệp có thật là %s? "
     "(gợi ý: chỉ định bảng mã đã dùng khi lưu tệp bằng --encoding)"},
    {"%s:%ld: binary data (a NUL byte); not a CSV text file (hint: a damaged "
     "export, or a binary file renamed .csv?)",
     "%s:%ld: dữ liệu nhị phân (có byte NUL); không phải tệp văn bản CSV (gợi "
     "ý: tệp xuất bị hỏng, hay tệp nhị phân bị đổi tên thành .csv?)"},
    {"%s:%ld: commune %s: %lld fibre households but only %lld households "
     "(subscriptions counted as households?); the analysis will flag it",
     "%s:%ld: xã %s: %lld hộ cáp quang nhưng chỉ có %lld hộ (đếm thuê bao "
     "thành hộ?); bước phân tích sẽ đánh dấu số liệu này"},
    {"%s:%ld: expected %d fields, found %d%s",
     "%s:%ld: cần %d trường, có %d%s"},
    {"%s:%ld: field '%s': %ld rows have coordinates with fewer than 4 decimals "
     "(worse than about 11 m); kept as given",
     "%s:%ld: trường '%s': %ld dòng có tọa độ ít hơn 4 chữ số thập phân (sai "
     "số trên khoảng 11 m); giữ nguyên như đã ghi"},
    {"%s:%ld: field '%s': %ld rows without coordinates kept as sites without a "
     "location (--allow-missing-geometry); they count in no coverage",
     "%s:%ld: trường '%s': %ld dòng không có tọa độ được giữ thành trạm không "
     "có vị trí (--allow-missing-geometry); các trạm này không được tính vào "
     "vùng phủ nào"},
    {"%s:%ld: field '%s': '%s' read as %.6f (degrees, minutes, seconds)",
     "%s:%ld: trường '%s': '%s' được đọc là %.6f (độ, phút, giây)"},
    {"%s:%ld: field '%s': '%s' read as %s",
     "%s:%ld: trường '%s': '%s' được đọc là %s"},
    {"%s:%ld: field '%s': '%s' unterminated quote: the quote opened on this "
     "row is not closed on it (a quoted value cannot span lines; a stray \" in "
     "the value?)",
     "%s:%ld: trường '%s': '%s' dấu nháy không được đóng: dấu nháy mở ở dòng "
     "này không được đóng trên cùng dòng (giá trị trong dấu nháy không được "
     "kéo sang dòng khác; giá trị có dấu \" thừa?)"},
    {"%s:%ld: fields '%s', '%s': '%s' decimal comma in all %ld coordinate "
     "values; read as decimals (';'-separated file)",
     "%s:%ld: các trường '%s', '%s': '%s' cả %ld giá trị tọa độ đều dùng dấu "
     "phẩy thập phân; đã đọc là số thập phân (tệp phân cách bằng ';')"},
    {"%s:%ld: line longer than %d MB; not a CSV file?",
     "%s:%ld: dòng dài hơn %d MB; không phải tệp CSV?"},
    {"%s:%ld: pop_total, pop_urban or hh_total is not a count",
     "%s:%ld: pop_total, pop_urban hoặc hh_total không phải số đếm"},
    {"%s:%ld: site %s: EIRP %g dBm, but transmit power %g dBm + antenna gain "
     "%g dBi - feeder loss %g dB%s = %g dBm (%.1f dB apart); the EIRP column "
     "is used",
     "%s:%ld: trạm %s: EIRP %g dBm, nhưng công suất phát %g dBm + tăng ích "
     "anten %g dBi - suy hao feeder %g dB%s = %g dBm (lệch %.1f dB); dùng cột "
     "EIRP"},
    {"%s:%ld: the file changed while it was imported; nothing imported",
     "%s:%ld: tệp đã thay đổi trong lúc nhập; không nhập gì"},
    {"%s:%ld: unterminated quote in the header",
     "%s:%ld: dòng tiêu đề có dấu nháy không được đóng"},
    {"%s:%s%ld: %s",
     "%s:%s%ld: %s"},
    {"%s:%s%ld: field '%s': %s",
     "%s:%s%ld: trường '%s': %s"},
    {"%s:%s%ld: field '%s': '%s' %ld of %ld points are at this place (%s %s); "
     "a broken export?",
     "%s:%s%ld: trường '%s': '%s' %ld trên %ld điểm nằm tại vị trí này (%s "
     "%s); tệp xuất bị lỗi?"},
    {"%s:%s%ld: field '%s': '%s' %s",
     "%s:%s%ld: trường '%s': '%s' %s"},
    {"%s:%s%ld: field '%s': '%s' duplicate %s on %s %s (each %s must be unique "
     "within one file)",
     "%s:%s%ld: trường '%s': '%s' %s bị trùng ở %s %s (mỗi %s chỉ được xuất "
     "hiện một lần trong một tệp)"},
    {"%s:%s%ld: field '%s': '%s' is not valid UTF-8 (looks like %s; pass "
     "--encoding %s, or save the file as \"CSV UTF-8\")",
     "%s:%s%ld: trường '%s': '%s' không phải UTF-8 hợp lệ (có vẻ là %s; dùng "
     "--encoding %s, hoặc lưu tệp dạng \"CSV UTF-8\")"},
    {"%s:%s%ld: field '%s': '%s' shared by %ld sites (%s %s); co-located "
     "sites, or copied coordinates?",
     "%s:%s%ld: trường '%s': '%s' có %ld trạm cùng vị trí (%s %s); các trạm "
     "đặt chung chỗ, hay tọa độ bị chép lặp?"},
    {"%s:%s%ld: field '%s': '%s' value of %zu bytes is longer than the "
     "%zu-byte limit (hint: a whole document pasted into a cell? raise the "
     "limit with --max-field-bytes)",
     "%s:%s%ld: trường '%s': '%s' giá trị dài %zu byte, vượt giới hạn %zu byte "
     "(gợi ý: dán cả một văn bản vào một ô? nâng giới hạn bằng "
     "--max-field-bytes)"},
    {"%s:%s%ld: field 'geometry': not a valid polygon: %s; repaired "
     "(--make-valid: rings closed, GEOS MakeValid); check the result",
     "%s:%s%ld: trường 'geometry': đa giác không hợp lệ: %s; đã sửa "
     "(--make-valid: khép kín các vòng, GEOS MakeValid); hãy kiểm tra kết quả"},
    {"%s:%s: '%s' is not valid %s text (byte %zu); is the layer really %s? "
     "(hint: pass the right one with --encoding)",
     "%s:%s: '%s' không phải văn bản %s hợp lệ (byte %zu); lớp có thật là %s? "
     "(gợi ý: chỉ định đúng bảng mã bằng --encoding)"},
    {"%s:%sbyte %ld: not valid JSON: %s (hint: export or upload the file "
     "again; nothing of it was imported)",
     "%s:%sbyte %ld: JSON không hợp lệ: %s (gợi ý: xuất hoặc tải tệp lên lại; "
     "chưa nhập phần nào của tệp)"},
    {"%s:1: column %d has an empty name",
     "%s:1: cột %d không có tên"},
    {"%s:1: duplicate column '%s' (columns %d and %d); rename or delete one "
     "(phusong never picks one silently)",
     "%s:1: cột '%s' bị trùng (cột %d và cột %d); hãy đổi tên hoặc xóa một cột "
     "(phusong không bao giờ tự chọn một cột)"},
    {"%s:1: several separators in the header; using '%s'",
     "%s:1: dòng tiêu đề có nhiều loại dấu phân cách; dùng '%s'"},
    {"%s:1: the first row looks like data, not a header ('%s'...); add a "
     "header row naming the columns, or pass --no-header with --x-field N "
     "--y-field N (column numbers)",
     "%s:1: dòng đầu có vẻ là dữ liệu, không phải dòng tiêu đề ('%s'...); hãy "
     "thêm dòng tiêu đề ghi tên các cột, hoặc dùng --no-header với --x-field N "
     "--y-field N (số thứ tự cột)"},
    {"%s:feature %ld: '%s' has no commune code; kept as %s (no census or "
     "survey data can join it)",
     "%s:đối tượng %ld: '%s' không có mã xã; giữ với mã %s (không nối được với "
     "số liệu điều tra dân số hay khảo sát)"},
    {"%s:feature %ld: field 'geometry': %ld points had a Z coordinate "
     "(altitude); dropped, sites are 2D (antenna height is an attribute: "
     "height_m)",
     "%s:đối tượng %ld: trường 'geometry': %ld điểm có tọa độ Z (độ cao); đã "
     "bỏ, trạm là điểm 2D (độ cao anten là một thuộc tính: height_m)"},
    {"%s:line %ld: '%s' is a DOCTYPE or entity declaration: refused, XML "
     "entities can expand to gigabytes or read local files (hint: export the "
     "KML again without a DTD)",
     "%s:dòng %ld: '%s' là khai báo DOCTYPE hoặc thực thể: bị từ chối, thực "
     "thể XML có thể phình ra hàng gigabyte hoặc đọc tệp trên máy (gợi ý: xuất "
     "lại KML không kèm DTD)"},
    {"%s:line %ld: field 'NetworkLink': '%s' %ld network link%s not followed: "
     "the linked content was not fetched and is not imported (hint: download "
     "it and submit it as a file of its own)",
     "%s:dòng %ld: trường 'NetworkLink': '%s' %ld liên kết mạng%.0s không được "
     "mở: nội dung liên kết không được tải về và không được nhập (gợi ý: tải "
     "nội dung về và nộp thành một tệp riêng)"},
    {"%zu vertices cannot be transformed from %s to WGS 84",
     "%zu đỉnh không chuyển được từ %s sang WGS 84"},
    {"'%s' exists; use --overwrite to replace it",
     "'%s' đã có; dùng --overwrite để ghi đè"},
    {"'%s': a map is written as .png, .svg or .pdf",
     "'%s': bản đồ được ghi dưới dạng .png, .svg hoặc .pdf"},
    {"'%s': maps are written as .png, .svg or .pdf",
     "'%s': bản đồ được ghi dưới dạng .png, .svg hoặc .pdf"},
    {"'': an empty file name",
     "'': tên tệp trống"},
    {"'..' in its path (a path outside the archive)",
     "đường dẫn có '..' (trỏ ra ngoài tệp nén)"},
    {"'sites_5g' is a count, not a rate; a choropleth of counts misleads "
     "(larger communes look better): map coverage_5g_households or "
     "coverage_5g_area",
     "'sites_5g' là số đếm, không phải tỷ lệ; bản đồ phân tầng màu theo số đếm "
     "dễ gây hiểu sai (xã lớn trông tốt hơn): hãy vẽ coverage_5g_households "
     "hoặc coverage_5g_area"},
    {"(column %d)",
     "(cột %d)"},
    {"(from the file)",
     "(lấy từ tệp)"},
    {", ... (%ld more)",
     ", ... (và %ld dòng khác)"},
    {"--as-of: '%s' is not a UTC date or instant (YYYY-MM-DD or "
     "YYYY-MM-DDTHH:MM:SSZ)",
     "--as-of: '%s' không phải ngày hay thời điểm UTC (YYYY-MM-DD hoặc "
     "YYYY-MM-DDTHH:MM:SSZ)"},
    {"--atlas DIR draws the --metric map of each district into DIR: no "
     "--coverage, no -o",
     "--atlas DIR vẽ bản đồ --metric của từng huyện vào DIR: không dùng kèm "
     "--coverage hay -o"},
    {"--atlas: '%s' is not a folder",
     "--atlas: '%s' không phải thư mục"},
    {"--band %d: %s has %d band%s",
     "--band %d: %s có %d kênh%.0s"},
    {"--breaks: '%s' is not a list like 80,90,95",
     "--breaks: '%s' không phải danh sách dạng 80,90,95"},
    {"--breaks: for --classes fixed or manual, not '%s'",
     "--breaks: dùng cho --classes fixed hoặc manual, không cho '%s'"},
    {"--classes %s needs --breaks",
     "--classes %s cần --breaks"},
    {"--classes: '%s' (equal, quantile, jenks, pretty, stddev, headtail, "
     "manual, fixed)",
     "--classes: '%s' (equal, quantile, jenks, pretty, stddev, headtail, "
     "manual, fixed)"},
    {"--coverage-kind: '%s' (overlap, signal)",
     "--coverage-kind: '%s' (overlap, signal)"},
    {"--coverage-out needs a propagation model (--model "
     "fspl|hata|uma|umi|rma); circles have no grid",
     "--coverage-out cần một mô hình truyền sóng (--model "
     "fspl|hata|uma|umi|rma); mô hình hình tròn không có lưới"},
    {"--disagreement needs --coverage DIR|FILE.tif: the model's signal raster",
     "--disagreement cần --coverage DIR|FILE.tif: raster tín hiệu của mô hình"},
    {"--encoding '%s': not an encoding phusong reads (one of %s)",
     "--encoding '%s': phusong không đọc bảng mã này (chọn một trong %s)"},
    {"--extract ID needs -o DIR",
     "--extract ID cần -o DIR"},
    {"--labels: '%s' (communes, districts)",
     "--labels: '%s' (communes, districts)"},
    {"--lang must be vi or en, not '%s'",
     "--lang phải là vi hoặc en, không phải '%s'"},
    {"--los terrain needs a DEM (--dem FILE)",
     "--los terrain cần DEM (--dem FILE)"},
    {"--metric and --coverage draw different maps: give one",
     "--metric và --coverage vẽ hai loại bản đồ khác nhau: chỉ chọn một"},
    {"--metric or --coverage is required",
     "cần có --metric hoặc --coverage"},
    {"--midpoint and --labels are for --metric maps",
     "--midpoint và --labels chỉ dùng cho bản đồ --metric"},
    {"--midpoint is for a diverging palette (--palette RdYlBu, RdBu, BrBG, "
     "PuOr, PiYG, RdYlGn), not %s",
     "--midpoint dùng cho bảng màu phân kỳ (--palette RdYlBu, RdBu, BrBG, "
     "PuOr, PiYG, RdYlGn), không dùng cho %s"},
    {"--midpoint mean: no commune has a value of '%s'",
     "--midpoint mean: không xã nào có giá trị của '%s'"},
    {"--midpoint province: the run has %d provinces, so no single figure; give "
     "--midpoint V",
     "--midpoint province: lần phân tích có %d tỉnh nên không có một số liệu "
     "chung; hãy dùng --midpoint V"},
    {"--midpoint province: the run has no province figure of '%s'",
     "--midpoint province: lần phân tích không có số liệu cấp tỉnh của '%s'"},
    {"--midpoint: '%s' is not a number, 'province' or 'mean'",
     "--midpoint: '%s' không phải số, 'province' hay 'mean'"},
    {"--operator OP is required",
     "cần có --operator OP"},
    {"--operator must be an operator code of capital letters, digits, '-' or "
     "'_' (e.g. VIETTEL), got '%s'",
     "--operator phải là mã nhà mạng gồm chữ in hoa, chữ số, '-' hoặc '_' (ví "
     "dụ VIETTEL), không phải '%s'"},
    {"--palette %s is diverging: give --midpoint V (a target such as 90), "
     "--midpoint province or --midpoint mean",
     "--palette %s là bảng màu phân kỳ: hãy dùng --midpoint V (một mục tiêu "
     "như 90), --midpoint province hoặc --midpoint mean"},
    {"--palette: '%s' (YlGnBu, Blues, Greens, OrRd, Purples, RdYlBu, RdBu, "
     "BrBG, PuOr, PiYG, RdYlGn)",
     "--palette: '%s' (YlGnBu, Blues, Greens, OrRd, Purples, RdYlBu, RdBu, "
     "BrBG, PuOr, PiYG, RdYlGn)"},
    {"--palette: unknown palette '%s' (known: YlGnBu, Blues, Greens, OrRd, "
     "Purples, RdYlBu, RdBu, BrBG, PuOr, PiYG, RdYlGn)",
     "--palette: không có bảng màu '%s' (có: YlGnBu, Blues, Greens, OrRd, "
     "Purples, RdYlBu, RdBu, BrBG, PuOr, PiYG, RdYlGn)"},
    {"--sites: '%s' (5G, 4G)",
     "--sites: '%s' (5G, 4G)"},
    {"--size and --width/--height both set the size: give one",
     "--size và --width/--height đều đặt kích thước: chỉ dùng một"},
    {"--size: '%s' (slide, a4, a3, a4-portrait, a3-portrait, or WxH pixels, %d "
     "to %d each)",
     "--size: '%s' (slide, a4, a3, a4-portrait, a3-portrait, hoặc WxH điểm "
     "ảnh, mỗi chiều từ %d đến %d)"},
    {"--tech must be 4G or 5G for a coverage filing, got '%s'",
     "--tech phải là 4G hoặc 5G khi nộp vùng phủ sóng, không phải '%s'"},
    {"--tech: '%s' (4G, 5G)",
     "--tech: '%s' (4G, 5G)"},
    {"--tech: '%s' (5G, 4G)",
     "--tech: '%s' (5G, 4G)"},
    {"-f %s: a map's format is the extension of -o (or use --atlas DIR -f "
     "FORMAT)",
     "-f %s: định dạng bản đồ lấy theo phần mở rộng của -o (hoặc dùng --atlas "
     "DIR -f FORMAT)"},
    {"-f: '%s' (png, svg, pdf)",
     "-f: '%s' (png, svg, pdf)"},
    {"-f: '%s' (text, csv)",
     "-f: '%s' (text, csv)"},
    {"-f: '%s' (text, csv, json)",
     "-f: '%s' (text, csv, json)"},
    {"-o FILE.png|.svg|.pdf (or --atlas DIR) is required",
     "cần có -o FILE.png|.svg|.pdf (hoặc --atlas DIR)"},
    {"-o: '%s' is not a folder",
     "-o: '%s' không phải thư mục"},
    {"; (0,0) usually means missing coordinates written as zeros",
     "; (0,0) thường là tọa độ bị thiếu được ghi thành số 0"},
    {"; a broken value?",
     "; giá trị bị hỏng?"},
    {"; columns swapped?",
     "; hai cột bị đảo?"},
    {"; sign error?",
     "; sai dấu?"},
    {"; wrong CRS, a neighbouring country, or a point in the sea?",
     "; sai hệ tọa độ, điểm ở nước láng giềng, hay điểm ngoài biển?"},
    {"CRS '%s' is not projected (the grid's cells are metres)",
     "hệ tọa độ '%s' không phải hệ tọa độ phẳng (các ô lưới tính bằng mét)"},
    {"CRS '%s' not recognised%s%s",
     "không nhận ra hệ tọa độ '%s'%s%s"},
    {"EIRP (dBm)",
     "EIRP (dBm)"},
    {"ERROR: ",
     "LỖI: "},
    {"ERROR: %s: '%s' is not a number in [%g, %g]\n",
     "LỖI: %s: '%s' không phải số trong khoảng [%g, %g]\n"},
    {"ERROR: %s: '%s' is not a whole number in [%lld, %lld]\n",
     "LỖI: %s: '%s' không phải số nguyên trong khoảng [%lld, %lld]\n"},
    {"ERROR: %s: cannot write the report\n",
     "LỖI: %s: không ghi được báo cáo\n"},
    {"ERROR: unknown command '%s'\n\n",
     "LỖI: không có lệnh '%s'\n\n"},
    {"GDAL gave no reason",
     "GDAL không cho biết lý do"},
    {"GEOS unavailable or invalid input",
     "không có GEOS hoặc dữ liệu vào không hợp lệ"},
    {"SHA-256 unavailable",
     "không tính được SHA-256"},
    {"SQLite %s cannot turn triggers and views off",
     "SQLite %s không tắt được trigger và view"},
    {"Try 'phusong %s --help'.\n",
     "Xem 'phusong %s --help'.\n"},
    {"W is %.2f dBm, but column '%s' says %g dBm (give one power column, or "
     "make them agree)",
     "W bằng %.2f dBm, nhưng cột '%s' ghi %g dBm (chỉ ghi một cột công suất, "
     "hoặc sửa cho khớp nhau)"},
    {"Warning: ",
     "CẢNH BÁO: "},
    {"Warning: ... and %ld more warnings\n",
     "CẢNH BÁO: ... và %ld cảnh báo khác\n"},
    {"YlGnBu (the default)",
     "YlGnBu (mặc định)"},
    {"a NUL byte in its name",
     "tên có byte NUL"},
    {"a backslash in its name (a Windows path)",
     "tên có dấu gạch chéo ngược (đường dẫn Windows)"},
    {"a bad \\u escape in a string",
     "chuỗi có mã thoát \\u sai"},
    {"a bad escape in a string",
     "chuỗi có mã thoát sai"},
    {"a control character inside a string",
     "có ký tự điều khiển trong chuỗi"},
    {"a coordinate operation",
     "là một phép chuyển tọa độ"},
    {"a drive letter",
     "có ký tự ổ đĩa"},
    {"a number with an empty exponent",
     "số có phần mũ trống"},
    {"a number with no digits after '.'",
     "số không có chữ số sau dấu '.'"},
    {"after feature %ld: ",
     "sau đối tượng %ld: "},
    {"ambiguous (decimal or thousands separator); write %s with a decimal "
     "point, or pass --decimal-comma",
     "không rõ là dấu thập phân hay dấu phân cách hàng nghìn; hãy viết %s với "
     "dấu chấm thập phân, hoặc dùng --decimal-comma"},
    {"an absolute path",
     "đường dẫn tuyệt đối"},
    {"an empty name",
     "tên trống"},
    {"analyze takes one argument: the store path",
     "analyze nhận một tham số: đường dẫn kho dữ liệu"},
    {"antenna azimuth (degrees from north)",
     "phương vị anten (độ, tính từ hướng bắc)"},
    {"antenna gain (dBi)",
     "tăng ích anten (dBi)"},
    {"antenna height above ground (m)",
     "độ cao anten so với mặt đất (m)"},
    {"at most 16 --communes files",
     "tối đa 16 tệp --communes"},
    {"band (MHz)",
     "băng tần (MHz)"},
    {"cannot be transformed from %s to WGS 84",
     "không chuyển được từ %s sang WGS 84"},
    {"cannot build overviews",
     "không tạo được ảnh tổng quan"},
    {"cannot compute the covered areas (out of memory?)",
     "không tính được diện tích có phủ sóng (hết bộ nhớ?)"},
    {"cannot create",
     "không tạo được"},
    {"cannot create a PROJ context",
     "không tạo được ngữ cảnh PROJ"},
    {"cannot create a mutex",
     "không tạo được khóa mutex"},
    {"cannot create an in-memory layer",
     "không tạo được lớp trong bộ nhớ"},
    {"cannot create the folder %s: %s",
     "không tạo được thư mục %s: %s"},
    {"cannot normalise the transform from %s to %s: %s",
     "không chuẩn hóa được phép chuyển từ %s sang %s: %s"},
    {"cannot rename %s to %s: %s",
     "không đổi được tên %s thành %s: %s"},
    {"cannot run %s: %s (this command reads files through GDAL, in"
     " phusong-gdal, which belongs beside phusong)\n",
     "không chạy được %s: %s (lệnh này đọc tệp qua GDAL, trong"
     " phusong-gdal, chương trình phải nằm cạnh phusong)\n"},
    {"cannot set metadata",
     "không đặt được siêu dữ liệu"},
    {"cannot set nodata",
     "không đặt được giá trị nodata"},
    {"cannot set the georeferencing",
     "không đặt được thông tin định vị"},
    {"cannot set the metadata",
     "không đặt được siêu dữ liệu"},
    {"cannot start a thread",
     "không khởi động được luồng xử lý"},
    {"cannot transform from %s to %s: %s",
     "không chuyển được từ %s sang %s: %s"},
    {"cannot write",
     "không ghi được"},
    {"commune %s (%s): %.0f fibre households for %.0f households (%.1f%%): "
     "subscriptions counted as households? Flagged, not printed",
     "xã %s (%s): %.0f hộ cáp quang trên %.0f hộ (%.1f%%): đếm thuê bao thành "
     "hộ? Đã đánh dấu, không in ra"},
    {"commune code",
     "mã xã"},
    {"commune name",
     "tên xã"},
    {"contains a bidirectional override character (U+202A-202E or "
     "U+2066-2069), refused in identifiers",
     "chứa ký tự điều khiển hướng chữ (U+202A-202E hoặc U+2066-2069), không "
     "được phép trong mã định danh"},
    {"coordinates are not finite numbers",
     "tọa độ không phải số hữu hạn"},
    {"coverage grid of %.0f x %.0f cells at %g m: use a coarser --cell",
     "lưới vùng phủ %.0f x %.0f ô với ô %g m: hãy dùng --cell lớn hơn"},
    {"coverage grid of %d x %d cells: out of memory",
     "lưới vùng phủ %d x %d ô: hết bộ nhớ"},
    {"coverage grid: bad size %d x %d",
     "lưới vùng phủ: kích thước không hợp lệ %d x %d"},
    {"coverage map: no raster or no output",
     "bản đồ vùng phủ: không có raster hoặc không có tệp ra"},
    {"coverage output: empty grid",
     "đầu ra vùng phủ: lưới trống"},
    {"coverage output: group %d has no name",
     "đầu ra vùng phủ: nhóm %d không có tên"},
    {"coverage output: no CRS given",
     "đầu ra vùng phủ: chưa chỉ định hệ tọa độ"},
    {"coverage output: no folder given",
     "đầu ra vùng phủ: chưa chỉ định thư mục"},
    {"coverage output: no group names",
     "đầu ra vùng phủ: không có tên nhóm"},
    {"coverage output: no threshold",
     "đầu ra vùng phủ: không có ngưỡng"},
    {"coverage output: operator code '%s' given twice",
     "đầu ra vùng phủ: mã nhà mạng '%s' bị ghi hai lần"},
    {"coverage output: operator code '%s' is reserved for the derived layer "
     "'%s'",
     "đầu ra vùng phủ: mã nhà mạng '%s' đã dành cho lớp dẫn xuất '%s'"},
    {"coverage output: out of memory",
     "đầu ra vùng phủ: hết bộ nhớ"},
    {"coverage output: technology '%s' cannot be part of a file name",
     "đầu ra vùng phủ: công nghệ '%s' không thể nằm trong tên tệp"},
    {"coverage output: tile of %d x %d cells at (%d, %d) does not fit the %d x "
     "%d grid",
     "đầu ra vùng phủ: mảnh %d x %d ô tại (%d, %d) không nằm gọn trong lưới %d "
     "x %d"},
    {"created store %s (schema version %d)\n",
     "đã tạo kho dữ liệu %s (phiên bản lược đồ %d)\n"},
    {"demo data not found in '%s' (run from the source tree or pass --data DIR)",
     "không tìm thấy dữ liệu demo trong '%s' (chạy từ thư mục mã nguồn hoặc "
     "dùng --data DIR)"},
    {"demo takes no arguments",
     "demo không nhận tham số"},
    {"district %s: outline not drawn: %s",
     "huyện %s: không vẽ được đường ranh giới: %s"},
    {"district code",
     "mã huyện"},
    {"district name",
     "tên huyện"},
    {"drop --swap-xy",
     "hãy bỏ --swap-xy"},
    {"electrical downtilt (degrees)",
     "góc nghiêng điện (độ)"},
    {"empty %s",
     "%s trống"},
    {"empty commune code",
     "mã xã trống"},
    {"empty commune code for '%s' (pass --keep-uncoded to keep it under a "
     "provisional code, shown as such in reports)",
     "mã xã trống cho '%s' (dùng --keep-uncoded để giữ với một mã tạm, báo cáo "
     "sẽ ghi rõ là mã tạm)"},
    {"empty commune code%s",
     "mã xã trống%s"},
    {"empty commune name",
     "tên xã trống"},
    {"empty coordinate (pass --allow-missing-geometry to keep rows without a "
     "location)",
     "tọa độ trống (dùng --allow-missing-geometry để giữ các dòng không có vị "
     "trí)"},
    {"empty fibre flag (1/0, yes/no, có/không)",
     "cờ cáp quang trống (1/0, yes/no, có/không)"},
    {"empty technology (allowed: 4G, 5G)",
     "công nghệ trống (cho phép: 4G, 5G)"},
    {"exists; never overwritten",
     "đã có; không bao giờ bị ghi đè"},
    {"expected ',' or ']'",
     "cần dấu ',' hoặc ']'"},
    {"expected ',' or '}'",
     "cần dấu ',' hoặc '}'"},
    {"expected ':' after a member name",
     "cần dấu ':' sau tên thành phần"},
    {"expected a member name in quotes",
     "cần một tên thành phần trong dấu nháy"},
    {"extent is outside Vietnam (%.1f-%.1f E, %.1f-%.1f N); %s",
     "phạm vi nằm ngoài Việt Nam (kinh độ %.1f-%.1f Đ, vĩ độ %.1f-%.1f B); %s"},
    {"fallback code",
     "mã thay thế"},
    {"feature ",
     "đối tượng "},
    {"feature %ld: ",
     "đối tượng %ld: "},
    {"feature %ld: field '%.32s'",
     "đối tượng %ld: trường '%.32s'"},
    {"features",
     "các đối tượng"},
    {"feeder loss (dB)",
     "suy hao feeder (dB)"},
    {"fibre flag",
     "cờ cáp quang"},
    {"fibre households",
     "số hộ cáp quang"},
    {"gave a mechanical but no electrical downtilt: 0 degrees electrical "
     "assumed",
     "có góc nghiêng cơ nhưng không có góc nghiêng điện: giả định nghiêng điện "
     "0 độ"},
    {"gave no EIRP: the per-band default was used",
     "không ghi EIRP: dùng giá trị mặc định theo băng tần"},
    {"gave no antenna height: 30 m assumed",
     "không ghi độ cao anten: giả định 30 m"},
    {"gave no azimuth: modelled as omnidirectional",
     "không ghi phương vị: mô phỏng như anten vô hướng"},
    {"gave no band: 3500 MHz (5G) / 1800 MHz (4G) assumed",
     "không ghi băng tần: giả định 3500 MHz (5G) / 1800 MHz (4G)"},
    {"gave no beamwidth: 65 degrees assumed",
     "không ghi độ rộng búp sóng: giả định 65 độ"},
    {"gave no downtilt: 6 degrees electrical assumed",
     "không ghi góc nghiêng: giả định nghiêng điện 6 độ"},
    {"gave no radius: the per-band default was used",
     "không ghi bán kính: dùng giá trị mặc định theo băng tần"},
    {"gave transmit power but no antenna gain: 17 dBi (4G) / 24 dBi (5G) "
     "assumed for the EIRP",
     "có công suất phát nhưng không có tăng ích anten: giả định 17 dBi (4G) / "
     "24 dBi (5G) để tính EIRP"},
    {"gave transmit power but no feeder loss: 0 dB assumed for the EIRP",
     "có công suất phát nhưng không có suy hao feeder: giả định 0 dB để tính "
     "EIRP"},
    {"has a thousands separator (or decimals); write counts as plain digits",
     "có dấu phân cách hàng nghìn (hoặc phần thập phân); hãy ghi số đếm chỉ "
     "bằng chữ số"},
    {"has thousands separators; a coordinate must be a plain decimal number",
     "có dấu phân cách hàng nghìn; tọa độ phải là một số thập phân thông thường"},
    {"horizontal beamwidth (degrees)",
     "độ rộng búp sóng ngang (độ)"},
    {"household ID",
     "mã hộ"},
    {"household without coordinates",
     "hộ không có tọa độ"},
    {"households",
     "số hộ"},
    {"import coverage needs --operator OP and --tech 4G|5G",
     "import coverage cần --operator OP và --tech 4G|5G"},
    {"init takes one argument: the store path",
     "init nhận một tham số: đường dẫn kho dữ liệu"},
    {"input rejected, nothing imported",
     "dữ liệu bị từ chối, không nhập gì"},
    {"interrupted (store unchanged)",
     "đã dừng giữa chừng (kho dữ liệu không đổi)"},
    {"is %s; %s must be polygons",
     "là %s; lớp %s phải là đa giác"},
    {"is PROJJSON, which can name files",
     "là PROJJSON, có thể trỏ tới tệp"},
    {"is a URL",
     "là một URL"},
    {"is a file name",
     "là tên tệp"},
    {"is empty (no area)",
     "trống (không có diện tích)"},
    {"is not a fibre flag (1/0, yes/no, có/không)",
     "không phải cờ cáp quang (1/0, yes/no, có/không)"},
    {"is not a finite number (a failed formula, or a missing value exported as "
     "NaN?)",
     "không phải số hữu hạn (công thức bị lỗi, hoặc ô trống được xuất thành "
     "NaN?)"},
    {"is not a known technology (allowed: 4G, 5G; synonyms LTE, NR)",
     "không phải công nghệ đã biết (cho phép: 4G, 5G; tên khác LTE, NR)"},
    {"is not a number (nor degrees, minutes, seconds such as 107°04'12\"E)",
     "không phải số (cũng không phải độ, phút, giây dạng 107°04'12\"E)"},
    {"is not a plausible %s (%g to %g)",
     "không phải %s hợp lý (%g đến %g)"},
    {"is not a plausible band in MHz (1 to 100000)",
     "không phải băng tần hợp lý tính bằng MHz (1 đến 100000)"},
    {"is not a plausible transmit power in watts (0 < P <= 10000)",
     "không phải công suất phát hợp lý tính bằng oát (0 < P <= 10000)"},
    {"is not a point; sites and households must be points (or a MultiPoint of "
     "one point)",
     "không phải điểm; trạm và hộ phải là điểm (hoặc MultiPoint gồm một điểm)"},
    {"is not a positive survey weight",
     "không phải trọng số khảo sát dương"},
    {"is not a radius in metres (0 < r <= 50000)",
     "không phải bán kính tính bằng mét (0 < r <= 50000)"},
    {"is not a whole non-negative number",
     "không phải số nguyên không âm"},
    {"is not a yes/no answer (1/0, yes/no, có/không; empty = not answered)",
     "không phải câu trả lời có/không (1/0, yes/no, có/không; để trống = không "
     "trả lời)"},
    {"is outside Vietnam%s (%.1f-%.1f E, %.1f-%.1f N)%s",
     "nằm ngoài Việt Nam%s (kinh độ %.1f-%.1f Đ, vĩ độ %.1f-%.1f B)%s"},
    {"its .cpg file ('%s')",
     "tệp .cpg của lớp ('%s')"},
    {"its DBF language driver byte 0x%02x",
     "byte trình điều khiển ngôn ngữ DBF của lớp là 0x%02x"},
    {"jenks: %d distinct values, at most %d (use quantile or pretty)",
     "jenks: %d giá trị khác nhau, tối đa %d (hãy dùng quantile hoặc pretty)"},
    {"latitude",
     "vĩ độ"},
    {"layer %s",
     "lớp %s"},
    {"longitude",
     "kinh độ"},
    {"manual classes: %d value%s above the last bound %g (highest %g): the "
     "last class is widened to it",
     "phân lớp thủ công: %d giá trị%.0s lớn hơn ngưỡng cuối %g (lớn nhất %g): "
     "lớp cuối được nới rộng tới đó"},
    {"manual classes: %d value%s below the first bound %g (lowest %g): the "
     "first class is widened to it",
     "phân lớp thủ công: %d giá trị%.0s nhỏ hơn ngưỡng đầu %g (nhỏ nhất %g): "
     "lớp đầu được nới rộng tới đó"},
    {"map takes one argument: the store path",
     "map nhận một tham số: đường dẫn kho dữ liệu"},
    {"map: %d classes (at most %d)",
     "bản đồ: %d lớp (tối đa %d)"},
    {"map: %d raster classes (1 to %d)",
     "bản đồ: %d lớp raster (từ 1 đến %d)"},
    {"map: a %dx%d page at %g dpi leaves no room for the map beside its title, "
     "legend and notes (hint: a larger size or a lower dpi)",
     "bản đồ: trang %dx%d với %g dpi không còn chỗ cho bản đồ bên cạnh tiêu "
     "đề, chú giải và ghi chú (gợi ý: dùng kích thước lớn hơn hoặc dpi thấp "
     "hơn)"},
    {"map: a title is required",
     "bản đồ: cần có tiêu đề"},
    {"map: bad feature or outline list",
     "bản đồ: danh sách đối tượng hoặc đường ranh giới không hợp lệ"},
    {"map: bad inset distance %g",
     "bản đồ: khoảng cách khung phụ %g không hợp lệ"},
    {"map: bad point layer list",
     "bản đồ: danh sách lớp điểm không hợp lệ"},
    {"map: bad raster grid (%d x %d cells of %g m)",
     "bản đồ: lưới raster không hợp lệ (%d x %d ô cỡ %g m)"},
    {"map: cairo wrote no <svg> element",
     "bản đồ: cairo không ghi phần tử <svg> nào"},
    {"map: cairo: %s",
     "bản đồ: cairo: %s"},
    {"map: cannot create a %dx%d image",
     "bản đồ: không tạo được ảnh %dx%d"},
    {"map: cannot draw",
     "bản đồ: không vẽ được"},
    {"map: cannot draw a %dx%d map",
     "bản đồ: không vẽ được bản đồ %dx%d"},
    {"map: dpi %g out of range (1..2400)",
     "bản đồ: dpi %g nằm ngoài khoảng cho phép (1..2400)"},
    {"map: drawing failed: %s",
     "bản đồ: vẽ không thành công: %s"},
    {"map: feature %d has no geometry",
     "bản đồ: đối tượng %d không có hình học"},
    {"map: no spec",
     "bản đồ: không có đặc tả"},
    {"map: no spec or no buffer",
     "bản đồ: không có đặc tả hoặc không có bộ đệm"},
    {"map: no spec or no image",
     "bản đồ: không có đặc tả hoặc không có ảnh"},
    {"map: no spec or no label list",
     "bản đồ: không có đặc tả hoặc danh sách nhãn"},
    {"map: out of memory",
     "bản đồ: hết bộ nhớ"},
    {"map: out of memory for a %d x %d raster",
     "bản đồ: không đủ bộ nhớ cho raster %d x %d"},
    {"map: outline %d has no geometry",
     "bản đồ: đường ranh giới %d không có hình học"},
    {"map: point layer %d: bad points or shape",
     "bản đồ: lớp điểm %d: điểm hoặc ký hiệu không hợp lệ"},
    {"map: raster opacity %g (0 to 1)",
     "bản đồ: độ mờ đục raster %g (từ 0 đến 1)"},
    {"map: size %dx%d out of range",
     "bản đồ: kích thước %dx%d nằm ngoài khoảng cho phép"},
    {"map: the %s holds U+%04X at byte %ld, which a PNG, SVG or PDF cannot "
     "carry (only tab and line breaks of the control characters)",
     "bản đồ: %s chứa U+%04X ở vị trí byte %ld, ký tự mà PNG, SVG hay PDF "
     "không chứa được (trong các ký tự điều khiển chỉ cho phép tab và xuống "
     "dòng)"},
    {"map: the %s is not UTF-8 (byte 0x%02X at byte %ld; hint: save the text "
     "as UTF-8)",
     "bản đồ: %s không phải UTF-8 (byte 0x%02X ở vị trí byte %ld; gợi ý: lưu "
     "văn bản dạng UTF-8)"},
    {"mechanical downtilt (degrees)",
     "góc nghiêng cơ (độ)"},
    {"missing: no geometry and no coordinate columns (pass "
     "--allow-missing-geometry to keep rows without a location)",
     "thiếu: không có hình học và không có cột tọa độ (dùng "
     "--allow-missing-geometry để giữ các dòng không có vị trí)"},
    {"missing; %s need polygons",
     "thiếu; lớp %s cần đa giác"},
    {"names a file for PROJ to read",
     "trỏ tới một tệp để PROJ đọc"},
    {"nested deeper than 512 levels",
     "lồng sâu quá 512 cấp"},
    {"no commune polygons in the store: import them first ('phusong import "
     "communes STORE FILE')",
     "kho dữ liệu chưa có đa giác xã: hãy nhập trước ('phusong import communes "
     "STORE FILE')"},
    {"no communes in the store: import them first ('phusong import communes "
     "STORE FILE')",
     "kho dữ liệu chưa có xã nào: hãy nhập trước ('phusong import communes "
     "STORE FILE')"},
    {"no operator has a current %s coverage filing in the store; import one "
     "with phusong import coverage --operator OP --tech %s",
     "chưa nhà mạng nào có hồ sơ vùng phủ %s hiện hành trong kho dữ liệu; hãy "
     "nhập bằng phusong import coverage --operator OP --tech %s"},
    {"none declared",
     "không khai báo"},
    {"not a JSON value (NaN, a bare word?)",
     "không phải giá trị JSON (NaN, hay một từ không có dấu nháy?)"},
    {"not a JSON value (a bare word?)",
     "không phải giá trị JSON (một từ không có dấu nháy?)"},
    {"not a coordinate reference system: %s: %s",
     "không phải hệ tọa độ: %s: %s"},
    {"not a valid polygon: %s (hint: pass --make-valid to repair it: rings "
     "closed, then GEOS MakeValid; or repair it in a GIS, e.g. QGIS 'Fix "
     "geometries')",
     "đa giác không hợp lệ: %s (gợi ý: dùng --make-valid để sửa: khép kín các "
     "vòng, rồi GEOS MakeValid; hoặc sửa trong phần mềm GIS, ví dụ QGIS 'Fix "
     "geometries')"},
    {"not a valid polygon: %s; --make-valid leaves no area of it (hint: draw "
     "the polygon again)",
     "đa giác không hợp lệ: %s; sau --make-valid không còn diện tích nào (gợi "
     "ý: vẽ lại đa giác)"},
    {"nothing (no .cpg, no DBF header)",
     "không có khai báo nào (không có .cpg, không có phần đầu DBF)"},
    {"number of classes must be 1 to %d, got %d",
     "số lớp phải từ 1 đến %d, không phải %d"},
    {"out of memory",
     "hết bộ nhớ"},
    {"out of memory classifying %d values",
     "hết bộ nhớ khi phân lớp %d giá trị"},
    {"out of memory for natural breaks of %d values",
     "không đủ bộ nhớ để chia ngắt tự nhiên %d giá trị"},
    {"out of range [%s]%s%s",
     "nằm ngoài khoảng [%s]%s%s"},
    {"out of range for a projected CRS (|x|, |y| <= 10000 km); a broken value, "
     "or the wrong --src-crs?",
     "nằm ngoài khoảng của hệ tọa độ phẳng (|x|, |y| <= 10000 km); giá trị bị "
     "hỏng, hay --src-crs sai?"},
    {"palette %s has at most %d colours, not %d",
     "bảng màu %s có tối đa %d màu, không phải %d"},
    {"palette %s is sequential: a midpoint needs a diverging palette (RdYlBu, "
     "RdBu, BrBG, PuOr, PiYG, RdYlGn)",
     "bảng màu %s là bảng màu tuần tự: điểm giữa cần bảng màu phân kỳ (RdYlBu, "
     "RdBu, BrBG, PuOr, PiYG, RdYlGn)"},
    {"palette %s: %d classes on one side of the midpoint, a diverging palette "
     "has at most %d (use fewer classes, or breaks nearer the midpoint)",
     "bảng màu %s: %d lớp ở một phía của điểm giữa, bảng màu phân kỳ có tối đa "
     "%d (hãy dùng ít lớp hơn, hoặc ngưỡng gần điểm giữa hơn)"},
    {"palette: bad classes",
     "bảng màu: các lớp không hợp lệ"},
    {"palette: the midpoint must be a finite number",
     "bảng màu: điểm giữa phải là số hữu hạn"},
    {"pass --swap-xy",
     "hãy dùng --swap-xy"},
    {"phs_classify: bad arguments",
     "phs_classify: tham số không hợp lệ"},
    {"phs_png_read: no image or no path",
     "phs_png_read: không có ảnh hoặc đường dẫn"},
    {"phs_png_write: no image or no path",
     "phs_png_write: không có ảnh hoặc đường dẫn"},
    {"phusong: input rejected (%ld problem%s), nothing imported\n",
     "phusong: dữ liệu bị từ chối (%ld lỗi%.0s), không nhập gì\n"},
    {"point",
     "điểm"},
    {"point ID",
     "mã điểm"},
    {"point without coordinates",
     "điểm không có tọa độ"},
    {"points are counted (phs_count_points), not imported",
     "các điểm chỉ được đếm (phs_count_points), không được nhập"},
    {"points are never stored",
     "các điểm không bao giờ được lưu"},
    {"population",
     "dân số"},
    {"province code",
     "mã tỉnh"},
    {"province name",
     "tên tỉnh"},
    {"radius (m)",
     "bán kính (m)"},
    {"raster: no file",
     "raster: không có tệp"},
    {"report takes one argument: the store path",
     "report nhận một tham số: đường dẫn kho dữ liệu"},
    {"respondent ID",
     "mã người trả lời"},
    {"rows",
     "các dòng"},
    {"run %lld has no metric '%s' (see 'phusong report' for the metric keys)",
     "lần phân tích %lld không có chỉ tiêu '%s' (xem 'phusong report' để biết "
     "mã các chỉ tiêu)"},
    {"runtime failure",
     "lỗi khi chạy"},
    {"site %s of %s (%.6f, %.6f) lies outside every commune; counted in no "
     "commune",
     "trạm %s của %s (%.6f, %.6f) nằm ngoài mọi xã; không được tính cho xã nào"},
    {"site %s: group %d out of range",
     "trạm %s: nhóm %d nằm ngoài khoảng"},
    {"site %s: out of memory",
     "trạm %s: hết bộ nhớ"},
    {"site %s: terrain: %g m radius at %g m is too many samples; use a coarser "
     "grid",
     "trạm %s: địa hình: bán kính %g m với ô %g m cần quá nhiều mẫu; hãy dùng "
     "lưới thô hơn"},
    {"site %s: terrain: empty or invalid output grid (%d x %d cells of %g m)",
     "trạm %s: địa hình: lưới đầu ra trống hoặc không hợp lệ (%d x %d ô cỡ %g "
     "m)"},
    {"site %s: terrain: frequency %g MHz, heights %g m and %g m: the frequency "
     "must be positive, the heights zero or more",
     "trạm %s: địa hình: tần số %g MHz, độ cao %g m và %g m: tần số phải "
     "dương, độ cao phải từ 0 trở lên"},
    {"site %s: terrain: k factor %g must be positive (0 = 4/3)",
     "trạm %s: địa hình: hệ số k %g phải dương (0 = 4/3)"},
    {"site %s: terrain: maximum distance %g m must be positive",
     "trạm %s: địa hình: khoảng cách tối đa %g m phải dương"},
    {"site %s: terrain: no DEM or no output grid",
     "trạm %s: địa hình: không có DEM hoặc không có lưới đầu ra"},
    {"site %s: terrain: no position",
     "trạm %s: địa hình: không có vị trí"},
    {"site %s: terrain: out of memory",
     "trạm %s: địa hình: hết bộ nhớ"},
    {"site %s: terrain: reach %g m must be zero (the maximum distance) or "
     "positive",
     "trạm %s: địa hình: tầm phủ %g m phải bằng 0 (khoảng cách tối đa) hoặc "
     "dương"},
    {"site %s: the DEM does not cover the site at (%.1f, %.1f)",
     "trạm %s: DEM không phủ tới vị trí trạm tại (%.1f, %.1f)"},
    {"site ID",
     "mã trạm"},
    {"site name",
     "tên trạm"},
    {"store busy",
     "kho dữ liệu đang bận"},
    {"submission #%lld holds no %s sites",
     "lần nộp #%lld không có trạm %s nào"},
    {"submission #%lld is a %s filing of '%s', not a site filing of %s",
     "lần nộp #%lld là hồ sơ %s của '%s', không phải hồ sơ trạm của %s"},
    {"submission #%lld: bad file name",
     "lần nộp #%lld: tên tệp không hợp lệ"},
    {"submission #%lld: the bytes of '%s' were not kept (over the size limit "
     "when it was filed); only its SHA-256 %s is recorded",
     "lần nộp #%lld: nội dung của '%s' không được giữ (vượt giới hạn dung "
     "lượng khi nộp); chỉ ghi lại SHA-256 %s"},
    {"success",
     "thành công"},
    {"survey weight",
     "trọng số khảo sát"},
    {"survey: %ld respondents are fewer than %d per commune (%ld communes): "
     "the minimum is not applied",
     "khảo sát: %ld người trả lời là ít hơn %d người mỗi xã (%ld xã): không áp "
     "dụng mức tối thiểu"},
    {"survey: %s share could not be calibrated to %.4f (too few respondents?)",
     "khảo sát: không hiệu chỉnh được tỷ lệ %s về %.4f (quá ít người trả lời?)"},
    {"synth: bad commune path list",
     "synth: danh sách đường dẫn tệp xã không hợp lệ"},
    {"synth: calibration targets must be in 0..1",
     "synth: mục tiêu hiệu chỉnh phải nằm trong 0..1"},
    {"synth: household scale must be in (0, 1]",
     "synth: tỷ lệ hộ phải nằm trong (0, 1]"},
    {"synth: negative count",
     "synth: số đếm âm"},
    {"synth: no census file given",
     "synth: chưa chỉ định tệp điều tra dân số"},
    {"synth: no output folder given",
     "synth: chưa chỉ định thư mục đầu ra"},
    {"technology",
     "công nghệ"},
    {"text after the end of the JSON (trailing garbage, or two files joined?)",
     "có văn bản sau khi JSON đã kết thúc (dữ liệu thừa ở cuối, hay hai tệp bị "
     "ghép làm một?)"},
    {"the coverage mask of a %d x %d grid at %g m would take up to %.1f GiB "
     "(limit %.0f GiB); use a coarser --cell",
     "mặt nạ vùng phủ của lưới %d x %d với ô %g m sẽ chiếm tới %.1f GiB (giới "
     "hạn %.0f GiB); hãy dùng --cell lớn hơn"},
    {"the file ends in the middle of the JSON (cut short?)",
     "tệp kết thúc giữa chừng JSON (bị cắt cụt?)"},
    {"the file's CRS",
     "hệ tọa độ của tệp"},
    {"the polygon crosses the antimeridian (180 degrees): not a polygon of "
     "Vietnam",
     "đa giác cắt qua kinh tuyến 180 độ: không phải đa giác của Việt Nam"},
    {"the shapes cannot be found in the .shp",
     "không tìm được các hình trong tệp .shp"},
    {"the shapes have no attributes",
     "các hình không có thuộc tính"},
    {"the store has no commune polygons to map",
     "kho dữ liệu không có đa giác xã để vẽ bản đồ"},
    {"transmit power (W)",
     "công suất phát (W)"},
    {"transmit power (dBm)",
     "công suất phát (dBm)"},
    {"union of %d polygons failed: %s",
     "hợp %d đa giác không thành công: %s"},
    {"union: cannot build part %d: %s",
     "hợp đa giác: không dựng được phần %d: %s"},
    {"union: closing failed: %s",
     "hợp đa giác: khép vòng không thành công: %s"},
    {"union: out of memory",
     "hợp đa giác: hết bộ nhớ"},
    {"unit %s: no point found inside its polygon (degenerate?)",
     "đơn vị %s: không tìm được điểm nào trong đa giác (đa giác suy biến?)"},
    {"unknown",
     "không rõ"},
    {"unknown LOS mode '%s' (terrain, los, nlos, expected)",
     "không có chế độ LOS '%s' (terrain, los, nlos, expected)"},
    {"unknown classification method %d",
     "không có phương pháp phân lớp %d"},
    {"unknown environment '%s' (urban, suburban, rural, auto)",
     "không có môi trường '%s' (urban, suburban, rural, auto)"},
    {"unknown footprint model '%s' (circle, fspl, hata, uma, umi, rma, auto)",
     "không có mô hình vùng phủ '%s' (circle, fspl, hata, uma, umi, rma, auto)"},
    {"unknown or incomplete option '%s'",
     "tùy chọn '%s' không có hoặc thiếu giá trị"},
    {"unknown palette '%s' (known: YlGnBu, Blues, Greens, OrRd, Purples, "
     "RdYlBu, RdBu, BrBG, PuOr, PiYG, RdYlGn)",
     "không có bảng màu '%s' (có: YlGnBu, Blues, Greens, OrRd, Purples, "
     "RdYlBu, RdBu, BrBG, PuOr, PiYG, RdYlGn)"},
    {"unknown report format",
     "không có định dạng báo cáo này"},
    {"unknown report format '%s' (csv, json, md)",
     "định dạng báo cáo '%s' không có (csv, json, md)"},
    {"usage error",
     "lỗi cách dùng"},
    {"usage: phusong count [OPTIONS] STORE POINTS",
     "cách dùng: phusong count [OPTIONS] STORE POINTS"},
    {"usage: phusong diff STORE --operator OP [--tech T] [FROM_ID TO_ID]",
     "cách dùng: phusong diff STORE --operator OP [--tech T] [FROM_ID TO_ID]"},
    {"usage: phusong import communes|households|survey|coverage STORE FILE "
     "(sites: use 'phusong submit')",
     "cách dùng: phusong import communes|households|survey|coverage STORE FILE "
     "(lớp trạm: dùng 'phusong submit')"},
    {"usage: phusong submissions STORE [--operator OP] [--kind K] [-f "
     "text|csv|json] | STORE --extract ID -o DIR",
     "cách dùng: phusong submissions STORE [--operator OP] [--kind K] [-f "
     "text|csv|json] | STORE --extract ID -o DIR"},
    {"usage: phusong submit --operator OP STORE FILE",
     "cách dùng: phusong submit --operator OP STORE FILE"},
    {"usage: phusong synth -o DIR --communes FILE --census FILE",
     "cách dùng: phusong synth -o DIR --communes FILE --census FILE"},
    {"usage: phusong validate communes|households|survey|sites FILE",
     "cách dùng: phusong validate communes|households|survey|sites FILE"},
    {"values look projected (|x| > 180) but the CRS is geographic; pass "
     "--src-crs (e.g. EPSG:32648 for UTM 48N, EPSG:9210 for VN-2000)",
     "giá trị có vẻ là tọa độ phẳng (|x| > 180) nhưng hệ tọa độ là địa lý; hãy "
     "dùng --src-crs (ví dụ EPSG:32648 cho UTM 48N, EPSG:9210 cho VN-2000)"},
    {"world file: no georeferenced map frame",
     "world file: không có khung bản đồ được định vị"},
    {"wrong CRS (pass --src-crs) or a broken polygon?",
     "sai hệ tọa độ (dùng --src-crs), hay đa giác bị hỏng?"},
};

const phs_msg_pair *phs_messages_vi(size_t *n) {
  *n = sizeof(vi) / sizeof(vi[0]);
  return vi;
}
