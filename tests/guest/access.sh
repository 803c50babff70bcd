# SPDX-License-Identifier: GPL-2.0-only
# Access: only a root with CAP_SYS_ADMIN opens /proc/lttng; a user gets
# EACCES, a root without CAP_SYS_ADMIN EPERM, and neither reaches the
# files lttng-sessiond and lttng-consumerd hold (session, channel, stream,
# event) through /proc/PID/fd.  The lttng-logger is the one file any user
# may write, as with lttng-modules, and its events are recorded.
. "$RT_REPO/tests/lib.sh"

# errno_of WHO PATH FLAGS: the errno name an open by WHO (root, user: uid
# 65534, nocap: root without CAP_SYS_ADMIN) gives, or OK.
errno_of() {
	local who=$1 path=$2 flags=$3 run=()
	case $who in
	user)   run=(setpriv --reuid=65534 --regid=65534 --clear-groups) ;;
	nocap)  run=(setpriv --bounding-set=-sys_admin --inh-caps=-sys_admin) ;;
	root)   run=() ;;
	esac
	"${run[@]}" /usr/bin/python3 -c '
import errno, os, sys
try:
    os.close(os.open(sys.argv[1], getattr(os, sys.argv[2])))
    print("OK")
except OSError as e:
    print(errno.errorcode[e.errno])' "$path" "$flags"
}

modprobe lttng-tracer || fatal "modprobe lttng-tracer"
check "root opens /proc/lttng" [ "$(errno_of root /proc/lttng O_RDWR)" = OK ]
for flags in O_RDWR O_RDONLY O_WRONLY; do
	check "a user opening /proc/lttng $flags gets EACCES" \
		[ "$(errno_of user /proc/lttng $flags)" = EACCES ]
	check "a root without CAP_SYS_ADMIN opening /proc/lttng $flags gets EPERM" \
		[ "$(errno_of nocap /proc/lttng $flags)" = EPERM ]
done

# The daemons' Ringtail files: anon inodes a user can only reach through
# /proc/PID/fd, which needs ptrace access to root's daemons.
lttng-sessiond -d || fatal "lttng-sessiond -d"
lttng create access --output="$RT_TMP/trace" > /dev/null || fatal "lttng create"
lttng enable-channel -k c > /dev/null && lttng enable-event -k -c c sched_switch,lttng_logger > /dev/null ||
	fatal "enable"
lttng start > /dev/null || fatal "lttng start"
files=0 refused=0
for pid in $(pidof lttng-sessiond lttng-consumerd); do
	for fd in /proc/$pid/fd/*; do
		case "$(readlink "$fd")" in
		*lttng*|anon_inode:*) ;;
		*) continue ;;
		esac
		files=$((files + 1))
		for flags in O_RDONLY O_RDWR; do
			e=$(errno_of user "$fd" $flags)
			[ "$e" = EACCES ] && refused=$((refused + 1)) || echo "  $fd ($(readlink "$fd")) $flags: $e"
		done
	done
done
echo "  $files Ringtail and anonymous files held by the daemons"
check "the daemons hold Ringtail files" [ "$files" -ge 4 ]
check "a user can open none of them" [ "$refused" -eq $((files * 2)) ]

check "a user writes to /dev/lttng-logger" \
	setpriv --reuid=65534 --regid=65534 --clear-groups sh -c 'echo from-a-user > /dev/lttng-logger'
lttng stop > /dev/null
lttng destroy > /dev/null
check "the user's line is in the trace" sh -c "babeltrace2 '$RT_TMP/trace' | grep -q 'msg = \"from-a-user'"
rt_stop_sessiond
rt_done
