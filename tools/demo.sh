#!/bin/sh
# Demo: build examples/fetch_all.cpp, start a throwaway Dovecot on 127.0.0.1 with seeded
# mail, fetch every message of alice's INBOX with fetch_all, and stop the server again.
#
# Usage: tools/demo.sh [--starttls | --ssl | --plain | --stream] [-- FETCH_ALL_ARGS...]
#   --starttls  (default) plain connection upgraded with STARTTLS, certificate verified
#               against the throwaway CA and the name "localhost"
#   --ssl       implicit TLS (IMAP4_SSL)
#   --plain     no TLS at all (LOGIN over plain TCP, loopback only)
#   --stream    a pre-authenticated session through a child process (IMAP4_stream)
# Arguments after -- go to fetch_all (e.g. -- --debug 4 --mailbox Archive).
#
# Environment: BUILD_DIR (default build/demo), CMAKE_GENERATOR, JOBS (default 2),
# DEMO_KEEP_SERVER=1 leaves the server running (its directory is printed).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${BUILD_DIR:-"$root/build/demo"}
jobs=${JOBS:-2}
mode=starttls

while [ $# -gt 0 ]; do
    case $1 in
        --starttls) mode=starttls ;;
        --ssl) mode=ssl ;;
        --plain) mode=plain ;;
        --stream) mode=stream ;;
        --) shift; break ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "demo.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

say() { printf '\n== %s\n' "$*" >&2; }

if [ ! -f "$root/examples/fetch_all.cpp" ]; then
    echo "demo.sh: examples/fetch_all.cpp is missing" >&2
    exit 1
fi
python=$(command -v python3 || true)
[ -n "$python" ] || { echo "demo.sh: python3 not found (tools/install-deps.sh installs it)" >&2; exit 1; }

# --- build -------------------------------------------------------------------------
say "building fetch_all in $build"
if [ -z "${CMAKE_GENERATOR:-}" ] && command -v ninja >/dev/null 2>&1; then
    CMAKE_GENERATOR=Ninja
    export CMAKE_GENERATOR
fi
configure_log=$(mktemp "${TMPDIR:-/tmp}/imaplib-demo-cmake.XXXXXX")
if ! cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
        -DIMAPLIB_BUILD_EXAMPLES=ON -DIMAPLIB_BUILD_TESTS=OFF -DIMAPLIB_INSTALL=OFF \
        >"$configure_log" 2>&1; then
    cat "$configure_log" >&2
    rm -f "$configure_log"
    exit 1
fi
grep 'imaplib .*: Asio' "$configure_log" >&2 || true
if grep -q 'TLS (wolfSSL) OFF' "$configure_log" && { [ "$mode" = starttls ] || [ "$mode" = ssl ]; }; then
    echo "demo.sh: this build has no TLS (wolfSSL not found); using --plain" >&2
    mode=plain
fi
rm -f "$configure_log"
cmake --build "$build" --target fetch_all -j "$jobs"
fetch_all="$build/fetch_all"
[ -x "$fetch_all" ] || { echo "demo.sh: $fetch_all was not built" >&2; exit 1; }

# --- a throwaway Dovecot -------------------------------------------------------------
server_dir=$(mktemp -d "${TMPDIR:-/tmp}/imaplib-demo.XXXXXX")
cleanup() {
    status=$?
    if [ "${DEMO_KEEP_SERVER:-0}" = 1 ]; then
        echo "demo.sh: server left running in $server_dir (stop: $python $here/dovecot-server.py stop --dir $server_dir)" >&2
    else
        "$python" "$here/dovecot-server.py" stop --dir "$server_dir" || true
        rm -rf "$server_dir"
    fi
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "starting Dovecot in $server_dir"
"$python" "$here/dovecot-server.py" start --dir "$server_dir"
# Values from server.env, read without sourcing it (USER would clobber the shell's).
env_value() { "$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' \
    "$server_dir/server.json" "$1"; }
port=$(env_value PORT)
ssl_port=$(env_value SSL_PORT)
ca=$(env_value CA)
user=$(env_value USER)
IMAP_PASSWORD=$(env_value PASSWORD)
export IMAP_PASSWORD

# --- fetch ---------------------------------------------------------------------------
case $mode in
    starttls) set -- --starttls --cafile "$ca" --port "$port" --user "$user" --timeout 30 "$@" localhost ;;
    ssl) set -- --ssl --cafile "$ca" --port "$ssl_port" --user "$user" --timeout 30 "$@" localhost ;;
    plain) set -- --port "$port" --user "$user" --timeout 30 "$@" 127.0.0.1 ;;
    stream) set -- --stream "$(env_value STREAM_COMMAND)" --timeout 30 "$@" ;;
esac
say "fetch_all $*"
"$fetch_all" "$@"
say "done ($mode): every message of $user's INBOX fetched"
