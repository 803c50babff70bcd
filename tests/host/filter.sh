# SPDX-License-Identifier: GPL-2.0-only
# The filter bytecode validator and interpreter (filter/bytecode.c), built
# in user space with AddressSanitizer and UBSan: the unit test on
# lttng-tools' own bytecode (tests/filter/unit.c), then the libFuzzer
# harness (tests/filter/fuzz.c) from that corpus for FILTER_FUZZ_SECONDS
# (60) or FILTER_FUZZ_RUNS executions.  Any sanitizer report, crash or
# timeout (an interpreter that does not end) fails.
set -u
cd "$(dirname "$0")/../.."
out=${FILTER_OUT:-$(mktemp -d /tmp/rt-filter.XXXXXX)}
mkdir -p "$out"
cflags=(-g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all
	-Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers
	-DRT_BC_ENV='"env.h"' -Itests/filter)
bad=0

if ! command -v clang > /dev/null; then
	echo "FAIL  clang is missing (scripts/deps.sh installs it)"
	exit 1
fi
if clang "${cflags[@]}" -o "$out/unit" tests/filter/unit.c filter/bytecode.c; then
	echo "ok    unit test built"
	"$out/unit" tests/filter/corpus > "$out/unit.log" 2>&1
	rc=$?
	grep "^FAIL" "$out/unit.log"
	if [ $rc -eq 0 ] && tail -n 1 "$out/unit.log" | grep -q ' passed, 0 failed$'; then
		echo "ok    unit test: $(tail -n 1 "$out/unit.log")"
	else
		echo "FAIL  unit test (exit $rc)"
		bad=1
	fi
else
	echo "FAIL  unit test does not build"
	bad=1
fi

if clang "${cflags[@]}" -fsanitize=fuzzer -o "$out/fuzz" tests/filter/fuzz.c filter/bytecode.c; then
	echo "ok    fuzzer built"
	# A copy of the corpus: libFuzzer adds what it finds to its first
	# directory, and the tree's corpus stays as make-corpus.sh made it.
	mkdir -p "$out/corpus"
	find tests/filter/corpus -type f ! -name INDEX -exec cp {} "$out/corpus/" \;
	if [ -n "${FILTER_FUZZ_RUNS:-}" ]; then
		limit=(-runs="$FILTER_FUZZ_RUNS")
	else
		limit=(-max_total_time="${FILTER_FUZZ_SECONDS:-60}")
	fi
	# -timeout: one input that runs a second is an interpreter that loops.
	(cd "$out" && ./fuzz "${limit[@]}" -timeout=1 -max_len=4096 \
		-artifact_prefix="$out/" -print_final_stats=1 corpus) > "$out/fuzz.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/fuzz.log")
	if [ $rc -eq 0 ] && [ -n "$runs" ]; then
		echo "ok    fuzzer: $runs executions, no crash, leak or timeout"
	else
		echo "FAIL  fuzzer (exit $rc; log $out/fuzz.log):"
		grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$out/fuzz.log" | head -n 20
		bad=1
	fi
else
	echo "FAIL  fuzzer does not build"
	bad=1
fi
[ $bad -eq 0 ] && [ -z "${FILTER_OUT:-}" ] && rm -rf "$out"
exit $bad
