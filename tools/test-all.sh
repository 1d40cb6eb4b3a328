#!/usr/bin/env bash
# Runs every check imaplib-cpp has, one stage after another, and stops at the first
# failure:
#   a  single header is up to date (tools/amalgamate.py --check)
#   b  gcc build (Release, as docs/building.md builds) + ctest
#   c  clang build (RelWithDebInfo) + ctest
#   d  ASan + UBSan builds (gcc, clang) + ctest
#   e  the test suite built against single_include/ (gcc) + ctest
#   f  examples (built in b and c)
#   g  consumer projects: find_package, add_subdirectory, FetchContent, pkg-config
#   h  meson setup + meson test
#   i  fuzzers (clang, libFuzzer), each for a bounded time over its corpus
# The last line is "N passed, N failed": the CTest results of all stages (a stage that
# fails outside CTest, e.g. a compile error, counts as one failure).
#
# Environment:
#   IMAPLIB_BUILD_ROOT          build directories (default: build/ in the repository)
#   IMAPLIB_JOBS                parallel compile and test jobs (default: nproc)
#   IMAPLIB_STAGES              stages to run, e.g. "a b" (default: all)
#   IMAPLIB_SANITIZE_COMPILERS  compilers for stage d (default: "gcc"; "gcc clang" for both,
#                               which brings a 2-core CI run close to its 90-minute limit)
#   IMAPLIB_FUZZ_SECONDS        seconds per fuzzer in stage i (default: 60)
#   CXX_GCC / CXX_CLANG         the compilers (default: g++ / clang++)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_ROOT="${IMAPLIB_BUILD_ROOT:-$ROOT/build}"
JOBS="${IMAPLIB_JOBS:-$(nproc 2>/dev/null || echo 2)}"
STAGES="${IMAPLIB_STAGES:-a b c d e f g h i}"
SANITIZE_COMPILERS="${IMAPLIB_SANITIZE_COMPILERS:-gcc}"
FUZZ_SECONDS="${IMAPLIB_FUZZ_SECONDS:-60}"
CXX_GCC="${CXX_GCC:-g++}"
CXX_CLANG="${CXX_CLANG:-clang++}"
GENERATOR=()
if command -v ninja >/dev/null 2>&1; then GENERATOR=(-G Ninja); fi

passed=0
failed=0
timings=()
current=""
stage_start=0

finish() {
    local status="$1"
    echo
    echo "==== stage durations ===="
    local t
    for t in "${timings[@]}"; do echo "  $t"; done
    echo "$passed passed, $failed failed"
    exit "$status"
}

die() {
    echo "test-all.sh: FAILED in stage ${current}: $*" >&2
    failed=$((failed + 1))
    end_stage
    finish 1
}

wants() { [[ " $STAGES " == *" $1 "* ]]; }

begin_stage() {
    current="$1"
    stage_start=$SECONDS
    echo
    echo "==== [$1] $2 ===="
}

end_stage() {
    if [[ -n "$current" ]]; then
        local took=$((SECONDS - stage_start))
        echo "---- [$current] took ${took}s"
        timings+=("[$current] ${took}s")
        current=""
    fi
}

# configure <dir> <cmake args...>
configure() {
    local dir="$1"; shift
    cmake -S "$ROOT" -B "$dir" "${GENERATOR[@]}" "$@" || die "cmake configure of $dir"
}

build() {
    cmake --build "$1" -j "$JOBS" || die "build of $1"
}

# run_ctest <build dir> <ctest args...>: adds the results to the totals.
run_ctest() {
    local dir="$1"; shift
    local log="$dir/ctest-$current.log"
    local rc line total fails
    set +e
    ctest --test-dir "$dir" -j "$JOBS" --output-on-failure --timeout 600 "$@" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    set -e
    line="$(grep -Eo '[0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)"
    if [[ -n "$line" ]]; then
        fails="$(echo "$line" | awk '{print $1}')"
        total="$(echo "$line" | awk '{print $NF}')"
        passed=$((passed + total - fails))
        failed=$((failed + fails))
        echo "---- [$current] ctest: $((total - fails)) passed, $fails failed"
    fi
    if [[ $rc -ne 0 ]]; then
        echo "test-all.sh: FAILED in stage ${current}: ctest in $dir" >&2
        [[ -n "$line" && "$fails" -gt 0 ]] || failed=$((failed + 1))
        end_stage
        finish 1
    fi
}

cd "$ROOT"
mkdir -p "$BUILD_ROOT"
echo "imaplib-cpp: all checks; builds in $BUILD_ROOT, $JOBS jobs, stages: $STAGES"

COMMON=(-DIMAPLIB_BUILD_TESTS=ON -DIMAPLIB_WERROR=ON)
# The suite's own TLS, Asio and COMPRESS parts are required here, so a missing dependency fails
# loudly instead of silently testing less.
FEATURES=(-DIMAPLIB_TLS=ON -DIMAPLIB_ASIO=ON -DIMAPLIB_COMPRESS=ON)
# Tests that only run a compiler (docs, strict warnings, expected build errors) say the
# same in every configuration: b and c run them with each compiler, d and e skip them.
COMPILE_CHECKS="consumer|strict|build_errors|docs"

if wants a; then
    begin_stage a "single header is up to date"
    python3 tools/amalgamate.py --check || die "single_include/ is stale: run python3 tools/amalgamate.py"
    end_stage
fi

if wants b; then
    begin_stage b "gcc: build (Release, examples, benchmarks) + ctest"
    # Release, the build docs/building.md gives: gcc's -O3 inlining finds warnings
    # (-Wmaybe-uninitialized) that -O2 does not, and -Werror is on.
    configure "$BUILD_ROOT/gcc" "${COMMON[@]}" "${FEATURES[@]}" -DCMAKE_CXX_COMPILER="$CXX_GCC" \
        -DCMAKE_BUILD_TYPE=Release -DIMAPLIB_BUILD_EXAMPLES=ON -DIMAPLIB_BUILD_BENCHMARKS=ON
    build "$BUILD_ROOT/gcc"
    run_ctest "$BUILD_ROOT/gcc" -LE consumer
    end_stage
fi

if wants c; then
    begin_stage c "clang: build (RelWithDebInfo, examples, benchmarks) + ctest"
    configure "$BUILD_ROOT/clang" "${COMMON[@]}" "${FEATURES[@]}" -DCMAKE_CXX_COMPILER="$CXX_CLANG" \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIMAPLIB_BUILD_EXAMPLES=ON -DIMAPLIB_BUILD_BENCHMARKS=ON
    build "$BUILD_ROOT/clang"
    run_ctest "$BUILD_ROOT/clang" -LE consumer
    end_stage
fi

if wants d; then
    for compiler in $SANITIZE_COMPILERS; do
        case "$compiler" in
            gcc) cxx="$CXX_GCC" ;;
            clang) cxx="$CXX_CLANG" ;;
            *) cxx="$compiler" ;;
        esac
        begin_stage d "ASan + UBSan ($compiler): build + ctest"
        # Warnings are checked in b and c; sanitizer instrumentation makes gcc report
        # false positives, so -Werror is off here.
        configure "$BUILD_ROOT/sanitize-$compiler" "${FEATURES[@]}" -DIMAPLIB_BUILD_TESTS=ON \
            -DIMAPLIB_WERROR=OFF -DIMAPLIB_BUILD_EXAMPLES=OFF -DCMAKE_CXX_COMPILER="$cxx" \
            -DCMAKE_BUILD_TYPE=Debug \
            "-DCMAKE_CXX_FLAGS=-O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
        build "$BUILD_ROOT/sanitize-$compiler"
        ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}" \
        UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}" \
            run_ctest "$BUILD_ROOT/sanitize-$compiler" -LE "$COMPILE_CHECKS"
        end_stage
    done
fi

if wants e; then
    begin_stage e "test suite against the single header (gcc) + ctest"
    configure "$BUILD_ROOT/single-header" "${COMMON[@]}" "${FEATURES[@]}" -DCMAKE_CXX_COMPILER="$CXX_GCC" \
        -DCMAKE_BUILD_TYPE=Debug -DIMAPLIB_TEST_SINGLE_HEADER=ON -DIMAPLIB_BUILD_EXAMPLES=OFF
    build "$BUILD_ROOT/single-header"
    run_ctest "$BUILD_ROOT/single-header" -LE "$COMPILE_CHECKS"
    end_stage
fi

if wants f; then
    begin_stage f "examples (built in b and c)"
    # Examples written with C++20 coroutines are built only where the compiler has them
    # (CMake's IMAPLIB_CXX20_COROUTINES_COMPILE; clang 14 with libstdc++ 12 has not).
    # Each must still be built by at least one compiler.
    coroutine_examples=" async_watch "
    has_coroutines() {
        grep -q '^IMAPLIB_CXX20_COROUTINES_COMPILE:INTERNAL=1$' "$1/CMakeCache.txt" 2>/dev/null
    }
    count=0
    for source in examples/*.cpp; do
        [[ -e "$source" ]] || continue
        name="$(basename "$source" .cpp)"
        [[ "$name" == selftest ]] && name=imaplib_selftest
        built_somewhere=no
        for dir in "$BUILD_ROOT/gcc" "$BUILD_ROOT/clang"; do
            [[ -d "$dir" ]] || continue
            if [[ "$coroutine_examples" == *" $name "* ]] && ! has_coroutines "$dir"; then
                echo "  skipped: $dir/$name (this compiler has no C++20 coroutines for Asio)"
                continue
            fi
            [[ -x "$dir/$name" ]] || die "example $source was not built in $dir (target $name)"
            echo "  built: $dir/$name"
            built_somewhere=yes
            count=$((count + 1))
        done
        [[ "$built_somewhere" == yes ]] || die "example $source was built by no compiler"
    done
    echo "---- [f] $count example binaries"
    end_stage
fi

if wants g; then
    begin_stage g "consumer projects (gcc build of b)"
    if [[ ! -d "$BUILD_ROOT/gcc" ]]; then
        configure "$BUILD_ROOT/gcc" "${COMMON[@]}" "${FEATURES[@]}" -DCMAKE_CXX_COMPILER="$CXX_GCC" \
            -DCMAKE_BUILD_TYPE=Release
    fi
    run_ctest "$BUILD_ROOT/gcc" -L consumer
    end_stage
fi

if wants h; then
    begin_stage h "meson setup + meson test"
    rm -rf "$BUILD_ROOT/meson"
    meson setup "$BUILD_ROOT/meson" "$ROOT" -Dtls=enabled -Dasio=enabled -Dcompress=enabled || die "meson setup"
    meson compile -C "$BUILD_ROOT/meson" -j "$JOBS" || die "meson compile"
    meson test -C "$BUILD_ROOT/meson" --print-errorlogs --num-processes "$JOBS" || die "meson test"
    end_stage
fi

if wants i; then
    begin_stage i "fuzzers (clang, libFuzzer, ${FUZZ_SECONDS}s each)"
    fuzzers=()
    for source in fuzz/fuzz_*.cpp; do
        [[ -e "$source" ]] && fuzzers+=("$(basename "$source" .cpp)")
    done
    if [[ ${#fuzzers[@]} -eq 0 ]]; then
        echo "  no fuzz/fuzz_*.cpp: nothing to run"
    else
        configure "$BUILD_ROOT/fuzz" -DCMAKE_CXX_COMPILER="$CXX_CLANG" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DIMAPLIB_BUILD_FUZZERS=ON -DIMAPLIB_COMPRESS=ON -DIMAPLIB_BUILD_TESTS=OFF -DIMAPLIB_BUILD_EXAMPLES=OFF \
            -DIMAPLIB_INSTALL=OFF
        build "$BUILD_ROOT/fuzz"
        for fuzzer in "${fuzzers[@]}"; do
            [[ -x "$BUILD_ROOT/fuzz/$fuzzer" ]] || die "fuzzer $fuzzer was not built"
            # New inputs go to the build tree; the committed corpus is only read.
            work="$BUILD_ROOT/fuzz/corpus-$fuzzer"
            mkdir -p "$work"
            seeds=()
            for corpus in "fuzz/corpus/${fuzzer#fuzz_}" "fuzz/corpus/$fuzzer"; do
                [[ -d "$corpus" ]] && seeds+=("$corpus")
            done
            echo "  $fuzzer: ${FUZZ_SECONDS}s over ${seeds[*]:-an empty corpus}"
            "$BUILD_ROOT/fuzz/$fuzzer" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
                -print_final_stats=1 -artifact_prefix="$BUILD_ROOT/fuzz/$fuzzer-" \
                "$work" "${seeds[@]}" || die "fuzzer $fuzzer found a failure (see $BUILD_ROOT/fuzz/$fuzzer-*)"
        done
    fi
    end_stage
fi

finish 0
