#!/bin/bash
# Generate Ringtail's instrumentation from the kernel's own event headers.
#
#   scripts/gen-instrumentation.sh KDIR [LINUX_SOURCE_DIR]
#
# Writes instrumentation/gen/: one compile unit per event header of the
# kernel built in KDIR (include/trace/events/*.h, arch/x86/include/asm/
# trace/*.h and, with the kernel's source tree, the private trace headers of
# built-in code), then builds them with Kbuild and keeps what builds:
#
#  1. every unit is compiled with a prelude of common headers (headers-only
#     mode); one that fails is written again, if the source tree is given,
#     in source mode: the includes and type definitions its tracepoints'
#     CREATE_TRACE_POINTS site has before them (private headers, structures
#     defined in the .c file), with the site's directory on the path;
#  2. then compile errors inside one event or class of a header skip that
#     event or class (rt_skip_<name> in <unit>.skip.h) and the unit is
#     compiled again, a few rounds at most;
#  3. classes whose probes use symbols vmlinux does not export are skipped
#     the same way (found in the relocations of -ffunction-sections code);
#     when only the evaluation of its TP_printk arguments (for the symbol
#     tables) fails to build or link, a class just has no enumerations;
#  4. what still fails is left out.
#
# Outputs objs.mk and units.h (what Kbuild and instrumentation/main.c use)
# and report.txt (what was left out, and why).  ONLY="<pattern>..."
# generates the units whose id matches one of them alone
# (ONLY=rt_test_change: the unit of include/trace/events/rt_test_change.h,
# for tests/kernel-change; tests/debug.sh --subset a few more).  Only the target kernel's
# files are read: no version is known here.
set -uo pipefail
KDIR=$1
KSRC=${2:-}
cd "$(dirname "$0")/.."
GEN=instrumentation/gen
mkdir -p $GEN
# The build tree's sources: Debian splits them into a -common package.
SRCTREE=$(sed -n 's|^include \(.*\)/Makefile$|\1|p' "$KDIR/Makefile" | head -n 1)
SRCTREE=${SRCTREE:-$KDIR}
[ -n "$KSRC" ] && [ ! -d "$KSRC/kernel" ] && KSRC=
JOBS=${JOBS:-$(nproc)}

rm -f $GEN/*.c $GEN/*.h $GEN/*.mk $GEN/report.txt $GEN/*.log
: > $GEN/objs.mk

# unit id, #include form of the header, header file, site dir (private)
units=()
declare -A inc file sitedir mode
add_unit() {
	units+=("$1"); inc[$1]=$2; file[$1]=$3; sitedir[$1]=${4:-}
}
for h in "$SRCTREE"/include/trace/events/*.h; do
	b=$(basename "$h" .h)
	add_unit "ev_${b//-/_}" "<trace/events/$b.h>" "$h"
done
for h in "$SRCTREE"/arch/x86/include/asm/trace/*.h; do
	grep -q '^#define TRACE_SYSTEM' "$h" || continue
	b=$(basename "$h" .h)
	add_unit "asm_${b//-/_}" "<asm/trace/$b.h>" "$h"
done
# Which .c file defines the tracepoints of which header: every #include
# between a #define and #undef of CREATE_TRACE_POINTS, as "file.c line".
sites_index() {
	: > $GEN/sites.txt
	[ -n "$KSRC" ] || return 0
	grep -rl --include='*.c' '^#define CREATE_TRACE_POINTS' "$KSRC" 2>/dev/null |
	grep -v "^$KSRC/\(samples\|tools\)/" | while read -r c; do
		awk -v c="$c" '
			/^#define CREATE_TRACE_POINTS/ { on = 1 }
			/^#undef CREATE_TRACE_POINTS/ { on = 0 }
			on && /^#include/ { print c, $2 }' "$c"
	done > $GEN/sites.txt
}

# Whether this kernel's config builds a file into vmlinux, from the
# source tree's Kbuild makefiles and the build tree's .config: its object
# is listed under obj-y or obj-$(CONFIG_X) with X=y (or in a composite
# object that is), in a directory every parent of which descends into the
# same way.  Top-level directories and arch/x86 are always built.  This
# reads only the common forms; what it cannot tell is left out.
declare -A kb_conf
kb_config() {
	local k v
	while IFS='=' read -r k v; do kb_conf[$k]=$v; done < <(grep '^CONFIG_' "$KDIR/.config" 2>/dev/null)
}
kb_lines() {	# dir: its assignments, continuation lines joined: "lhs word..."
	local m
	for m in "$KSRC/$1/Kbuild" "$KSRC/$1/Makefile"; do
		[ -f "$m" ] || continue
		sed -e ':a' -e '/\\$/N; s/\\\n/ /; ta' "$m" |
		awk '$2 ~ /^[:+]?=$/ { l = $1; for (i = 3; i <= NF; i++) l = l " " $i; print l }'
	done
}
kb_yes() {	# the condition of an lhs: y, or $(CONFIG_X) set to y
	case $1 in
	y) return 0 ;;
	'$(CONFIG_'*')') local c=${1#'$('}; c=${c%')'}; [ "${kb_conf[$c]:-}" = y ] ;;
	*) return 1 ;;
	esac
}
kb_dir() {	# dir
	local d=$1 lhs rest
	case $d in */*) ;; *) return 0 ;; esac
	[ "$d" = arch/x86 ] && return 0
	while read -r lhs rest; do
		case " $rest " in *" ${d##*/}/ "*) ;; *) continue ;; esac
		case $lhs in obj-*|core-*|drivers-*) kb_yes "${lhs#*-}" && kb_dir "${d%/*}" && return 0 ;; esac
	done < <(kb_lines "${d%/*}")
	return 1
}
kb_object() {	# dir object-name depth
	local d=$1 o=$2 lhs rest
	[ "$3" -lt 4 ] || return 1
	while read -r lhs rest; do
		case " $rest " in *" $o.o "*) ;; *) continue ;; esac
		case $lhs in
		obj-*) kb_yes "${lhs#obj-}" && kb_dir "$d" && return 0 ;;
		*-objs|*-y) kb_object "$d" "${lhs%-*}" $(($3 + 1)) && return 0 ;;
		*-'$(CONFIG_'*) kb_yes "${lhs#*-}" && kb_object "$d" "${lhs%%-\$(CONFIG_*}" $(($3 + 1)) && return 0 ;;
		esac
	done < <(kb_lines "$d")
	return 1
}
kb_includes() {	# dir: the -I options its makefile gives its C files, as paths
	kb_lines "$1" | awk '$1 ~ /^(subdir-)?ccflags-|^CFLAGS_/' |
	grep -o -- '-I *$(\(srctree\|src\))[^ ]*' | sed \
		-e "s|^-I *\$(srctree)|$KSRC|" -e "s|^-I *\$(src)|$KSRC/$1|"
}
kb_builtin() {	# file.c, relative to the source tree
	local f=${1%.c}
	kb_object "${f%/*}" "${f##*/}" 0
}

# Private trace headers (beside their code, outside include/trace) of code
# that this kernel's config builds into vmlinux (kb_builtin below): their
# tracepoints are in every running kernel.  Those of modules are left
# out: hundreds of drivers' headers, few of whose modules a machine loads.
# Headers under an include/ directory are shared by the code that
# defines their tracepoints elsewhere (include/ras, msr-trace.h): all of
# them.  A kernel self-test header and the trace benchmark's are not
# events anyone records.
sites_index
if [ -n "$KSRC" ]; then
	kb_config
	for h in $( (cd "$KSRC" && grep -rl --include='*.h' '^#define TRACE_SYSTEM' \
			$(ls -d */ | grep -vx 'arch/\|samples/\|tools/\|Documentation/\|scripts/\|usr/') \
			arch/x86) 2>/dev/null |
		   grep -v '^include/trace/\|^arch/x86/include/asm/trace/' |
		   grep -v 'kernel/trace/trace_events_filter_test.h\|trace_benchmark.h' | sort); do
		case $h in
		include/*|*/include/*) ;;
		*)	site=$(awk -v d="$KSRC/${h%/*}/" -v h="\"${h##*/}\"" '
				$2 == h && index($1, d) == 1 && substr($1, length(d) + 1) !~ /\// { print $1; exit }' \
				$GEN/sites.txt)
			[ -n "$site" ] && kb_builtin "${site#$KSRC/}" || continue ;;
		esac
		id=src_$(echo "${h%.h}" | tr '/.-' '___')
		add_unit "$id" "\"$KSRC/$h\"" "$KSRC/$h" "$KSRC/$(dirname "$h")"
	done
fi

# ONLY="<pattern>...": the units whose id matches one of them (shell
# patterns; "sched" matches ev_sched).
if [ -n "${ONLY:-}" ]; then
	only=()
	for id in "${units[@]}"; do
		for pat in $ONLY; do
			case $id in $pat|ev_$pat) only+=("$id"); break ;; esac
		done
	done
	units=("${only[@]}")
fi

# The site of unit $1.
find_site() {
	local id=$1 h=${inc[$1]}
	case $h in
	"<"*) awk -v h="$h" '$2 == h { print $1; exit }' $GEN/sites.txt ;;
	*) awk -v d="${sitedir[$id]}/" -v h="\"$(basename "${file[$id]}")\"" '
		$2 == h && index($1, d) == 1 && substr($1, length(d) + 1) !~ /\// { print $1; exit }' $GEN/sites.txt ;;
	esac
}

# Keep, of a .c file before its CREATE_TRACE_POINTS, what declares types:
# preprocessor lines, struct/union/enum definitions, typedefs and, unless
# $2 is "types", static functions with the declarations of static
# functions and variables they may use (TP_fast_assign may call them; the
# compiler drops what is unused); #if blocks left open are closed.  Kernel style (bodies close with } in
# column 0) is what this relies on.
site_prefix() {
	awk -v statics=$([ "$2" = types ] && echo 0 || echo 1) '
	/^#define CREATE_TRACE_POINTS/ { exit }
	incom { if ($0 ~ /\*\//) incom = 0; next }
	indef { print; if ($0 !~ /\\$/) indef = 0; next }
	intype { print; if ($0 ~ /^}/) intype = 0; next }
	inkeep { print; if ($0 ~ /^}/) inkeep = 0; next }
	inskip { if ($0 ~ /^}/) inskip = 0; next }
	/^[ \t]*\/\*/ { if ($0 !~ /\*\//) incom = 1; next }
	/^#/ { print; if ($0 ~ /\\$/) indef = 1; next }
	/^(typedef )?(struct|union|enum)( [A-Za-z0-9_]+)? \{/ {
		print; if ($0 !~ /}/) intype = 1; sig = ""; next }
	/^typedef .*;[ \t]*$/ { print; sig = ""; next }
	/^\{/ { if (statics && sig ~ /^static/) { printf "%s", sig; print; inkeep = 1 }
		else inskip = 1
		sig = ""; next }
	/\{[ \t]*$/ { if ($0 !~ /^}/) inskip = 1; sig = ""; next }
	statics && sig == "" && /^static [^=]*;[ \t]*$/ { print; next }
	/^[ \t]*$/ || /;[ \t]*$/ { sig = ""; next }
	{ sig = sig $0 "\n" }
	' "$1" | awk '
	{ print }
	/^#[ \t]*if/ { depth++ }
	/^#[ \t]*endif/ { depth-- }
	END { while (depth-- > 0) print "#endif" }'
}

write_unit() {
	local id=$1 m=$2 f=$GEN/$1.c site
	mode[$id]=$m
	[ -e $GEN/$id.skip.h ] || : > $GEN/$id.skip.h
	{
		echo "// SPDX-License-Identifier: GPL-2.0-only"
		echo "/* Generated by scripts/gen-instrumentation.sh ($m mode); do not edit. */"
		if [ "$m" != headers ]; then
			echo "#include \"$id.prefix.h\""
		else
			echo "#include \"../prelude.h\""
		fi
		# Structures the prototypes name, in case nothing declared them.
		grep -o 'struct [A-Za-z_][A-Za-z0-9_]*' "${file[$id]}" | sort -u |
			grep -v 'struct trace_\|struct \(tracepoint\|module\)$' | sed 's/$/;/' 
		echo "#define CREATE_TRACE_POINTS"
		echo "#include ${inc[$id]}"
		echo "#define RT_GEN_HEADER ${inc[$id]}"
		echo "#include \"$id.skip.h\""
		echo "#include \"../gen.h\""
		echo "RT_GEN_INSTRUMENTATION($id, $([ "$m" != headers ] && echo true || echo false))"
	} > "$f"
	if [ "$m" != headers ]; then
		# The source tree's copy, for its relative includes (wbt.h).
		case ${inc[$id]} in
		"<trace/events/"*|"<asm/trace/"*)
			local rel=${inc[$id]#<}
			rel=${rel%>}
			case $rel in asm/*) rel=arch/x86/include/$rel ;; *) rel=include/$rel ;; esac
			if [ -e "$KSRC/$rel" ]; then
				sed -i "s|${inc[$id]}|\"$KSRC/$rel\"|" "$f"
				file[$id]=$KSRC/$rel	# where errors will point
			fi
			;;
		esac
		site=$(find_site "$id")
		: > $GEN/$id.prefix.h
		if [ -n "$site" ]; then
			site_prefix "$site" $m > $GEN/$id.prefix.h
			sitedir[$id]=$(dirname "$site")
		fi
	fi
}

objs_mk() {	# $1: variable, then unit ids
	local var=$1 id
	shift
	for id in "$@"; do
		echo "$var += $GEN/$id.o"
		echo "CFLAGS_$GEN/$id.o += -ffunction-sections -g0 -Wno-unused-value"
		# The site's own static functions and variables, copied in,
		# are mostly not used here.
		[ "${mode[$id]}" != headers ] &&
			echo "CFLAGS_$GEN/$id.o += -Wno-unused-function -Wno-unused-variable"
		# Where the site's makefile says its headers are (cxl.h).
		[ "${mode[$id]}" != headers ] && [ -n "${sitedir[$id]}" ] &&
			kb_includes "${sitedir[$id]#$KSRC/}" | sed "s|^|CFLAGS_$GEN/$id.o += -I|"
		[ "${mode[$id]}" != headers ] && [ -n "${sitedir[$id]}" ] &&
			echo "CFLAGS_$GEN/$id.o += -I${sitedir[$id]}" &&
			[ -d "${sitedir[$id]}/include" ] &&
			echo "CFLAGS_$GEN/$id.o += -I${sitedir[$id]}/include"
	done
	return 0
}

# Compile units $@ with Kbuild (keep going past errors); log per round.
compile() {
	objs_mk rt-gen-probe-objs "$@" > $GEN/probe.mk
	for id in "$@"; do rm -f $GEN/$id.o; done
	LC_ALL=C make -C "$KDIR" M="$PWD" RT_GEN_PROBE=1 -k -j"$JOBS" modules > $GEN/build.log 2>&1
	return 0
}

# Names of the events and classes of header $1, with the line each starts.
event_lines() {
	awk '
	/^[ \t]*(TRACE_EVENT|TRACE_EVENT_FN|TRACE_EVENT_FN_COND|TRACE_EVENT_CONDITION|DECLARE_EVENT_CLASS|DECLARE_TRACE|DECLARE_TRACE_CONDITION)[ \t]*\(/ {
		s = $0; sub(/^[^(]*\([ \t]*/, "", s); sub(/[ ,)].*/, "", s)
		if (s != "") print NR, s; next }
	/^[ \t]*DEFINE_EVENT[A-Z_]*[ \t]*\(/ {
		s = $0; sub(/^[^(]*\([^,]*,[ \t]*/, "", s); sub(/[ ,)].*/, "", s)
		if (s != "" && s !~ /\(/) print NR, s; next }
	' "$1"
}

# Add to unit $1's skip list the events or classes its errors are in;
# fail if an error is elsewhere or nothing new is found.
skip_errors() {	# unit [enums-only: fail unless every error is in print arguments]
	local id=$1 h=${file[$id]} new=0 ln fn name flag
	# Error lines in the header, with the function they are in.
	awk -v h="$h" '
		# (-j: other units interleave; only lines of this header count)
		index($0, h ": In function ") == 1 { fn = $0; sub(/.*In function /, "", fn)
			gsub(/[^A-Za-z0-9_.]/, "", fn); sub(/\..*$/, "", fn) }
		index($0, h ":") == 1 && / error: / { split($0, a, ":"); print a[2], fn }
	' $GEN/build.log | sort -un > $GEN/$id.errors
	[ -s $GEN/$id.errors ] || return 1
	[ -n "${2:-}" ] && awk '$2 !~ /^rt_enums_/ { bad = 1 } END { exit bad }' $GEN/$id.errors || [ -z "${2:-}" ] || return 1
	while read -r ln fn; do
		if [ "${fn#rt_enums_}" != "$fn" ]; then
			# Only the print arguments: no enumerations for that class.
			name=${fn#rt_enums_}
			flag=rt_noenum_$name
		else
			name=$(event_lines "$h" | awk -v l="$ln" '$1 <= l { n = $2 } END { print n }')
			[ -z "$name" ] && return 1
			flag=rt_skip_$name
		fi
		grep -qx "#define $flag 1" $GEN/$id.skip.h && continue
		echo "#define $flag 1" >> $GEN/$id.skip.h
		[ "${flag#rt_skip_}" != "$flag" ] &&
			echo "$id: $name: compile error (line $ln)" >> $GEN/skipped.txt
		new=1
	done < $GEN/$id.errors
	[ $new = 1 ]
}

# Errors of the units that failed, attributed per unit (first error only).
failed_units() {
	local id
	for id in "$@"; do [ -e $GEN/$id.o ] || echo "$id"; done
}

: > $GEN/skipped.txt
for id in "${units[@]}"; do write_unit "$id" headers; done
# Private headers only build from the source tree.
for id in "${units[@]}"; do [ -n "${sitedir[$id]}" ] && write_unit "$id" source; done

todo=("${units[@]}")
for round in 1 2 3 4 5 6 7 8 9 10; do
	[ ${#todo[@]} -eq 0 ] && break
	compile "${todo[@]}"
	cp $GEN/build.log $GEN/build-$round.log
	next=()
	for id in $(failed_units "${todo[@]}"); do
		if [ "${mode[$id]}" = headers ] && skip_errors "$id" enums-only; then
			# Only its print arguments need more than the headers.
			next+=("$id")
		elif [ "${mode[$id]}" = headers ] && [ -n "$KSRC" ]; then
			# What the headers alone cannot build, the source tree may.
			: > $GEN/$id.skip.h
			sed -i "/^$id: /d" $GEN/skipped.txt
			write_unit "$id" source
			next+=("$id")
		elif [ "${mode[$id]}" = source ] &&
		     grep -q "/$id\.prefix\.h:[0-9]*:[0-9]*: error" $GEN/build.log; then
			# A static function of the site that does not build here.
			write_unit "$id" types
			next+=("$id")
		elif skip_errors "$id"; then
			next+=("$id")
		else
			echo "$id: ${file[$id]#$SRCTREE/}: does not compile (see build logs)" >> $GEN/skipped.txt
		fi
	done
	todo=("${next[@]}")
done

# Unexported symbols: skip the classes whose probes need them.
# Ringtail's own symbols (rt_*) and the module's own are fine too.
{ awk '$3 == "vmlinux" { print $2 }' "$KDIR/Module.symvers"; echo __this_module; } |
	sort -u > $GEN/exported.txt
bad_classes() {	# unit: classes whose probe reaches an unexported symbol
	objdump -r "$GEN/$1.o" | awk -v expf="$GEN/exported.txt" -v undef="$(nm -u "$GEN/$1.o" | awk '{print $2}' | tr '\n' ' ')" '
		BEGIN { while ((getline s < expf) > 0) ok[s] = 1
			n = split(undef, u, " ")
			for (i = 1; i <= n; i++) if (!(u[i] in ok) && u[i] !~ /^rt_/) bad[u[i]] = 1 }
		/^RELOCATION RECORDS FOR \[/ { sec = $4; sub(/^\[(\.rela)?/, "", sec); sub(/\]:$/, "", sec)
			fn = sec; sub(/^\.text\./, "", fn); sub(/\..*$/, "", fn); next }
		NF >= 3 { s = $3; sub(/[+-]0x[0-9a-f]+$/, "", s); if (sec ~ /^\.text\./) uses[fn] = uses[fn] " " s }
		END {
			do { changed = 0
				for (f in uses) if (!(f in bad)) {
					n = split(uses[f], a, " ")
					for (i = 1; i <= n; i++) if (a[i] in bad) { bad[f] = 1; changed = 1; break }
				}
			} while (changed)
			for (f in bad) if (f ~ /^rt_probe_/) { sub(/^rt_probe_/, "", f); print f }
			for (f in bad) if (f ~ /^rt_enums_/) { sub(/^rt_enums_/, "", f); print "+" f }
			for (f in bad) if (f !~ /^rt_/ && !(f in uses)) print "!" f
		}'
}
relink=()
for id in "${units[@]}"; do
	[ -e $GEN/$id.o ] || continue
	classes=$(bad_classes "$id")
	[ -z "$classes" ] && continue
	for c in $classes; do
		case $c in
		"!"*) ;;
		+*) echo "#define rt_noenum_${c#+} 1" >> $GEN/$id.skip.h ;;
		*) echo "#define rt_skip_$c 1" >> $GEN/$id.skip.h
		   echo "$id: $c: uses symbols vmlinux does not export" >> $GEN/skipped.txt ;;
		esac
	done
	relink+=("$id")
done
if [ ${#relink[@]} -gt 0 ]; then
	compile "${relink[@]}"
	for id in "${relink[@]}"; do
		if [ ! -e $GEN/$id.o ] || [ -n "$(bad_classes "$id")" ]; then
			rm -f $GEN/$id.o
			echo "$id: needs symbols vmlinux does not export" >> $GEN/skipped.txt
		fi
	done
fi

# What builds goes into lttng-tracer.ko.
ok=()
for id in "${units[@]}"; do [ -e $GEN/$id.o ] && ok+=("$id"); done
objs_mk rt-gen-objs "${ok[@]}" > $GEN/objs.mk
# The source tree, for the few private declarations Ringtail reads.
echo "rt-ksrc := $KSRC" >> $GEN/objs.mk
{
	echo "/* Generated by scripts/gen-instrumentation.sh; do not edit. */"
	for id in "${ok[@]}"; do echo "RT_GEN_UNIT($id)"; done
} > $GEN/units.h
{
	echo "Ringtail instrumentation generated for $(basename "$(readlink -f "$KDIR")")"
	echo "headers: $SRCTREE"
	echo "linux source: ${KSRC:-none}"
	echo "units: ${#units[@]} headers, ${#ok[@]} built" \
	     "($(for id in "${ok[@]}"; do echo "${mode[$id]}"; done | grep -vc headers) with the source tree)"
	echo "left out:"
	sed 's/^/  /' $GEN/skipped.txt
} > $GEN/report.txt
cat $GEN/report.txt | head -n 4
echo "  (full list: $GEN/report.txt)"
