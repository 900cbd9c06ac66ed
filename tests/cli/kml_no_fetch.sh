# kml_no_fetch.sh: a submitted KML never makes phusong open a connection
# (bad-inputs.md E7; data/markup_check.c, data/reader.c). The catalogue's
# E07 fixture points at the discard port, which proves only the warning;
# here a listener on a loopback port records every connection while a KML
# whose NetworkLink and external styleUrl both point at it is
# submitted and validated, with the environment asking GDAL's LIBKML
# driver to read external styles (reader.c turns that off).
. "$PHS_SOURCE_DIR/tests/harness/phs_cli.sh"

S="$T/s.sqlite"
expect_rc 0 "init" "$PHUSONG" init -q "$S"

# The listener: writes its port, then one line per connection for 30 s
# (the test stops it before that).
cat >"$T/listen.py" <<'EOF'
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
s.settimeout(0.2)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
import os
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
end = time.time() + 30
with open(sys.argv[2], "a") as log:
    while time.time() < end:
        try:
            c, _ = s.accept()
        except socket.timeout:
            continue
        log.write("connection\n")
        log.flush()
        c.close()
EOF
: >"$T/connections"
"$PHS_PY" "$T/listen.py" "$T/port" "$T/connections" &
listener=$!
for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
port=$(cat "$T/port" 2>/dev/null)
check "the listener is up" [ -n "$port" ]
url="http://127.0.0.1:${port:-9}"

cat >"$T/linked.kml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2">
<Document>
<Placemark><name>S1</name><styleUrl>$url/style.kml#s</styleUrl>
<ExtendedData><Data name="site_id"><value>S1</value></Data>
<Data name="tech"><value>4G</value></Data></ExtendedData>
<Point><coordinates>107.070057,10.355719</coordinates></Point></Placemark>
<NetworkLink><name>more sites</name><Link><href>$url/more.kml</href></Link></NetworkLink>
</Document>
</kml>
EOF

export LIBKML_EXTERNAL_STYLE=YES LIBKML_RESOLVE_STYLE=YES
expect_rc 0 "submit the KML" "$PHUSONG" submit --operator VIETTEL "$S" "$T/linked.kml"
check "the warning names the line and the link" \
  grep -q "linked.kml:line 8: field 'NetworkLink': '$url/more.kml' 1 network link not followed: the linked content was not fetched" "$T/err"
check "the one placemark is imported" grep -q "imported as submission #1: 1 of 1 rows, 1 warnings" "$T/out"
expect_rc 0 "validate the KML" "$PHUSONG" validate --operator VIETTEL sites "$T/linked.kml"
sleep 0.5 # a connection made at the last moment is logged
kill "$listener" 2>/dev/null
wait "$listener" 2>/dev/null
check "no connection was made to the linked server" [ ! -s "$T/connections" ]

phs_finish
