# SPDX-License-Identifier: GPL-2.0-only
# CTF 2 metadata (issue 20).  The same events are recorded at once into a
# CTF 1.8 session and a CTF 2 one by tests/workloads/record (a minimal
# consumer that writes CTF 2 metadata as lttng-consumerd 2.14 and later
# do: text, without packet headers): lttng-test's event, which has a field
# of every type Ringtail writes, system calls with user strings, and
# contexts.  The CTF 2 metadata must be a JSON text sequence of the
# fragments babeltrace2 2.1 expects, in its order, every field class as
# the CTF 1.8 declaration says; and babeltrace2 2.1 (RT_BABELTRACE2_21,
# where one is built) must read from it the events and field values
# babeltrace2 2.0 reads from the CTF 1.8 trace.
. "$RT_REPO/tests/lib.sh"

# The mmap clients record uses, and the test module.
for m in lttng-ring-buffer-client-mmap-discard lttng-ring-buffer-metadata-mmap-client lttng-test; do
	modprobe $m || fatal "modprobe $m"
done
rec=$RT_REPO/tests/build/workloads/record
# Contexts: procname (2), vpid (5), vtid (7), prio (3).
check "record the same events in a CTF 1.8 and a CTF 2 session" \
	"$rec" -t lttng_test_filter_event -s openat -s close -c 2 -c 5 -c 7 -c 3 \
	-o "$RT_TMP/ctf18:1" -o "$RT_TMP/ctf2:2" -- \
	sh -c 'echo 3 > /proc/lttng-test-filter-event && cat /etc/hostname > /dev/null'
check "the CTF 2 metadata starts with the preamble's record separator" \
	test "$(head -c 1 "$RT_TMP/ctf2/metadata" | od -An -tx1 | tr -d ' ')" = 1e

python3 - "$RT_TMP/ctf2/metadata" > json.txt 2>&1 <<'EOF'
# Each fragment: RS, one JSON object, LF.  Checks the order babeltrace2
# 2.1 requires and the field classes of lttng-test's event.
import json, sys
data = open(sys.argv[1], 'rb').read()
assert data[:1] == b'\x1e', 'no leading RS'
frags = [json.loads(c) for c in data.split(b'\x1e')[1:]]
types = [f['type'] for f in frags]
print('fragments:', len(frags), ' '.join(sorted(set(types))))
assert types[0] == 'preamble' and frags[0]['version'] == 2, 'preamble first'
assert len(frags[0]['uuid']) == 16 and all(0 <= b < 256 for b in frags[0]['uuid'])
aliases = [f['name'] for f in frags if f['type'] == 'field-class-alias']
assert aliases == ['u32-erc-id', 'u64-ts', 'er-header-compact', 'er-header-large',
                   'pkt-ctx', 'pkt-header'], aliases
assert types.index('trace-class') < types.index('clock-class') < types.index('data-stream-class')
assert types.count('trace-class') == 1 and types.count('clock-class') == 1
trace = frags[types.index('trace-class')]
env = trace['environment']
assert env['tracer_name'] == 'lttng-modules' and env['domain'] == 'kernel', env
assert isinstance(env['tracer_major'], int)
clock = frags[types.index('clock-class')]
assert 0 <= clock['offset-from-origin']['cycles'] < clock['frequency'], clock
streams = {f['id']: f for f in frags if f['type'] == 'data-stream-class'}
events = [f for f in frags if f['type'] == 'event-record-class']
for e in events:
    assert e['data-stream-class-id'] in streams, e['name']
    assert types.index('data-stream-class') < frags.index(e)
ids = [(e['data-stream-class-id'], e['id']) for e in events]
assert len(ids) == len(set(ids)), 'event record class ids repeat'
ctx = [m['name'] for s in streams.values()
       for m in s['event-record-common-context-field-class']['member-classes']]
print('context:', ' '.join(ctx))
assert ctx == ['procname', 'vpid', 'vtid', 'prio'], ctx
print('events:', ' '.join(sorted(e['name'] for e in events)))
t = [e for e in events if e['name'] == 'lttng_test_filter_event'][0]
m = {x['name']: x['field-class'] for x in t['payload-field-class']['member-classes']}
def fc(name, **want):
    got = m[name]
    for k, v in want.items():
        assert got.get(k) == v, (name, k, got.get(k), v)
fc('intfield', type='fixed-length-signed-integer', length=32)
fc('intfield2', type='fixed-length-signed-integer', **{'preferred-display-base': 16})
fc('longfield', type='fixed-length-signed-integer', length=64)
fc('netintfield', **{'byte-order': 'big-endian'})
fc('netintfieldhex', **{'byte-order': 'big-endian', 'preferred-display-base': 16})
fc('arrfield1', type='static-length-array')
assert m['arrfield1']['element-field-class']['length'] == 64
fc('arrfield2', type='static-length-string')
assert m['arrfield3']['element-field-class']['byte-order'] == 'big-endian'
fc('_seqfield1_length', type='fixed-length-unsigned-integer', length=64)
fc('seqfield1', type='dynamic-length-array', **{'length-field-location': {'path': ['_seqfield1_length']}})
fc('seqfield2', type='dynamic-length-string', **{'length-field-location': {'path': ['_seqfield2_length']}})
fc('stringfield', type='null-terminated-string')
fc('bitfield_seq_padding', type='structure', **{'member-classes': []})
assert m['bitfield_seq']['element-field-class']['length'] == 1
assert m['bitfield_array']['length'] % 64 == 0
maps = m['enumnegative']['mappings']
assert [[-1, -1]] in maps.values(), maps
assert all(isinstance(r, list) and len(r) == 2 and r[0] <= r[1]
           for v in m['enum202']['mappings'].values() for r in v)
print('lttng_test_filter_event:', len(m), 'members checked')
EOF
check "... a JSON text sequence of the fragments babeltrace2 2.1 expects, in order (json.txt)" test $? -eq 0
cat json.txt

babeltrace2 "$RT_TMP/ctf18" > ctf18.txt 2> ctf18.err
check "babeltrace2 $(babeltrace2 --version | sed -n 's/^Babeltrace \([0-9.]*\).*/\1/p') reads the CTF 1.8 trace with no warning" \
	sh -c "[ -s ctf18.txt ] && [ ! -s ctf18.err ]"
# Timestamps aside (each session measures its own clock offset).
sed 's/^\[[^]]*\] ([^)]*) //' ctf18.txt > ctf18.events
check "... with lttng-test's three events and the system calls' filenames" \
	sh -c "[ \$(grep -c '^[^ ]* lttng_test_filter_event: ' ctf18.events) -eq 3 ] &&
	       grep -q 'syscall_entry_openat: .*filename = \"/etc/hostname\"' ctf18.events"

bt21=${RT_BABELTRACE2_21:-/var/tmp/ringtail-bt21/prefix/bin/babeltrace2}
if [ -x "$bt21" ]; then
	"$bt21" "$RT_TMP/ctf2" > ctf2.txt 2> ctf2.err
	check "babeltrace2 $("$bt21" --version | sed -n 's/^Babeltrace \([0-9.]*\).*/\1/p') reads the CTF 2 trace with no warning" \
		sh -c "[ -s ctf2.txt ] && [ ! -s ctf2.err ]"
	head -n 5 ctf2.err
	sed 's/^\[[^]]*\] ([^)]*) //' ctf2.txt > ctf2.events
	check "... the same $(wc -l < ctf18.events) events, with the same fields and values" \
		cmp ctf18.events ctf2.events
	diff ctf18.events ctf2.events | head -n 10
	grep -m 1 ' lttng_test_filter_event: ' ctf2.events
else
	echo "not checked: reading the CTF 2 trace (no babeltrace2 2.1: RT_BABELTRACE2_21)"
fi

rmmod lttng-test lttng-ring-buffer-client-mmap-discard lttng-ring-buffer-metadata-mmap-client
rmmod lttng_tracer 2> /dev/null
check "every Ringtail module unloaded" test -z "$(rt_loaded_modules)"
rt_done
