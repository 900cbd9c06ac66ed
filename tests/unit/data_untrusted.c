/*
** data_untrusted.c: untrusted_zip_check (data/untrusted.c) on zips built
** byte by byte here, for the structures python's zipfile will not write
** and the catalogue (tests/bad-inputs) therefore lacks: files too short or
** without a central directory, a directory pointing outside the file,
** split archives, ZIP64 records (read, not refused), encrypted members,
** methods other than stored/Deflate, NUL bytes and '..' inside names
** (and "v1..2.csv", which is a name, not a path out), a name used twice,
** and a member holding fewer bytes than declared.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../data/data_int.h"
#include "phs_test.h"

typedef struct zent {
  const char *name;
  size_t name_len;     /* 0: strlen(name) */
  const char *data;
  size_t stored;       /* bytes of data actually written */
  uint32_t declared;   /* uncompressed size in the headers */
  int method, flags, host;
  uint32_t ext_attr;
} zent;

static uint32_t crc32_of(const char *p, size_t n) {
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; i++) {
    c ^= (unsigned char)p[i];
    for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
  }
  return ~c;
}

static unsigned char *put16(unsigned char *o, unsigned v) {
  o[0] = (unsigned char)v;
  o[1] = (unsigned char)(v >> 8);
  return o + 2;
}
static unsigned char *put32(unsigned char *o, uint32_t v) {
  for (int i = 0; i < 4; i++) o[i] = (unsigned char)(v >> (8 * i));
  return o + 4;
}
static unsigned char *put64(unsigned char *o, uint64_t v) {
  for (int i = 0; i < 8; i++) o[i] = (unsigned char)(v >> (8 * i));
  return o + 8;
}

/*
** A stored zip of n entries into out (big enough); returns its size. With
** zip64, sizes and offsets in the central directory and the entry count
** in the end record are 0xffff... and the real values sit in ZIP64
** extra fields and records, as zip tools write them for big archives.
** disk: the end record's disk number (a split archive when not 0).
*/
static size_t zip_build(unsigned char *out, const zent *e, int n, int zip64,
                        int disk) {
  unsigned char *o = out;
  uint32_t offs[16];
  for (int i = 0; i < n; i++) {
    size_t nl = e[i].name_len ? e[i].name_len : strlen(e[i].name);
    offs[i] = (uint32_t)(o - out);
    o = put32(o, 0x04034b50);
    o = put16(o, 20);
    o = put16(o, (unsigned)e[i].flags);
    o = put16(o, (unsigned)e[i].method);
    o = put32(o, 0);
    o = put32(o, crc32_of(e[i].data, e[i].stored));
    o = put32(o, (uint32_t)e[i].stored);
    o = put32(o, e[i].declared);
    o = put16(o, (unsigned)nl);
    o = put16(o, 0);
    memcpy(o, e[i].name, nl);
    o += nl;
    memcpy(o, e[i].data, e[i].stored);
    o += e[i].stored;
  }
  uint32_t cd_off = (uint32_t)(o - out);
  for (int i = 0; i < n; i++) {
    size_t nl = e[i].name_len ? e[i].name_len : strlen(e[i].name);
    o = put32(o, 0x02014b50);
    o = put16(o, (unsigned)(e[i].host << 8 | 20));
    o = put16(o, 20);
    o = put16(o, (unsigned)e[i].flags);
    o = put16(o, (unsigned)e[i].method);
    o = put32(o, 0);
    o = put32(o, crc32_of(e[i].data, e[i].stored));
    o = put32(o, zip64 ? 0xffffffffu : (uint32_t)e[i].stored);
    o = put32(o, zip64 ? 0xffffffffu : e[i].declared);
    o = put16(o, (unsigned)nl);
    o = put16(o, zip64 ? 28 : 0);
    o = put16(o, 0);
    o = put16(o, 0);
    o = put16(o, 0);
    o = put32(o, e[i].ext_attr);
    o = put32(o, zip64 ? 0xffffffffu : offs[i]);
    memcpy(o, e[i].name, nl);
    o += nl;
    if (zip64) {
      o = put16(o, 0x0001);
      o = put16(o, 24);
      o = put64(o, e[i].declared);
      o = put64(o, e[i].stored);
      o = put64(o, offs[i]);
    }
  }
  uint32_t cd_size = (uint32_t)(o - out) - cd_off;
  if (zip64) {
    uint32_t z64_at = (uint32_t)(o - out);
    o = put32(o, 0x06064b50);
    o = put64(o, 44);
    o = put16(o, 45);
    o = put16(o, 45);
    o = put32(o, (uint32_t)disk);
    o = put32(o, (uint32_t)disk);
    o = put64(o, (uint64_t)n);
    o = put64(o, (uint64_t)n);
    o = put64(o, cd_size);
    o = put64(o, cd_off);
    o = put32(o, 0x07064b50);
    o = put32(o, 0);
    o = put64(o, z64_at);
    o = put32(o, 1);
  }
  o = put32(o, 0x06054b50);
  o = put16(o, zip64 ? 0xffff : (unsigned)disk);
  o = put16(o, zip64 ? 0xffff : (unsigned)disk);
  o = put16(o, zip64 ? 0xffff : (unsigned)n);
  o = put16(o, zip64 ? 0xffff : (unsigned)n);
  o = put32(o, zip64 ? 0xffffffffu : cd_size);
  o = put32(o, zip64 ? 0xffffffffu : cd_off);
  o = put16(o, 0);
  return (size_t)(o - out);
}

static char dir[256];

/* Write bytes to DIR/name.zip and run untrusted_zip_check on it. */
static int check_bytes(const char *name, const unsigned char *b, size_t n,
                       char **member, int *csv, phs_diag *d) {
  char path[512];
  snprintf(path, sizeof(path), "%s/%s.zip", dir, name);
  FILE *f = fopen(path, "wb");
  if (f == NULL || fwrite(b, 1, n, f) != n) {
    if (f) fclose(f);
    return -1;
  }
  fclose(f);
  struct stat sb;
  int fd = -1;
  phs_import_opts o;
  memset(&o, 0, sizeof(o));
  phs_diag_clear(d);
  *member = NULL;
  int st = untrusted_open(path, &sb, &fd, d);
  if (st) return st;
  char *vsi = phs_strdup_printf("/vsizip/%s", path);
  st = untrusted_zip_check(path, fd, vsi, &o, member, csv, d);
  free(vsi);
  close(fd);
  return st;
}

static const char CSV[] = "site_id,lon,lat,tech\nS1,107.07,10.35,4G\n";

/* One entry, stored, declared = stored, Unix host, a plain file. */
static zent entry(const char *name) {
  zent e = {name, 0, CSV, sizeof(CSV) - 1, sizeof(CSV) - 1, 0, 0, 3,
            0100644u << 16};
  return e;
}

int main(void) {
  const char *tmp = getenv("PHS_TMP");
  snprintf(dir, sizeof(dir), "%s/data_untrusted", tmp ? tmp : "/tmp");
  mkdir(dir, 0755);
  static unsigned char b[1 << 16];
  phs_diag d;
  phs_diag_init(&d);
  char *member = NULL;
  int csv = 0, st;
  store_gdal_register();

  /* a well-formed zip: its one CSV is the member to read */
  zent ok = entry("sites.csv");
  size_t n = zip_build(b, &ok, 1, 0, 0);
  st = check_bytes("plain", b, n, &member, &csv, &d);
  ASSERT_EQ(st, PHS_OK);
  ASSERT_STREQ(member, "sites.csv");
  ASSERT_EQ(csv, 1);
  free(member);

  /* the same as ZIP64: read through the ZIP64 records, not refused */
  n = zip_build(b, &ok, 1, 1, 0);
  st = check_bytes("zip64", b, n, &member, &csv, &d);
  ASSERT_EQ(st, PHS_OK);
  ASSERT_STREQ(member, "sites.csv");
  free(member);

  /* too short, no central directory, a directory out of bounds */
  st = check_bytes("short", (const unsigned char *)"PK\x03\x04" "abcdef", 10,
                   &member, &csv, &d);
  ASSERT_EQ(st, PHS_EINPUT);
  ASSERT_CONTAINS(d.msg, "short.zip: not a zip archive (10 bytes, too short)");
  memset(b, 'x', 100);
  st = check_bytes("nodir", b, 100, &member, &csv, &d);
  ASSERT_EQ(st, PHS_EINPUT);
  ASSERT_CONTAINS(d.msg, "nodir.zip: not a zip archive (no central directory;");
  n = zip_build(b, &ok, 1, 0, 0);
  b[n - 6] = 0xf0; /* the end record's directory offset, past the end */
  st = check_bytes("outside", b, n, &member, &csv, &d);
  ASSERT_EQ(st, PHS_EINPUT);
  ASSERT_CONTAINS(d.msg, "outside.zip: damaged zip archive (central directory"
                         " out of bounds)");

  /* a split archive */
  n = zip_build(b, &ok, 1, 0, 1);
  st = check_bytes("split", b, n, &member, &csv, &d);
  ASSERT_EQ(st, PHS_EINPUT);
  ASSERT_CONTAINS(d.msg, "split.zip: a split (multi-volume) zip archive");

  /* encrypted; bzip2 (method 12) */
  zent enc = entry("sites.csv");
  enc.flags = 1;
  n = zip_build(b, &enc, 1, 0, 0);
  st = check_bytes("encrypted", b, n, &member, &csv, &d);
  ASSERT_EQ(st, PHS_EINPUT);
  ASSERT_CONTAINS(d.msg, "encrypted.zip: member 'sites.csv': encrypted;");
  zent bz = entry("sites.csv");
  bz.method = 12;
  n = zip_build(b, &bz, 1, 0, 0);
  st = check_bytes("bzip2", b, n, &member, &csv, &d);
  ASSERT_EQ(st, PHS_EINPUT);
  ASSERT_CONTAINS(d.msg, "bzip2.zip: member 'sites.csv': compression method 12"
                         " is not supported; re-zip with standard Deflate");

  /* names: a NUL byte, '..' in the middle, and ".." that is no path */
  zent nul = entry("a.csv\0.txt");
  nul.name_len = 10;
  n = zip_build(b, &nul, 1, 0, 0);
  st = check_bytes("nul", b, n, &member, &csv, &d);
  ASSERT_EQ(st, PHS_EINPUT);
  ASSERT_CONTAINS(d.msg, "a NUL byte in its name");
  zent mid = entry("data/../../sites.csv");
  n = zip_build(b, &mid, 1, 0, 0);
  st = check_bytes("middle", b, n, &member, &csv, &d);
  ASSERT_EQ(st, PHS_EINPUT);
  ASSERT_CONTAINS(d.msg, "member 'data/../../sites.csv': '..' in its path");
  zent dots = entry("v1..2.csv");
  n = zip_build(b, &dots, 1, 0, 0);
  st = check_bytes("dots", b, n, &member, &csv, &d);
  ASSERT_EQ(st, PHS_OK);
  ASSERT_STREQ(member, "v1..2.csv");
  free(member);

  /* the same name twice: which one GDAL reads is not ours to guess */
  zent twice[2] = {entry("sites.csv"), entry("sites.csv")};
  n = zip_build(b, twice, 2, 0, 0);
  st = check_bytes("twice", b, n, &member, &csv, &d);
  ASSERT_EQ(st, PHS_EINPUT);
  ASSERT_CONTAINS(d.msg, "twice.zip: member 'sites.csv': appears twice");

  /* a member that holds fewer bytes than declared: damaged */
  zent lie = entry("sites.csv");
  lie.declared = 1000;
  n = zip_build(b, &lie, 1, 0, 0);
  st = check_bytes("fewer", b, n, &member, &csv, &d);
  ASSERT_EQ(st, PHS_EINPUT);
  ASSERT_CONTAINS(d.msg, "fewer.zip: member 'sites.csv': only ");

  phs_diag_clear(&d);
  return phs_test_report("data_untrusted");
}
