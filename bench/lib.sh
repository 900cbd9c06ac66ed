# lib.sh: helpers shared by the benchmark scripts (coverage.sh, pip.sh,
# maps.sh), sourced, not run: the log line, the options they all have,
# installing missing Debian packages, building this tree's phusong in
# Release, the private PostgreSQL cluster and the timing of a step with
# the server's CPU beside the command's. Each script keeps its own data,
# steps and report.

# bench_log TEXT...: a progress line on stderr.
bench_log() { printf '== %s\n' "$*" >&2; }

# bench_option SCRIPT OPTION [VALUE...]: the options every script has,
# for the last branch of its own `case`: --work DIR, --phusong PATH,
# --build DIR and --runs N set WORK, PHUSONG, BUILD and RUNS; -h/--help
# calls the script's usage(). Sets BENCH_SHIFT to the arguments used;
# anything else is a usage error (exit 2), as is an option without its
# value (rather than set -u's "unbound variable").
# bench_household_scale CENSUS N: synth's --household-scale for about N
# household points: N over the census households of the rows synth keeps
# (those with a commune or district code). Uses $PY.
bench_household_scale() {
  "$PY" - "$1" "$2" <<'PY'
import csv, sys
total = sum(int(r["hh_total"]) for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))
            if r["commune_code"] or r["district_code"])
print("%.9f" % (int(sys.argv[2]) / total))
PY
}

bench_option() {
  local script="$1" opt="$2"
  BENCH_SHIFT=2
  case "$opt" in
    --work|--phusong|--build|--runs)
      [ $# -ge 3 ] || { echo "$script: $opt needs a value (--help)" >&2; exit 2; } ;;
  esac
  case "$opt" in
    --work) WORK="$3" ;;
    --phusong) PHUSONG="$3" ;;
    --build) BUILD="$3" ;;
    --runs) RUNS="$3" ;;
    -h|--help) usage; exit 0 ;;
    *) echo "$script: unknown option '$opt' (--help)" >&2; exit 2 ;;
  esac
}

# bench_apt_install SCRIPT PKG...: install the Debian packages named (the
# caller lists only the missing ones); nothing to do without any. Needs
# root: otherwise says what is missing and exits.
bench_apt_install() {
  local script="$1"
  shift
  [ $# -gt 0 ] || return 0
  if [ "$(id -u)" != 0 ]; then
    echo "$script: missing $*: install them (apt-get) or run as root" >&2
    exit 1
  fi
  bench_log "apt-get install $*"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

# bench_phusong REPO BUILD [PHUSONG]: print the absolute path of the
# phusong binary to use: PHUSONG when given, else REPO built in BUILD
# (Release, the phusong target: it builds phusong-gdal too, which phusong
# runs for the commands reading files through GDAL).
bench_phusong() {
  local repo="$1" build="$2" bin="${3:-}"
  if [ -z "$bin" ]; then
    bench_log "building $repo in $build (Release)"
    cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" -j2 --target phusong >/dev/null
    bin="$build/phusong"
  fi
  echo "$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
}

# ------------------------------------------------- the PostgreSQL cluster

# bench_pg_start SCRIPT PORT [CONF...]: a private PostgreSQL 15 cluster in
# a new temporary folder, listening on 127.0.0.1:PORT only (and a socket in
# that folder), with a database "bench" holding PostGIS; stopped and
# removed by bench_pg_stop (also the EXIT trap). CONF lines are added to
# postgresql.conf after the common ones. As root, the cluster runs as the
# postgres user. Sets PGDATA_DIR, PG_PM_FILE (for bench_pg_cpu), PSQL
# (psql to 127.0.0.1:PORT as postgres, stopping at the first error; add
# -d DB) and PG_CONN (the OGR/libpq connection string of bench).
BENCH_PGBIN=/usr/lib/postgresql/15/bin
PG_PM_FILE=""
PGDATA_DIR=""
bench_pg_start() {
  local script="$1" port="$2"
  shift 2
  PGDATA_DIR="$(mktemp -d "/tmp/phs-bench-${script%.sh}-pg.XXXXXX")"
  BENCH_AS_PG=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$PGDATA_DIR"
    BENCH_AS_PG=(runuser -u postgres --)
  fi
  trap bench_pg_stop EXIT
  bench_log "PostgreSQL 15 cluster in $PGDATA_DIR on 127.0.0.1:$port"
  "${BENCH_AS_PG[@]}" "$BENCH_PGBIN/initdb" -D "$PGDATA_DIR/data" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 >/dev/null
  # Memory for a 24 GiB machine; parallel workers as the 2 cores allow;
  # JIT off (PostGIS's functions gain nothing from it, planning loses).
  {
    cat <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$PGDATA_DIR'
shared_buffers = 4GB
work_mem = 256MB
maintenance_work_mem = 2GB
max_wal_size = 8GB
synchronous_commit = off
max_parallel_workers_per_gather = 2
jit = off
EOF
    [ $# -eq 0 ] || printf '%s\n' "$@"
  } >> "$PGDATA_DIR/data/postgresql.conf"
  "${BENCH_AS_PG[@]}" "$BENCH_PGBIN/pg_ctl" -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/log" -w start >/dev/null
  PG_PM_FILE="$PGDATA_DIR/data/postmaster.pid"
  export PGOPTIONS="-c client_min_messages=warning"
  PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres)
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE bench" >/dev/null
  PG_CONN="host=127.0.0.1 port=$port user=postgres dbname=bench"
  bench_log "PostGIS $("${PSQL[@]}" -d bench -tAc "CREATE EXTENSION postgis; SELECT postgis_full_version()" |
    grep -o 'POSTGIS="[^"]*"' || true)"
}

# bench_pg_stop: stop the cluster and remove its folder; clears the EXIT
# trap. Nothing to do without a cluster.
bench_pg_stop() {
  if [ -n "$PGDATA_DIR" ]; then
    "${BENCH_AS_PG[@]}" "$BENCH_PGBIN/pg_ctl" -D "$PGDATA_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PGDATA_DIR"
  fi
  PGDATA_DIR=""
  PG_PM_FILE=""
  trap - EXIT
}

# bench_pg_cpu: CPU seconds used so far by the private cluster, reaped
# children included (0 without a cluster).
bench_pg_cpu() {
  [ -n "$PG_PM_FILE" ] && [ -f "$PG_PM_FILE" ] || { echo 0; return; }
  local pm c k
  pm=$(head -1 "$PG_PM_FILE")
  # A backend or parallel worker that has not been reaped yet would be
  # missed between the two reads below: wait (up to 20 s) until the last
  # step's session and workers are gone, so their time is in cutime.
  for ((k = 0; k < 400; k++)); do
    c=""
    for c in $(cat "/proc/$pm/task/$pm/children" 2>/dev/null || true); do
      if tr '\0' ' ' 2>/dev/null < "/proc/$c/cmdline" | grep -qE 'postgres bench|parallel worker' ||
         sed 's/^.*) //' "/proc/$c/stat" 2>/dev/null | grep -q '^Z'; then
        break
      fi
      c=""
    done
    [ -z "$c" ] && break
    sleep 0.05
  done
  {
    sed 's/^.*) //' "/proc/$pm/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }' || true
    for c in $(cat "/proc/$pm/task/$pm/children" 2>/dev/null || true); do
      # a child that exits meanwhile has no stat: its time is in the above next time
      sed 's/^.*) //' "/proc/$c/stat" 2>/dev/null | awk '{ print $12 + $13 }' || true
    done
  } | awk -v hz="$(getconf CLK_TCK)" '{ t += $1 } END { printf "%.2f\n", t / hz }'
  return 0
}

# ------------------------------------------------------------- timing

# bench_show_cmd CMD...: the command as a reader would type it: the binary
# ($PHUSONG) as "phusong", the work folder ($OUT) as $W.
bench_show_cmd() {
  local s
  s="$(printf '%q ' "$@")"
  s="${s//$PHUSONG/phusong}"
  [ -z "${OUT:-}" ] || s="${s//$OUT/\$W}"
  printf '%s' "${s% }"
}

# bench_timed SCRIPT NAME RUNS CMD...: run CMD RUNS times under
# /usr/bin/time, each run after the function $BEFORE_RUN names, if any (a
# fresh copy of a store, ...). One line per run in $RES/times.tsv: name,
# run, elapsed s, peak resident KB, user s, system s, the PostgreSQL
# server's CPU s over the step (bench_pg_cpu), the 1-min load average
# after it: the CPU times show what the step cost when other work shares
# the 2 cores. "TOOL: step S: E s elapsed, C s CPU" lines on stderr
# (phusong analyze --timings, pip_geopandas.py) become rows "NAME / step
# S" of their own. The command's output is left in $RES/.out and
# $RES/.err; a failure prints its stderr and exits 1. $RES/commands.tsv:
# NAME and the command (bench_show_cmd).
bench_timed() {
  local script="$1" name="$2" n="$3" i c0 c1 srv secs kb usr sys load
  shift 3
  printf '%s\t%s\n' "$name" "$(bench_show_cmd "$@")" >> "$RES/commands.tsv"
  for ((i = 1; i <= n; i++)); do
    [ -z "${BEFORE_RUN:-}" ] || "$BEFORE_RUN"
    c0=$(bench_pg_cpu)
    /usr/bin/time -f "%e %M %U %S" -o "$RES/.time" "$@" > "$RES/.out" 2> "$RES/.err" || {
      echo "$script: step $name failed:" >&2
      cat "$RES/.err" >&2
      exit 1
    }
    c1=$(bench_pg_cpu)
    srv=$(awk -v a="$c0" -v b="$c1" 'BEGIN { printf "%.2f", b - a }')
    read -r secs kb usr sys < <(tail -1 "$RES/.time")
    read -r load _ < /proc/loadavg
    printf '%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$i" "$secs" "$kb" "$usr" "$sys" "$srv" "$load" \
      >> "$RES/times.tsv"
    sed -n 's/^[a-z_]*: step \(.*\): \([0-9.]*\) s elapsed, \([0-9.]*\) s CPU$/\1\t\2\t\3/p' "$RES/.err" |
      while IFS=$'\t' read -r step se sc; do
        printf '%s / step %s\t%d\t%s\t0\t%s\t0\t0\t%s\n' "$name" "$step" "$i" "$se" "$sc" "$load" \
          >> "$RES/times.tsv"
      done
    bench_log "$name run $i: $secs s ($usr s user, $sys s sys; server $srv s), $((kb / 1024)) MB; load $load"
  done
}
