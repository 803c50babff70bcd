# SPDX-License-Identifier: GPL-2.0-only
# Probes placed at run time, through the unmodified lttng-tools:
#  - a kprobe (--probe) and a function probe (--function) on getppid's
#    system call entry point, uprobes (--userspace-probe) on main() and on
#    a function of a test program and on its SDT probe: each records
#    exactly what the program did (procname and pid contexts), at the
#    addresses the kernel and the binary give;
#  - a probe is armed only while its event records (debugfs' kprobe list);
#  - beyond lttng-modules, arguments and return values typed from the
#    kernel's BTF: do_sys_openat2's dfd, filename and how, and its ret;
#  - probe hits the kernel skips counted as discarded events;
#  - symbols the kernel refuses fail `lttng enable-event` (offsets: see
#    probe_abi.c; lttng-tools 2.13.9 does not pass them on);
#  - a disabled event records nothing;
#  - the probed module removed, and the probed program exiting, while
#    their probes fire; destroying the session leaves no probe behind.
. "$RT_REPO/tests/lib.sh"

W=$RT_REPO/tests/build/workloads
prog=$W/probed
# Probes as the kernel lists them, by address (it names a function by
# any of its aliases, __do_sys_getppid here).
kplist=/sys/kernel/debug/kprobes/list
n=1000

lttng-sessiond -d || fatal "lttng-sessiond -d failed"

ksym() {	# the address of kernel function $1, as the trace prints it
	awk -v s="$1" '$3 == s { sub(/^0+/, "", $1); print "0x" $1; exit }' /proc/kallsyms
}

# count FILE EVENT: events of EVENT made by the probed program.
count() {
	grep " $2: " "$1" | grep -c 'procname = "probed"'
}

# field FILE EVENT NAME: the distinct values of payload field NAME (hex
# in lower case).
field() {
	grep " $2: " "$1" | grep -o "[{,] $3 = [0-9a-fA-Fx]*" | sed 's/.* = //' |
		tr A-F a-f | sort -u | xargs
}

addr=$(ksym __x64_sys_getppid)
# The probes in the kprobe list, by address: the kernel may place a probe
# past the symbol (after the ENDBR of kernels built for indirect branch
# tracking, where the list names it __do_sys_getppid+0x4), at the address
# a probe then reports as its ip.
at="^(${addr#0x}|$(printf '%x' $((addr + 4)))) "
lttng create p --output="$RT_TMP/p" > /dev/null
check "enable-event --probe __x64_sys_getppid" \
	lttng enable-event -k --probe __x64_sys_getppid kp > /dev/null
check "enable-event --function __x64_sys_getppid" \
	lttng enable-event -k --function __x64_sys_getppid fn > /dev/null
check "enable-event --userspace-probe elf:main" \
	lttng enable-event -k --userspace-probe "elf:$prog:main" up_main > /dev/null
check "enable-event --userspace-probe elf:rt_probed_leaf" \
	lttng enable-event -k --userspace-probe "elf:$prog:rt_probed_leaf" up_leaf > /dev/null
check "enable-event --userspace-probe sdt:ringtail:loop" \
	lttng enable-event -k --userspace-probe "sdt:$prog:ringtail:loop" up_sdt > /dev/null
lttng add-context -k -t procname -t pid > /dev/null
grep -E "$at" $kplist > kplist.before
probed=0x$(awk '$2 == "k" { print $1; exit }' kplist.before)
check "registered, not armed before start (2 probes, both disabled)" \
	test "$(grep -c '\[DISABLED\]' kplist.before)" -eq 2
lttng start > /dev/null
grep -E "$at" $kplist > kplist.started
check "armed once started" test "$(grep -c DISABLED kplist.started)" -eq 0 -a \
	"$(grep -c . kplist.started)" -eq 2
"$prog" $n && "$prog" $n
lttng stop > /dev/null
grep -E "$at" $kplist > kplist.stopped
check "disarmed once stopped" test "$(grep -c '\[DISABLED\]' kplist.stopped)" -eq 2
babeltrace2 "$RT_TMP/p" > p.txt 2> p.err
check "the trace reads without warnings" test $? -eq 0 -a ! -s p.err
check "kprobe: $((2 * n)) events" test "$(count p.txt kp)" -eq $((2 * n))
check "function entry: $((2 * n)) events" test "$(count p.txt fn_entry)" -eq $((2 * n))
check "function exit: $((2 * n)) events" test "$(count p.txt fn_exit)" -eq $((2 * n))
check "uprobe on main: 2 events" test "$(count p.txt up_main)" -eq 2
check "uprobe on a function: $((2 * n)) events" test "$(count p.txt up_leaf)" -eq $((2 * n))
check "SDT probe: $((2 * n)) events" test "$(count p.txt up_sdt)" -eq $((2 * n))
echo "__x64_sys_getppid at $addr, probed at $probed; kp ip: $(field p.txt kp ip); fn ip: $(field p.txt fn_entry ip)"
check "the probe is on the function (at most its ENDBR past it)" \
	test $((probed - addr)) -ge 0 -a $((probed - addr)) -le 4
check "kprobe ip: where the kernel placed the probe" test "$(field p.txt kp ip)" = "$probed"
check "function entry and exit ip: the same" \
	test "$(field p.txt fn_entry ip) $(field p.txt fn_exit ip)" = "$probed $probed"
# The entry's parent_ip is where the function returns to, as the exit's.
grep -E " fn_(entry|exit): " p.txt | grep 'procname = "probed"' |
	grep -o 'parent_ip = 0x[0-9a-fA-F]*' | sort | uniq -c > parents.txt
cat parents.txt
check "function entry and exit agree on parent_ip" \
	awk -v n=$((4 * n)) '{ t += $1 } END { exit !(NR == 1 && t == n) }' parents.txt
# A PIE is mapped page-aligned: the low 12 bits are the symbol's.
low() { printf '%03x' $(( $1 & 0xfff )); }
main_off=$(nm "$prog" | awk '$3 == "main" { print "0x" $1 }')
for ip in $(field p.txt up_main ip); do
	check "uprobe on main: ip $ip is main's (+$main_off)" test "$(low "$ip")" = "$(low "$main_off")"
done
# Each program's events under its own pid, in order: main, then the loop.
check "each run's events under its own pid, main first" /usr/bin/python3 - p.txt $n <<'EOF'
import re, sys
n = int(sys.argv[2])
seen = {}
for line in open(sys.argv[1]):
    m = re.search(r" (up_\w+): .*procname = \"probed\", pid = (\d+)", line)
    if m:
        seen.setdefault(m.group(2), []).append(m.group(1))
ok = len(seen) == 2 and all(
    ev[0] == "up_main" and ev.count("up_leaf") == n and ev.count("up_sdt") == n
    for ev in seen.values())
print({p: len(e) for p, e in seen.items()})
sys.exit(not ok)
EOF

# A disabled event records nothing; the others go on.
lttng disable-event -k kp > /dev/null
lttng start > /dev/null
grep -E "$at" $kplist > kplist.disabled
"$prog" 10
lttng stop > /dev/null
check "a disabled kprobe is not armed, the function probe is" \
	test "$(grep -c '  k  .*DISABLED' kplist.disabled) $(grep '  r  ' kplist.disabled | grep -vc DISABLED)" = "1 1"
babeltrace2 "$RT_TMP/p" > p2.txt 2> /dev/null
check "disabled: no more kprobe events" test "$(count p2.txt kp)" -eq $((2 * n))
check "... while the function probe records" test "$(count p2.txt fn_entry)" -eq $((2 * n + 10))
lttng destroy > /dev/null
check "destroy leaves no kprobe" test -z "$(grep -E "$at" $kplist)"

# Typed from the kernel's BTF: a kprobe on a function's entry records its
# arguments, a function probe its arguments and its return value.
lttng create typed --output="$RT_TMP/typed" > /dev/null
lttng enable-event -k --probe do_sys_openat2 op > /dev/null
lttng enable-event -k --function do_sys_openat2 fo > /dev/null
# lttng_tracer.kprobe_btf=0: lttng-modules' fields, for probes made then.
echo 0 > /sys/module/lttng_tracer/parameters/kprobe_btf
lttng enable-event -k --probe do_sys_openat2 op_plain > /dev/null
echo 1 > /sys/module/lttng_tracer/parameters/kprobe_btf
lttng add-context -k -t procname -t pid > /dev/null
lttng start > /dev/null
cat /etc/hostname > /dev/null
cat /nonexistent-ringtail 2> /dev/null
lttng stop > /dev/null
lttng destroy > /dev/null
babeltrace2 "$RT_TMP/typed" > typed.txt 2> typed.err
check "typed: the trace reads without warnings" test $? -eq 0 -a ! -s typed.err
babeltrace2 --output-format=ctf-metadata "$RT_TMP/typed/kernel" > typed.tsdl
check "kprobe_btf=0: the same probe with ip alone" \
	grep -qE ' op_plain: .*procname = "cat", pid = [0-9]+ }, \{ ip = 0x[0-9A-Fa-f]+ }$' typed.txt
if [ -e /sys/kernel/btf/vmlinux ]; then
	grep -A12 'name = "fo_exit"' typed.tsdl | grep -E '_(ret|ip);'
	check "typed: dfd a signed 32-bit integer" \
		grep -qE 'integer \{ size = 32; align = [0-9]+; signed = 1; encoding = none; base = 10; \} _dfd;' typed.tsdl
	check "typed: filename a string" grep -qE 'string( \{ encoding = UTF8; \})? _filename;' typed.tsdl
	check "typed: how a 64-bit hex pointer" \
		grep -qE 'integer \{ size = 64; align = [0-9]+; signed = 0; encoding = none; base = 16; \} _how;' typed.tsdl
	check "typed: ret a signed 64-bit integer" \
		grep -qE 'integer \{ size = 64; align = [0-9]+; signed = 1; encoding = none; base = 10; \} _ret;' typed.tsdl
	grep 'procname = "cat"' typed.txt | grep -E ' (op|fo_entry|fo_exit): ' | head -6
	check "kprobe: openat(AT_FDCWD, \"/etc/hostname\") recorded with dfd = -100" \
		grep -qE ' op: .*procname = "cat".*dfd = -100, filename = "/etc/hostname", how = 0x' typed.txt
	check "function entry: the same arguments" \
		grep -qE ' fo_entry: .*procname = "cat".*dfd = -100, filename = "/etc/hostname"' typed.txt
	check "function exit: ret = -2 (ENOENT) for the missing file, a fd for the other" \
		/usr/bin/python3 - typed.txt <<'EOF2'
import re, sys
pending, got = {}, {}
for line in open(sys.argv[1]):
    m = re.search(r" (fo_entry|fo_exit): .*pid = (\d+) }, \{ (.*) }", line)
    if not m:
        continue
    ev, pid, fields = m.groups()
    if ev == "fo_entry":
        f = re.search(r'filename = "([^"]*)"', fields)
        pending[pid] = f.group(1) if f else None
    elif pid in pending:
        got[pending.pop(pid)] = int(re.search(r"ret = (-?\d+)", fields).group(1))
print({k: v for k, v in got.items() if k in ("/etc/hostname", "/nonexistent-ringtail")})
sys.exit(not (got.get("/nonexistent-ringtail") == -2 and got.get("/etc/hostname", -1) >= 0))
EOF2
else
	# A kernel without BTF (the debug kernel): lttng-modules' fields.
	check "no BTF: the kprobe records ip alone" \
		grep -qE ' op: .*procname = "cat", pid = [0-9]+ }, \{ ip = 0x[0-9A-Fa-f]+ }$' typed.txt
	check "no BTF: the function probe ip and parent_ip alone" \
		grep -qE ' fo_exit: .*procname = "cat", pid = [0-9]+ }, \{ ip = 0x[0-9A-Fa-f]+, parent_ip = 0x[0-9A-Fa-f]+ }$' typed.txt
fi

# Hits the kprobe core skips are counted as lost: a kprobe on
# rt_record_reserve(), which every Ringtail event calls, is hit inside the
# other kprobe's handler, where the core skips it; each of those hits is
# one event lost, counted in the channel like any other loss.
lttng create missed --output="$RT_TMP/missed" > /dev/null
lttng enable-event -k --probe __x64_sys_getppid m_outer > /dev/null
lttng enable-event -k --probe rt_record_reserve m_inner > /dev/null
lttng start > /dev/null
"$prog" 100
lttng stop > missed.stop 2>&1
lttng destroy > /dev/null
babeltrace2 "$RT_TMP/missed" > missed.txt 2> missed.err
told=$(sed -n 's/.*Warning: \([0-9]*\) events were discarded.*/\1/p' missed.stop)
seen=$(sed -n 's/.*discarded \([0-9]*\) events\{0,1\} .*/\1/p' missed.err | awk '{ t += $1 } END { print t + 0 }')
outer=$(grep -c ' m_outer: ' missed.txt)
echo "missed: $outer outer events, $(grep -c ' m_inner: ' missed.txt) inner; lttng stop: ${told:-0} discarded, babeltrace2: $seen"
check "every skipped hit counted as discarded by lttng stop, none recorded" \
	test "$outer" -ge 100 -a "${told:-0}" -eq "$outer" -a "$(grep -c ' m_inner: ' missed.txt)" -eq 0
# They are counted when the probe is disarmed, in the buffer of the CPU
# that stops the session: the trace says how many, or, if that stream had
# no packet before, that events may have been discarded.
check "... and by the trace" test "$seen" -eq "$outer" -o \
	"$seen" -eq 0 -a "$(grep -c 'may have discarded' missed.err)" -eq 1

# Symbols the kernel refuses.
lttng create bad --output="$RT_TMP/bad" > /dev/null
lttng enable-event -k --probe no_such_function_at_all b1 > b1.out 2>&1
check "an unknown symbol is refused" test $? -ne 0
lttng enable-event -k --function kprobe_int3_handler b2 > b2.out 2>&1
check "a blacklisted one too" test $? -ne 0
lttng enable-event -k --userspace-probe "elf:$prog:no_such_symbol" b4 > b4.out 2>&1
check "an unknown ELF symbol too" test $? -ne 0
cat b*.out | grep -i error | head -4
lttng destroy > /dev/null
check "no probe left after refused ones" test -z "$(grep -v '^$' $kplist)"

# Gone while probes fire: the probed module removed, the probed program
# exiting, the session destroyed.
modprobe lttng-test
lttng create gone --output="$RT_TMP/gone" > /dev/null
lttng enable-event -k --function lttng_test_filter_event_write g_mod > /dev/null
lttng enable-event -k --userspace-probe "elf:$prog:rt_probed_leaf" g_up > /dev/null
lttng add-context -k -t procname > /dev/null
lttng start > /dev/null
for i in 1 2 3; do echo 1 > /proc/lttng-test-filter-event; done
( for i in $(seq 50); do "$prog" 200; done ) &
loop=$!
check "the probed module is removed while probed" modprobe -r lttng-test
wait $loop
lttng stop > /dev/null
babeltrace2 "$RT_TMP/gone" > gone.txt 2> gone.err
check "... its events before are kept (3 entries, 3 exits)" \
	test "$(grep -c ' g_mod_entry: ' gone.txt) $(grep -c ' g_mod_exit: ' gone.txt)" = "3 3"
check "... and the uprobe's of 50 programs that exited" \
	test "$(grep -c ' g_up: ' gone.txt)" -eq 10000
lttng start > /dev/null
( for i in $(seq 20); do "$prog" 500; done ) &
loop=$!
sleep 1
check "destroyed while a uprobe fires" lttng destroy gone
wait $loop
check "no probe left" test -z "$(grep -v '^$' $kplist)"
check "sessiond stops" rt_stop_sessiond
rt_done
