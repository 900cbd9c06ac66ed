# lib.sh: helpers shared by the benchmark scripts (coverage.sh, maps.sh),
# sourced, not run: the log line, installing missing Debian packages and
# building this tree's phusong in Release. Each script keeps its own
# options, data and timing.

# bench_log TEXT...: a progress line on stderr.
bench_log() { printf '== %s\n' "$*" >&2; }

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
# (Release, the phusong target only).
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
