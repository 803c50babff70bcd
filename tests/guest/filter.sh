# SPDX-License-Identifier: GPL-2.0-only
# `lttng enable-event -k --filter`: two sessions record the same workload
# at once, one with no filter (and the procname and tid contexts), one
# with a channel per filter.  For each filter, the filtered channel must
# hold exactly the unfiltered events that satisfy the expression, which
# this test evaluates itself (Python) on the unfiltered trace: numeric
# comparisons on fields of several sizes and signedness, string equality
# and star globs, &&, || and !, bitwise masks, $ctx fields that the
# filtered channel does not record, and system call arguments, user-space
# strings included.  A field the event does not have (an exit event
# filtered on an entry argument) keeps that event out, as in lttng-modules.
#
# The sessions do not start and stop at the same instant, so the
# comparison covers the workload, between two lttng_logger markers the
# unfiltered session records, less a millisecond at each end for events
# that one session timed just inside and the other just outside.
. "$RT_REPO/tests/lib.sh"

# name@enable-event arguments@the events they select@filter@Python
# predicate on f (the payload fields) and c (the unfiltered channel's
# contexts); a missing field makes it false.
filters='
glob@sched_switch@sched_switch@next_comm == "rt-filt*" || prev_comm == "swapper/1"@glob("rt-filt*", f["next_comm"]) or f["prev_comm"] == "swapper/1"
mask@sched_switch@sched_switch@(prev_state & 0x1) != 0 && !(next_tid == 0)@(f["prev_state"] & 1) != 0 and not f["next_tid"] == 0
prio@sched_switch@sched_switch@prev_prio < next_prio || prev_tid > 1000@f["prev_prio"] < f["next_prio"] or f["prev_tid"] > 1000
ctx@sched_switch@sched_switch@$ctx.procname == "rt-filt*" && $ctx.tid != 0@glob("rt-filt*", c["procname"]) and c["tid"] != 0
path@--syscall openat@syscall_entry_openat syscall_exit_openat@filename == "/tmp/rt-filter-*"@glob("/tmp/rt-filter-*", f["filename"])
creat@--syscall openat@syscall_entry_openat syscall_exit_openat@dfd == -100 && (flags & 0x40) == 0x40@f["dfd"] == -100 and (f["flags"] & 0x40) == 0x40
enoent@--syscall openat@syscall_entry_openat syscall_exit_openat@ret == -2@f["ret"] == -2
read@--syscall read@syscall_entry_read syscall_exit_read@count > 100000 && count <= 200000@f["count"] > 100000 and f["count"] <= 200000
ctxsc@--syscall openat@syscall_entry_openat syscall_exit_openat@$ctx.procname == "rt-filt-cat" && !(filename == "/etc/*")@c["procname"] == "rt-filt-cat" and not glob("/etc/*", f["filename"])
'

lttng-sessiond -d || fatal "lttng-sessiond -d failed"
lttng create rt-all --output="$RT_TMP/all" > create.log 2>&1 || fatal "lttng create: $(cat create.log)"
check "unfiltered channel" lttng enable-channel -k -s rt-all all --subbuf-size=1M --num-subbuf=8
check "unfiltered events" lttng enable-event -k -s rt-all -c all sched_switch,lttng_logger
check "unfiltered system calls" lttng enable-event -k -s rt-all -c all --syscall openat,read
check "unfiltered contexts" lttng add-context -k -s rt-all -c all -t procname -t tid
lttng create rt-filt --output="$RT_TMP/filt" > create.log 2>&1 || fatal "lttng create: $(cat create.log)"
n=0
while IFS='@' read -r name ev names expr pred; do
	[ -n "$name" ] || continue
	n=$((n + 1))
	lttng enable-channel -k -s rt-filt "c$n" --subbuf-size=512K --num-subbuf=8 > /dev/null ||
		check "channel c$n" false
	# shellcheck disable=SC2086 # $ev holds options
	check "enable-event $ev --filter '$expr'" \
		lttng enable-event -k -s rt-filt -c "c$n" $ev --filter "$expr"
	printf '%s\t%s\t%s\t%s\n' "c$n" "$names" "$expr" "$pred" >> filters.tsv
done <<< "$filters"
check "lttng start rt-all" lttng start rt-all
check "lttng start rt-filt" lttng start rt-filt

cp /bin/cat "$RT_TMP/rt-filt-cat"
cp /bin/sleep "$RT_TMP/rt-filt-sleep"
echo "rt-filter BEGIN" > /proc/lttng-logger
for i in $(seq 1 20); do
	echo "data $i" > "/tmp/rt-filter-$i"
	"$RT_TMP/rt-filt-cat" "/tmp/rt-filter-$i" "/tmp/rt-filter-missing-$i" /etc/hostname > /dev/null 2>&1
	dd if=/dev/zero of=/dev/null bs=$((100000 + i * 5000)) count=1 2> /dev/null
	dd if=/dev/zero of=/dev/null bs=4096 count=2 2> /dev/null
	"$RT_TMP/rt-filt-sleep" 0.01
done
echo "rt-filter END" > /proc/lttng-logger

check "lttng stop rt-filt" lttng stop rt-filt
check "lttng stop rt-all" lttng stop rt-all
check "lttng destroy --all" lttng destroy --all
check "sessiond stops" rt_stop_sessiond

bt() {	# trace-dir output
	babeltrace2 --clock-seconds --no-delta "$1" > "$2" 2> "$2.err"
	check "babeltrace2 reads $(basename "$1")" test $? -eq 0
	check "babeltrace2 says nothing on stderr for $(basename "$1")" test ! -s "$2.err"
	head -n 5 "$2.err"
}
bt "$RT_TMP/all/kernel" all.txt
echo "unfiltered: $(wc -l < all.txt) events"
# One trace per filtered channel: the metadata and that channel's streams.
for c in $(cut -f1 filters.tsv); do
	mkdir -p "$RT_TMP/per/$c"
	cp "$RT_TMP/filt/kernel/metadata" "$RT_TMP/filt/kernel/${c}"_* "$RT_TMP/per/$c/"
	bt "$RT_TMP/per/$c" "$c.txt"
done

/usr/bin/python3 - > checks.txt <<'EOF'
import collections, fnmatch, re

LINE = re.compile(r'^\[(\d+\.\d+)\] \S+ (\S+): (.*)$')
FIELD = re.compile(r'(\w+) = (\( "[^"]*" : container = -?\d+ \)|"(?:[^"\\]|\\.)*"|[^,}]+)')

def value(v):
    v = v.strip()
    m = re.search(r'container = (-?\d+)', v)
    if m:
        return int(m.group(1))
    if v.startswith('"'):
        return v[1:-1]
    try:
        return int(v, 0)
    except ValueError:
        return v

def events(path):
    out = []
    for line in open(path):
        m = LINE.match(line)
        if not m:
            continue
        groups = re.findall(r'\{ ([^{}]*) \}', m.group(3))
        f = {k: value(v) for k, v in FIELD.findall(groups[-1])} if groups else {}
        c = {k: value(v) for k, v in FIELD.findall(groups[1])} if len(groups) == 3 else {}
        out.append((float(m.group(1)), m.group(2), f, c, groups[-1] if groups else ''))
    return out

def glob(pattern, s):
    # lttng's star glob: '*' only, at any place; no other wildcard.
    return fnmatch.fnmatchcase(s, pattern.replace('[', '[[]').replace('?', '[?]'))

allev = events('all.txt')
marks = [t for t, n, f, c, _ in allev if n == 'lttng_logger' and 'rt-filter' in str(f.get('msg', ''))]
if len(marks) != 2:
    print('FAIL  the unfiltered trace holds both workload markers (%d)' % len(marks))
    raise SystemExit
lo, hi = marks[0] + 0.001, marks[1] - 0.001
print('ok    the workload lasted %.3f s between its markers' % (marks[1] - marks[0]))

# A task's last sched_switch reports EXIT_ZOMBIE (32) or EXIT_DEAD (16) as
# its prev_state, read from its exit_state when each event records: its
# parent, reaping it on another CPU, can turn one into the other between
# the unfiltered session's event and the filtered one's, so the two states
# of a dying task count as one.
EXITING = re.compile(r'\bprev_state = (?:16|32)\b')

def key(e):
    return (e[1], EXITING.sub('prev_state = exiting', e[4]))

for line in open('filters.tsv'):
    chan, names, expr, pred = line.rstrip('\n').split('\t')
    names = set(names.split())
    fn = eval('lambda f, c: ' + pred)
    def sat(e):
        try:
            return bool(fn(e[2], e[3]))
        except KeyError:
            return False
    cand = [e for e in allev if e[1] in names]
    filt = events(chan + '.txt')
    want_all = [e for e in cand if sat(e)]
    inner_want = [e for e in want_all if lo <= e[0] <= hi]
    inner_not = [e for e in cand if lo <= e[0] <= hi and not sat(e)]
    inner_got = [e for e in filt if lo <= e[0] <= hi]
    have = collections.Counter(map(key, filt))
    allowed = collections.Counter(map(key, want_all))
    missing = collections.Counter(map(key, inner_want)) - have
    extra = collections.Counter(map(key, inner_got)) - allowed
    # Not vacuous: the workload has events on both sides of the filter.
    ok = inner_want and inner_not and not missing and not extra
    print('%s  %s: %d of %d events of the workload pass, %d recorded, %d missing, %d extra'
          % ('ok   ' if ok else 'FAIL ', expr, len(inner_want),
             len(inner_want) + len(inner_not), len(inner_got),
             sum(missing.values()), sum(extra.values())))
    for k in list(missing)[:3]:
        print('      missing: %s %s' % k)
    for k in list(extra)[:3]:
        print('      extra:   %s %s' % k)
EOF
cat checks.txt
check "every filter checked" test "$(grep -c '^ok' checks.txt)" -eq $((n + 1))
check "no filter failed" test "$(grep -c '^FAIL' checks.txt)" -eq 0

rt_done
