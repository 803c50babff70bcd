# SPDX-License-Identifier: GPL-2.0-only
# Run inside the guest by bench/run: what a probe hit costs, Ringtail
# against lttng-modules (bench/lttng-modules.sh) and the kernel's
# own kprobe and uprobe events (what `perf probe` creates), recorded into
# ftrace's buffer, in the same boot:
#  - a kprobe on __x64_sys_getppid, hit by a getppid() loop: with
#    lttng-modules' fields (ip; Ringtail with lttng_tracer.kprobe_btf=0),
#    and with the function's argument typed from BTF (Ringtail's default),
#    for Ringtail, lttng-modules and the kernel's kprobe event without and
#    with that argument (%di); and Ringtail's probe armed but its event
#    dropped by the pid tracker at once, which is what the kernel's kprobe
#    machinery costs (the floor: the ratios are also given above it);
#  - a uprobe on a function called in a loop (bench/uloop.c), in a copy of
#    the program on tmpfs: on the guest's overlay root lttng-modules
#    cannot place uprobes at all (it registers them on the overlay's
#    inode, which has no pages of its own).
set -u
. "$RT_REPO/bench/lib.sh"
G=$RT_REPO/bench/build/getppid
U=/tmp/uloop
cp "$RT_REPO/bench/build/uloop" "$U"
nk=100000 nu=20000
# The function's file offset: its address in the PIE, whose text segment
# is mapped at its own file offset.
off=$(nm "$U" | awk '$3 == "rt_bench_leaf" { print "0x" $1 }')

min() { [ -z "$1" ] || [ "${2%% *}" -lt "${1%% *}" ] && echo "$2" || echo "$1"; }
unload() { for m in $(awk '$1 ~ /^lttng/ { print $1 }' /proc/modules); do rmmod "$m" 2> /dev/null; done; }

# lt NAME LOOP N ENABLE-ARGS...: "ns-per-call events" of LOOP while an
# lttng session records event "ev" made by ENABLE-ARGS (with $track set,
# while it tracks only that pid).
lt() {
	local name=$1 loop=$2 n=$3 dir=$RT_TMP/$1 ns
	shift 3
	lttng create "$name" --output="$dir" > /dev/null
	lttng enable-channel -k --overwrite --subbuf-size 2M --num-subbuf 8 c > /dev/null
	if ! lttng enable-event -k -c c "$@" ev > /dev/null; then
		lttng destroy > /dev/null
		echo "0 0"
		return
	fi
	[ -z "${track:-}" ] || lttng track -k --pid "$track" > /dev/null
	lttng start > /dev/null
	ns=$("$loop" "$n")
	lttng stop > /dev/null
	lttng destroy > /dev/null
	echo "$ns $(babeltrace2 "$dir" 2> /dev/null | grep -c ' ev: ')"
	rm -rf "$dir"
}

# ft KIND LOOP N DEFINITION: the same with the kernel's KIND (kprobe or
# uprobe) event rtb/ev recording into ftrace's buffer.
ft() {
	local kind=$1 loop=$2 n=$3 ns
	echo 16384 > $T/buffer_size_kb
	echo > $T/trace
	echo "$4" > "$T/${kind}_events" || { echo "0 0"; return; }
	echo 1 > $T/events/rtb/ev/enable
	ns=$("$loop" "$n")
	echo 0 > $T/events/rtb/ev/enable
	echo "$ns $(grep -c ' ev: ' $T/trace)"
	echo > "$T/${kind}_events"
	echo > $T/trace
}

kb= ub= ra= rs= rf= lk= fk= fa= ru= lu= fu=
for round in 1 2 3; do
	kb=$(min "$kb" "$("$G" $nk)")
	ub=$(min "$ub" "$("$U" $nu)")
	fk=$(min "$fk" "$(ft kprobe "$G" $nk 'p:rtb/ev __x64_sys_getppid')")
	fa=$(min "$fa" "$(ft kprobe "$G" $nk 'p:rtb/ev __x64_sys_getppid regs=%di:x64')")
	fu=$(min "$fu" "$(ft uprobe "$U" $nu "p:rtb/ev $U:$off")")
	unload
	lttng-sessiond -d
	echo 0 > /sys/module/lttng_tracer/parameters/kprobe_btf
	ra=$(min "$ra" "$(lt rta-$round "$G" $nk --probe __x64_sys_getppid)")
	echo 1 > /sys/module/lttng_tracer/parameters/kprobe_btf
	rf=$(min "$rf" "$(track=999999 lt rtf-$round "$G" $nk --probe __x64_sys_getppid)")
	rs=$(min "$rs" "$(lt rts-$round "$G" $nk --probe __x64_sys_getppid)")
	ru=$(min "$ru" "$(lt rtu-$round "$U" $nu --userspace-probe "elf:$U:rt_bench_leaf")")
	stop_sessiond
	if [ -n "$lttng_dir" ]; then
		lttng_load
		lttng-sessiond -d
		lk=$(min "$lk" "$(lt lmk-$round "$G" $nk --probe __x64_sys_getppid)")
		lu=$(min "$lu" "$(lt lmu-$round "$U" $nu --userspace-probe "elf:$U:rt_bench_leaf")")
		stop_sessiond
		unload
	fi
done

k() { [ "${1%% *}" -gt 0 ] && echo $((${1%% *} - kb)) || echo -; }
u() { [ "${1%% *}" -gt 0 ] && echo $((${1%% *} - ub)) || echo -; }
echo "extra ns per hit, best of 5 runs x 3 rounds; getppid() loop of $nk calls: $kb ns/call;" \
     "uprobed function loop of $nu calls: $ub ns/call"
printf '%-44s %9s %14s %14s\n' "" ringtail lttng-modules "kernel event"
printf '%-44s %9s %14s %14s\n' "kprobe, ip only" "$(k "$ra")" \
	"${lk:+$(k "$lk")}" "$(k "$fk")"
printf '%-44s %9s %14s %14s\n' "kprobe, ip and the typed argument (regs)" "$(k "$rs")" "" "$(k "$fa")"
printf '%-44s %9s %14s %14s\n' "uprobe" "$(u "$ru")" "${lu:+$(u "$lu")}" "$(u "$fu")"
printf '%-44s %9s\n' "kprobe armed, event dropped (the floor)" "$(k "$rf")"
echo "events (5 runs each): ringtail ${ra#* }/${rs#* }/${ru#* }/${rf#* }, lttng-modules ${lk#* }/${lu#* }," \
     "kernel ${fk#* }/${fa#* }/${fu#* }"
[ -z "$lk" ] || [ -z "$lu" ] || echo "$(k "$ra") $(k "$rs") $(k "$lk") $(u "$ru") $(u "$lu") $(k "$rf")" | awk '$3 > 0 && $5 > 0 {
	printf "ratio ringtail/lttng-modules, kprobe: %.2f (typed: %.2f), uprobe: %.2f\n",
		$1 / $3, $2 / $3, $4 / $5
	if ($3 > $6)
		printf "above the floor, kprobe: %.2f (typed: %.2f)\n",
			($1 - $6) / ($3 - $6), ($2 - $6) / ($3 - $6)
}'
