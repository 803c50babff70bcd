# SPDX-License-Identifier: GPL-2.0-only
# Trackers (`lttng track -k` / `untrack -k`, the unmodified lttng-tools):
# writers, each a process with known ids, emit a known number of
# lttng_test_filter_event events (lttng-test) once a gate opens; the
# trace, read with babeltrace2 and its pid/uid/gid contexts, holds the
# events of the tracked processes, exactly as many as they made, and none
# of the others':
#  - pid: the tracked process, not the child it forks; its system calls
#    too, and none of another process's;
#  - untrack --all: nothing; track --all again: everything;
#  - uid, gid (ids that no process had when tracked), vuid, vgid, and vpid
#    (a process that is pid 1 of its own pid namespace).
. "$RT_REPO/tests/lib.sh"

ev=lttng_test_filter_event
proc=/proc/lttng-test-filter-event
gate=$RT_TMP/go

# writer VAR COUNT [PREFIX...]: start a process (run by PREFIX, e.g.
# setpriv) that emits COUNT events once the gate opens, and then has a
# child emit 7 more; its pid goes into VAR.
writer() {
	local var=$1 n=$2
	shift 2
	"$@" sh -c "while [ ! -e $gate ]; do sleep 0.05; done
		echo -n $n > $proc
		(echo -n 7 > $proc)" > /dev/null 2>&1 &
	eval "$var=\$!"
}

# session NAME TRACK-ARGS...: a session recording $ev (and close(2)) with
# the id contexts, each `lttng` command of TRACK-ARGS (separated by ";")
# run before it starts.
session() {
	local name=$1 cmds=$2 c
	rm -f "$gate"
	lttng create "$name" --output="$RT_TMP/$name" > /dev/null &&
	lttng enable-event -k $ev > /dev/null &&
	lttng enable-event -k --syscall close > /dev/null &&
	lttng add-context -k -t pid -t vpid -t uid -t vuid -t gid -t vgid > /dev/null ||
		return 1
	IFS=';' read -ra c <<< "$cmds"
	for cmd in "${c[@]}"; do
		[ -n "$cmd" ] || continue
		lttng $cmd > "$RT_TMP/$name.track" 2>&1 ||
			{ echo "lttng $cmd failed:"; cat "$RT_TMP/$name.track"; return 1; }
	done
	lttng start > /dev/null
}

# finish NAME PIDS...: open the gate, wait for the writers, stop, and
# print "<event> <field>=<value> <count>" for every event, one line per
# event name and value of the contexts asked in $fields.
finish() {
	local name=$1
	shift
	touch "$gate"
	wait "$@"
	lttng stop > /dev/null && lttng destroy > /dev/null || return 1
	babeltrace2 "$RT_TMP/$name" > "$RT_TMP/$name.txt" || return 1
}

# count NAME EVENT FIELD: "<value> <count>" for each value of context
# FIELD among EVENT's events (syscall_entry_close for close).
count() {
	awk -v e=" $2: " -v f="$3" '
		index($0, e) {
			if (match($0, "[{,] " f " = -?[0-9]+")) {
				s = substr($0, RSTART, RLENGTH); sub(/.* = /, "", s); n[s]++
			}
		}
		END { for (v in n) print v, n[v] }' "$RT_TMP/$1.txt" | sort -n | xargs
}

lttng-sessiond -d || fatal "lttng-sessiond -d failed"
modprobe lttng-test || fatal "modprobe lttng-test"

# The pid tracker: one of two root processes.
writer a 100
writer b 70
session tpid "track -k --pid $a" || fatal "session tpid"
finish tpid $a $b || fatal "tpid does not stop"
check "pid: the tracked process's 100 events, not its child's, not the other's ($(count tpid $ev pid))" \
	test "$(count tpid $ev pid)" = "$a 100"
close=$(count tpid syscall_entry_close pid)
check "pid: close(2) only from the tracked process ($close)" \
	test "${close% *}" = "$a" -a "$(echo "$close" | wc -w)" = 2

session tnone "untrack -k --pid --all" || fatal "session tnone"
writer a 50
finish tnone $a || fatal "tnone does not stop"
check "untrack --pid --all: no event ($(grep -c " $ev: " "$RT_TMP/tnone.txt"))" \
	test "$(grep -c " $ev: " "$RT_TMP/tnone.txt")" = 0

session tall "untrack -k --pid --all;track -k --pid --all" || fatal "session tall"
writer a 50
writer b 40
finish tall $a $b || fatal "tall does not stop"
check "track --pid --all again: every event ($(count tall $ev pid))" \
	test "$(count tall $ev pid | tr ' ' '\n' | awk 'NR % 2 == 0 { s += $1 } END { print s }')" = $((50 + 40 + 7 + 7))

# one_id FIELD ID EXPECTED N PREFIX...: a session tracking only ID of
# FIELD's tracker, a writer of N events run by PREFIX and one of 20 as
# root; the trace holds EXPECTED events, all of ID.
one_id() {
	local field=$1 id=$2 expect=$3 n=$4 got
	shift 4
	session "t$field" "track -k --$field $id" || fatal "session t$field"
	writer a "$n" "$@"
	writer b 20
	finish "t$field" $a $b || fatal "t$field does not stop"
	got=$(count "t$field" $ev "$field")
	check "$field $id: its $expect events ($got)" test "$got" = "$id $expect"
}

# Ids no process had when they were tracked; the writer's child shares
# them, so it counts (7 more).
one_id uid 4242 37 30 setpriv --reuid=4242
one_id gid 4343 32 25 setpriv --regid=4343 --clear-groups
one_id vuid 4242 22 15 setpriv --reuid=4242
one_id vgid 4343 19 12 setpriv --regid=4343 --clear-groups
# In a new pid namespace the writer is pid 1 (its child is not).
one_id vpid 1 35 35 unshare --pid --fork

check "sessiond stops" rt_stop_sessiond
rmmod lttng_test
rmmod lttng_tracer 2> /dev/null
check "every Ringtail module unloaded" test -z "$(rt_loaded_modules)"
rt_done
