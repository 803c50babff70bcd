# SPDX-License-Identifier: GPL-2.0-only
# `lttng add-context -k`: every context lttng-tools offers for the kernel,
# recorded with every event of the channel (enabled before and after the
# contexts were added), describing the task current at the event: for
# sched_switch the task switched out, so each context must agree with the
# event's own prev_* fields.  Namespace and credential contexts change
# with unshare and setpriv; call stacks hold kernel and user addresses; a
# software perf counter counts; a counter the machine lacks is refused at
# add-context.
. "$RT_REPO/tests/lib.sh"

lttng-sessiond -d || fatal "lttng-sessiond -d failed"
lttng create rt-ctx --output="$RT_TMP/trace" > create.log 2>&1 || fatal "lttng create: $(cat create.log)"
check "enable-channel" lttng enable-channel -k chan --subbuf-size=1M --num-subbuf=8
check "enable-event sched_switch (before the contexts)" \
	lttng enable-event -k -c chan sched_switch
ctx="pid tid procname prio nice vpid vtid ppid vppid hostname interruptible
preemptible need_reschedule migratable callstack-kernel callstack-user
cgroup_ns ipc_ns mnt_ns net_ns pid_ns time_ns user_ns uts_ns uid euid suid
gid egid sgid vuid veuid vsuid vgid vegid vsgid perf:cpu:context-switches"
args=
for t in $ctx; do args="$args -t $t"; done
lttng add-context -k -c chan $args > add.log 2>&1
check "add-context -k of $(echo $ctx | wc -w) contexts" test $? -eq 0
[ -s add.log ] && head -n 5 add.log
check "enable-event sched_process_exec (after the contexts)" \
	lttng enable-event -k -c chan sched_process_exec
# No PMU under TCG: a hardware counter is refused now, never later.
if [ -d /sys/bus/event_source/devices/cpu ]; then
	check "add-context perf:cpu:cpu-cycles with a PMU" \
		lttng add-context -k -c chan -t perf:cpu:cpu-cycles
	hw=1
else
	check "add-context perf:cpu:cpu-cycles without a PMU fails" \
		not lttng add-context -k -c chan -t perf:cpu:cpu-cycles
	hw=0
fi
check "lttng start" lttng start
check "add-context after start fails" not lttng add-context -k -c chan -t nice

# The workload: sleeps as root, as another user, and in new namespaces.
sleep 0.2 & wait $!
setpriv --reuid=4242 --regid=4343 --clear-groups sleep 0.2
unshare --uts --ipc --net --mount --pid --fork sh -c \
	'hostname rt-ctx-ns; for n in uts ipc net mnt pid; do readlink /proc/self/ns/$n; done > ns.txt; exec sleep 0.2'
check "lttng stop" lttng stop
check "lttng destroy" lttng destroy

babeltrace2 "$RT_TMP/trace" > trace.txt 2> bt.err
check "babeltrace2 reads the trace" test $? -eq 0
check "babeltrace2 says nothing on stderr" test ! -s bt.err
[ -s bt.err ] && head -n 20 bt.err
echo "$(wc -l < trace.txt) events; first line:"
head -n 1 trace.txt | cut -c 1-600
babeltrace2 --output-format=ctf-metadata "$RT_TMP/trace/kernel" > metadata.tsdl
check "metadata: event.context declared" grep -q 'event.context := struct {' metadata.tsdl
check "metadata: pid a 32-bit signed integer" \
	grep -qE 'integer \{ size = 32; align = [0-9]+; signed = 1; encoding = none; base = 10; \} _pid;' metadata.tsdl
check "metadata: procname a 16-byte text array" grep -q '_procname\[16\];' metadata.tsdl
check "metadata: kernel call stack a sequence" \
	grep -q '_callstack_kernel\[ __callstack_kernel_length \];' metadata.tsdl

# Kernel symbols for the call stacks: root reads them.
grep -E ' [tT] ' /proc/kallsyms > kallsyms.txt
/usr/bin/python3 - "$hw" > checks.txt <<'EOF'
import re, sys, bisect
hw = sys.argv[1] == "1"
ns = [l.strip() for l in open("ns.txt")]
ns_inum = {n.split(":")[0]: int(re.search(r"\[(\d+)\]", n).group(1)) for n in ns}
syms = sorted((int(a, 16), n) for a, t, n, *_ in (l.split() for l in open("kallsyms.txt")))
addrs = [a for a, _ in syms]
def sym(a):
    i = bisect.bisect_right(addrs, a) - 1
    return syms[i][1] if i >= 0 else "?"
def fields(block):
    out = {}
    for m in re.finditer(r'(\w+) = ("(?:[^"\\]|\\.)*"|\[[^\]]*\]|[^,}]+)', block):
        out[m.group(1)] = m.group(2).strip().strip('"')
    return out
def take_array(text, key):
    """The elements of array `key = [ [0] = a, ... ]` in text, and text without it."""
    i = text.find(key + " = [")
    if i < 0:
        return None, text
    j, depth = i + len(key) + 3, 0
    while j < len(text):
        depth += {"[": 1, "]": -1}.get(text[j], 0)
        j += 1
        if depth == 0:
            break
    vals = [int(x, 0) for x in re.findall(r"\] = (0x[0-9a-fA-F]+|\d+)", text[i:j])]
    return vals, text[:i] + key + " = X" + text[j:]
ev = []
# Plain string splitting: regular expressions over 8 MB of text take
# minutes under emulation.
for line in open("trace.txt"):
    head, sep, rest = line.rstrip().partition(": { cpu_id = ")
    if not sep:
        print("unparsed", line[:200].strip())
        continue
    name = head.rsplit(" ", 1)[-1]
    cpu, _, rest = rest.partition(" }, { ")
    ctx, _, payload = rest.rpartition(" }, { ")
    if not ctx:
        ctx, payload = payload, ""
    ctx = ctx.rstrip(" }")
    payload = payload.rstrip(" }")
    cpu = int(cpu)
    # The call stacks' arrays hold commas: take them out before splitting.
    stacks = {}
    for k in ("callstack_kernel", "callstack_user"):
        stacks[k], ctx = take_array(ctx, k)
    c = fields(ctx)
    p = fields(payload)
    ev.append((name, cpu, c, p, stacks))
sw = [e for e in ev if e[0] == "sched_switch"]
ex = [e for e in ev if e[0] == "sched_process_exec"]
def ok(cond, what):
    print(("ok    " if cond else "FAIL  ") + what)
ok(len(sw) > 20, "%d sched_switch events with contexts" % len(sw))
ok(len(ex) >= 3, "%d sched_process_exec events (enabled after add-context) with contexts" % len(ex))
want = "pid tid procname prio nice vpid vtid ppid vppid hostname interruptible preemptible need_reschedule migratable _callstack_kernel_length _callstack_user_length cgroup_ns ipc_ns mnt_ns net_ns pid_ns time_ns user_ns uts_ns uid euid suid gid egid sgid vuid veuid vsuid vgid vegid vsgid perf_cpu_context_switches".split()
missing = [k for k in want if k not in sw[0][2]] if sw else want
ok(not missing, "every context in every record (missing: %s)" % missing)
bad = [e for e in sw if e[2].get("tid") != e[3].get("prev_tid") or
       e[2].get("procname") != e[3].get("prev_comm") or e[2].get("prio") != e[3].get("prev_prio")]
ok(sw and not bad, "sched_switch: tid, procname, prio == prev_tid, prev_comm, prev_prio (%d differ%s)" %
   (len(bad), ": " + str(bad[0][2].get("tid")) + "/" + str(bad[0][3].get("prev_tid")) if bad else ""))
bad = [e for e in sw if e[3].get("prev_tid") == "0" and e[2].get("pid") != "0"]
ok(not bad, "the idle task: pid 0")
kern = [e for e in sw if e[4]["callstack_kernel"]]
ok(len(kern) == len(sw), "every sched_switch has a kernel call stack (%d of %d)" % (len(kern), len(sw)))
sched = [e for e in kern if any(sym(a) == "__schedule" for a in e[4]["callstack_kernel"][:16])]
ok(len(sched) == len(kern), "...which runs through __schedule (%d of %d)" % (len(sched), len(kern)))
# lttng-tools' test_callstack looks for the tracer's frame by lttng-modules' name.
own = [e for e in kern if "lttng_event_reserve" in [sym(a) for a in e[4]["callstack_kernel"][:8]]]
ok(len(own) == len(kern), "...from the tracer's own lttng_event_reserve on (%d of %d)" % (len(own), len(kern)))
ok(all(a >= 0xffff800000000000 for e in kern for a in e[4]["callstack_kernel"]),
   "kernel call stacks hold kernel addresses")
user = [e for e in sw if e[2].get("procname") == "sleep"]
# Not once it has left its memory on the way out.
# Frames past the first are what frame pointers say, and glibc has none.
ustk = [e for e in user if e[4]["callstack_user"]]
ok(len(ustk) * 2 >= len(user) and all(0x1000 <= e[4]["callstack_user"][0] < 0x800000000000 for e in ustk),
   "sleep's switches have user call stacks from a user address (%d of %d)" % (len(ustk), len(user)))
kth = [e for e in sw if e[3].get("prev_tid") == "0"]
ok(all(not e[4]["callstack_user"] for e in kth), "the idle task has no user call stack")
root = [e for e in user if e[2].get("hostname") != "rt-ctx-ns" and e[2].get("uid") == "0" and e[2]["uts_ns"] != "0"]
ok(root, "sleep as root: uid 0")
other = [e for e in user if e[2].get("uid") == "4242"]
ok(other and all(e[2].get("euid") == "4242" and e[2].get("suid") == "4242" and e[2].get("gid") == "4343"
                 and e[2].get("vuid") == "4242" and e[2].get("vgid") == "4343" for e in other),
   "sleep under setpriv: uid/euid/suid 4242, gid 4343, and the v* ones")
# On its way out a task leaves its namespaces: its nsproxy contexts are 0,
# and babeltrace2 shows an all-NUL text array (hostname) as the previous
# record's text, so those records are told apart by uts_ns.
gone = [e for e in sw if e[2]["uts_ns"] == "0"]
ok(all(e[2][n + "_ns"] == "0" for e in gone for n in ("cgroup", "ipc", "mnt", "net", "time")) and
   all(e[2]["vpid"] == "0" and e[2]["vtid"] == "0" for e in gone),
   "%d records of tasks without namespaces: 0 for each of them, and for vpid, vtid" % len(gone))
nse = [e for e in user if e[2].get("hostname") == "rt-ctx-ns" and e[2]["uts_ns"] != "0"]
ok(nse, "sleep in the new UTS namespace: hostname rt-ctx-ns")
for n in ("uts", "ipc", "net", "mnt", "pid"):
    ok(nse and all(int(e[2][n + "_ns"]) == ns_inum[n] for e in nse) and
       all(int(e[2][n + "_ns"]) != ns_inum[n] for e in root),
       "%s_ns: the new namespace's inode (%d) in it, another outside" % (n, ns_inum[n]))
ok(nse and all(e[2]["vpid"] == "1" and e[2]["pid"] != "1" for e in nse),
   "in the new pid namespace: vpid 1, pid not 1")
fair = [e for e in sw if 0 <= int(e[2]["prio"]) < 40]
ok(fair and all(int(e[2]["nice"]) == int(e[2]["prio"]) - 20 for e in fair),
   "nice == prio - 20 for the %d switches of fair tasks" % len(fair))
ok(all(e[2]["interruptible"] == "0" for e in sw), "sched_switch runs with interrupts off")
ok(all(e[2]["preemptible"] == "0" for e in sw), "sched_switch runs with preemption disabled")
per_cpu = {}
for e in sw:
    per_cpu.setdefault(e[1], []).append(int(e[2]["perf_cpu_context_switches"]))
ok(per_cpu and all(v == sorted(v) for v in per_cpu.values()) and
   any(v[-1] > v[0] for v in per_cpu.values()),
   "perf:cpu:context-switches grows on every CPU (%s)" %
   ", ".join("cpu%d %d..%d" % (c, v[0], v[-1]) for c, v in per_cpu.items()))
if hw:
    ok("perf_cpu_cpu_cycles" in sw[0][2], "perf:cpu:cpu-cycles recorded")
else:
    ok("perf_cpu_cpu_cycles" not in sw[0][2], "the refused counter is in no record")
EOF
cat checks.txt
rt_failures=$((rt_failures + $(grep -c '^FAIL' checks.txt)))
check "the checks ran" grep -q '^ok' checks.txt

check "sessiond stops" rt_stop_sessiond
check "every Ringtail module unloaded" test -z "$(rt_loaded_modules)"
rt_done
