# SPDX-License-Identifier: GPL-2.0-only
# The state dump: at `lttng start` and at `lttng regenerate statedump`,
# the lttng_statedump_* events describe what existed before: every
# thread (with its pid namespaces nested, its other namespaces and its
# credentials), the descriptors of every file table once, the interrupt
# handlers, the network interfaces, the block devices and the CPUs.
# Each is compared with what /proc and /sys say.  A dump goes only to the
# session it is for: a session started earlier does not see the next
# session's.
. "$RT_REPO/tests/lib.sh"

# Block devices to list: two RAM disks (the guest's root is no disk).
modprobe brd rd_nr=2 rd_size=1024 || echo "note: no brd module, no block devices"
# What must be found in the dump, made before any session exists: a
# process with a name of its own holding a file open on fd 7, a process
# of three threads sharing one file table with a close-on-exec file, and
# a process in a pid namespace of its own.
cp /bin/sleep "$RT_TMP/rt-sd-proc"
: > "$RT_TMP/rt-sd-marker"
sh -c 'exec 7>>"$1"; exec "$2" 300' sh "$RT_TMP/rt-sd-marker" "$RT_TMP/rt-sd-proc" &
proc=$!
/usr/bin/python3 -c '
import sys, threading, time
f = open(sys.argv[1])		# close-on-exec, as Python opens files
for _ in range(2):
    threading.Thread(target=time.sleep, args=(300,), daemon=True).start()
time.sleep(300)' "$RT_TMP/rt-sd-marker" &
threads=$!
unshare --pid --fork "$RT_TMP/rt-sd-proc" 301 &
unsh=$!
# unshare forks its child in the new namespace: wait for it (the debug
# kernel can take more than a second, and has no /proc/PID/task/TID/children).
nsproc=
for i in $(seq 300); do
	nsproc=$(pgrep -P $unsh)
	[ -n "$nsproc" ] && break
	sleep 0.1
done
[ -n "$nsproc" ] || fatal "unshare --pid --fork made no child"
sleep 1
echo "processes: $proc (fd 7), $threads (threads), $nsproc (pid namespace, in $unsh)"
for n in cgroup ipc mnt net pid time user uts; do
	echo "$n $(stat -L -c %i /proc/$proc/ns/$n)"
done > ns.txt
echo "nspid $(stat -L -c %i /proc/$nsproc/ns/pid)" >> ns.txt

lttng-sessiond -d || fatal "lttng-sessiond -d failed"
# Session B starts first: it must see its own dump only.
check "create rt-sd-b" lttng create rt-sd-b --output="$RT_TMP/trace-b"
check "rt-sd-b: enable-event lttng_statedump_*" lttng enable-event -k 'lttng_statedump_*'
check "rt-sd-b: start" lttng start
check "create rt-sd" lttng create rt-sd --output="$RT_TMP/trace"
check "enable-channel" lttng enable-channel -k chan --subbuf-size=1M --num-subbuf=8
check "enable-event lttng_statedump_*" lttng enable-event -k -c chan 'lttng_statedump_*'
ls -d /proc/[0-9]*/task/[0-9]* | sed 's,.*/,,' | sort -n > tids-before.txt
check "lttng start" lttng start
check "lttng regenerate statedump" lttng regenerate statedump
ls -d /proc/[0-9]*/task/[0-9]* | sed 's,.*/,,' | sort -n > tids-after.txt
check "lttng stop" lttng stop
check "lttng destroy rt-sd" lttng destroy rt-sd
check "lttng destroy rt-sd-b" lttng destroy rt-sd-b
kill $proc $threads $unsh 2> /dev/null
cat /proc/interrupts > interrupts.txt
cat /proc/partitions > partitions.txt
cat /proc/cpuinfo > cpuinfo.txt
cat /sys/devices/system/cpu/possible > possible.txt
for d in /sys/class/net/*; do
	echo "dev ${d##*/} $(cat $d/flags)"
	ip -o -4 addr show dev "${d##*/}" | awk '{ print "addr", $2, $4 }'
done > net.txt
cat net.txt

for t in trace trace-b; do
	babeltrace2 "$RT_TMP/$t" > $t.txt 2> $t.err
	check "babeltrace2 reads $t" test $? -eq 0
	check "babeltrace2 says nothing on stderr ($t)" test ! -s $t.err
	[ -s $t.err ] && head -n 20 $t.err
done
echo "$(wc -l < trace.txt) events; process_state of pid 1:"
grep -m 1 'lttng_statedump_process_state: .* tid = 1,' trace.txt | cut -c 1-400
babeltrace2 --output-format=ctf-metadata "$RT_TMP/trace/kernel" > metadata.tsdl
check "metadata: process_state name a 16-byte text array" grep -q '_name\[16\];' metadata.tsdl
check "metadata: file_table_address 64-bit hexadecimal" \
	grep -qE 'integer \{ size = 64; align = [0-9]+; signed = 0; encoding = none; base = 16; \} _file_table_address;' metadata.tsdl
check "metadata: flags octal" \
	grep -qE 'integer \{ size = 32; align = [0-9]+; signed = 0; encoding = none; base = 8; \} _flags;' metadata.tsdl
check "metadata: address_ipv4 big-endian" grep -qE 'byte_order = be; \} _address_ipv4;' metadata.tsdl

/usr/bin/python3 - "$proc" "$threads" "$nsproc" "$$" > checks.txt <<'EOF'
import re, sys
proc, threads, nsproc, shell = (int(a) for a in sys.argv[1:])
def fields(block):
    out = {}
    for m in re.finditer(r'(\w+) = ("(?:[^"\\]|\\.)*"|[^,}]+)', block):
        out[m.group(1)] = m.group(2).strip().strip('"')
    return out
def load(path):
    ev = []
    for line in open(path):
        head, sep, rest = line.rstrip().partition(": { cpu_id = ")
        if not sep:
            continue
        name = head.rsplit(" ", 1)[-1]
        _, _, payload = rest.partition(" }, { ")
        ev.append((name.replace("lttng_statedump_", ""), fields(payload.rstrip(" }"))))
    return ev
def ok(cond, what):
    print(("ok    " if cond else "FAIL  ") + what)
A, B = load("trace.txt"), load("trace-b.txt")
names = lambda ev: [n for n, _ in ev]
ok(names(A).count("start") == 2 and names(A).count("end") == 2,
   "rt-sd: two dumps, start and regenerate (%d start, %d end)" % (names(A).count("start"), names(A).count("end")))
ok(names(B).count("start") == 1 and names(B).count("end") == 1,
   "rt-sd-b: its own dump only (%d start, %d end)" % (names(B).count("start"), names(B).count("end")))
# The first dump: from the first start to the first end.
s, e = names(A).index("start"), names(A).index("end")
d1 = A[s:e + 1]
ok(all(n != "start" and n != "end" for n, _ in d1[1:-1]), "the first dump's events lie between its start and end")
ps = {int(f["tid"]): f for n, f in d1 if n == "process_state"}
ps2 = [f for n, f in A[e + 1:] if n == "process_state"]
before = {int(l) for l in open("tids-before.txt")}
after = {int(l) for l in open("tids-after.txt")}
stable = before & after
missing = sorted(stable - set(ps))
ok(not missing, "every thread that lived throughout has a process_state (%d of %d; missing %s)" %
   (len(stable & set(ps)), len(stable), missing[:10]))
ok(abs(len(ps2) - len(ps)) <= 10, "the regenerated dump lists as many threads (%d, then %d)" % (len(ps), len(ps2)))
p = ps.get(proc, {})
ok(p.get("name") == "rt-sd-proc" and p.get("pid") == str(proc) and p.get("ppid") == str(shell) and
   p.get("type") == "0" and p.get("mode") == "5" and p.get("submode") == "0" and p.get("status") == "5",
   "rt-sd-proc: name, pid, ppid %d, user thread, mode unknown, waiting: %s" % (shell, p))
z = ps.get(0, {})
ok(z.get("name") == "swapper/0" and z.get("type") == "1", "tid 0: swapper/0, a kernel thread")
ok(ps.get(2, {}).get("type") == "1" and ps.get(1, {}).get("type") == "0", "kthreadd a kernel thread, init a user thread")
ok(all(0 <= int(f["status"]) <= 7 for f in ps.values()), "statuses within lttng-modules' 0..7")
# File descriptors, once per file table.
fds = [f for n, f in d1 if n == "file_descriptor"]
mine = [f for f in fds if f["file_table_address"] == p.get("file_table_address")]
seven = [f for f in mine if f["fd"] == "7"]
ok(len(seven) == 1 and seven[0]["filename"].endswith("/rt-sd-marker"),
   "rt-sd-proc's fd 7: the marker file (%s)" % [f["filename"] for f in seven])
if seven:
    fl, fm = int(seven[0]["flags"], 8), int(seven[0]["fmode"], 16)
    ok(fl & 3 == 1 and fl & 0o2000 and not fl & 0o2000000 and fm & 2,
       "...open for writing, appending, inherited across exec (flags 0%o, fmode 0x%x)" % (fl, fm))
ok({"0", "1", "2"} <= {f["fd"] for f in mine}, "rt-sd-proc's fds 0, 1, 2")
tt = [f for f in ps.values() if f["pid"] == str(threads)]
tables = {f["file_table_address"] for f in tt}
ok(len(tt) == 3 and len(tables) == 1, "the Python process: 3 threads, one file table (%d, %d)" % (len(tt), len(tables)))
tfds = [f for f in fds if f["file_table_address"] in tables]
fdnums = [f["fd"] for f in tfds]
ok(tfds and len(fdnums) == len(set(fdnums)), "...its descriptors listed once each (%d)" % len(fdnums))
cx = [f for f in tfds if f["filename"].endswith("/rt-sd-marker")]
ok(cx and int(cx[0]["flags"], 8) & 0o2000000, "...its marker file close-on-exec")
# Namespaces.
ns = dict(l.split() for l in open("ns.txt"))
for n in ("cgroup", "ipc", "mnt", "net", "uts", "time"):
    ev = [f for m, f in d1 if m == "process_%s_ns" % n and f["tid"] == str(proc)]
    ok(len(ev) == 1 and ev[0]["ns_inum"] == ns[n], "rt-sd-proc's %s_ns: %s (%s)" % (n, ns[n], ev))
ev = [f for m, f in d1 if m == "process_user_ns" and f["tid"] == str(proc)]
ok(len(ev) == 1 and ev[0]["ns_inum"] == ns["user"] and ev[0]["vuid"] == "0" and ev[0]["ns_level"] == "0",
   "rt-sd-proc's user_ns: %s, vuid 0, level 0" % ns["user"])
ev = sorted(([f for m, f in d1 if m == "process_pid_ns" and f["tid"] == str(nsproc)]), key=lambda f: f["ns_level"])
ok(len(ev) == 2 and ev[1]["ns_level"] == "1" and ev[1]["vtid"] == "1" and ev[1]["vpid"] == "1" and
   ev[1]["vppid"] == "0" and ev[1]["ns_inum"] == ns["nspid"] and ev[0]["vtid"] == str(nsproc) and
   ev[0]["ns_inum"] == ns["pid"], "the process in a pid namespace: vtid 1 in it, %d in the root's (%s)" % (nsproc, ev))
# Interrupts: each handler is /proc/interrupts'.
irqs = {}
for l in open("interrupts.txt"):
    k, _, rest = l.partition(":")
    if k.strip().isdigit():
        irqs[int(k)] = rest
ie = [f for n, f in d1 if n == "interrupt"]
bad = [f for f in ie if f["action"] not in irqs.get(int(f["irq"]), "")]
ok(ie and not bad, "%d interrupt handlers, each in /proc/interrupts (%s)" % (len(ie), bad[:3]))
ok(any(f["action"].startswith("virtio") for f in ie), "...the virtio handlers among them")
# Network interfaces.
want = set()
for l in open("net.txt"):
    w = l.split()
    if w[0] == "dev" and not int(w[2], 16) & 1:
        want.add((w[1], 0))
    elif w[0] == "addr":
        a = [int(x) for x in w[2].split("/")[0].split(".")]
        want.add((w[1], (a[0] << 24) | (a[1] << 16) | (a[2] << 8) | a[3]))
got = {(f["name"], int(f["address_ipv4"], 16)) for n, f in d1 if n == "network_interface"}
ok(want and got == want, "network interfaces: %s" % sorted(got))
# Block devices: /proc/partitions' disks and partitions.
want = set()
for l in open("partitions.txt"):
    w = l.split()
    if len(w) == 4 and w[0].isdigit():
        want.add(((int(w[0]) << 20) | int(w[1]), w[3]))
got = {(int(f["dev"]), f["diskname"]) for n, f in d1 if n == "block_device"}
ok(got == want and any(n.startswith("ram") for _, n in got), "block devices: %s" % sorted(got))
# CPUs.
info = {}
for l in open("cpuinfo.txt"):
    k, _, v = l.partition(":")
    info.setdefault(k.strip(), v.strip())
lo, _, hi = open("possible.txt").read().strip().partition("-")
cpus = [f for n, f in d1 if n == "cpu_topology"]
ok(sorted(int(f["cpu_id"]) for f in cpus) == list(range(int(lo), int(hi or lo) + 1)),
   "one cpu_topology per possible CPU (%d)" % len(cpus))
ok(cpus and all(f["architecture"] == "x86" and f["vendor"] == info["vendor_id"] and
                f["model_name"] == info["model name"] and f["family"] == info["cpu family"] and
                f["model"] == info["model"] and int(f["cores"]) >= 1 for f in cpus),
   "cpu_topology agrees with /proc/cpuinfo (%s)" % (cpus[:1]))
EOF
cat checks.txt
rt_failures=$((rt_failures + $(grep -c '^FAIL' checks.txt)))
check "the checks ran" grep -q '^ok' checks.txt

# lttng-analyses: a process that started before tracing reads a file
# while tracing; lttng-iousagetop names it from the state dump.  The
# file_descriptor events are left out as lttng-analyses-record would have
# them: lttng-analyses 0.6 reads a `pid` field there, which lttng-modules
# 2.13 replaced by file_table_address (its analyses stop on KeyError
# 'pid' with either tracer); their paths are checked above instead.
head -c 65536 /dev/urandom > "$RT_TMP/rt-sd-data"
/usr/bin/python3 -c '
import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
fd = os.open(sys.argv[1], os.O_RDONLY)
signal.sigwait([signal.SIGUSR1])
for _ in range(64):
    os.pread(fd, 65536, 0)' "$RT_TMP/rt-sd-data" &
reader=$!
sleep 1
check "create rt-sd-io" lttng create rt-sd-io --output="$RT_TMP/trace-io"
check "rt-sd-io: enable-event lttng-analyses' statedump and sched events" \
	lttng enable-event -k 'lttng_statedump_process_state,lttng_statedump_block_device,sched_*'
check "rt-sd-io: enable-event --syscall pread64,read,openat,close" \
	lttng enable-event -k --syscall pread64,read,openat,close
check "rt-sd-io: start" lttng start
kill -USR1 $reader
wait $reader
check "rt-sd-io: stop" lttng stop
check "rt-sd-io: destroy" lttng destroy
lttng-iousagetop --no-progress --no-color "$RT_TMP/trace-io" > iousage.txt 2>&1
sed -n '1,40p' iousage.txt
check "lttng-iousagetop: the reader's 4 MiB, by name and pid" \
	grep -qE "4\.00 MiB +python3 +\($reader\)" iousage.txt

check "sessiond stops" rt_stop_sessiond
check "every Ringtail module unloaded" test -z "$(rt_loaded_modules)"
rmmod brd 2> /dev/null
rt_done
