# Harness self-test: exits 0 but makes the kernel WARN; the harness must
# report it failed because of the console splat.
insmod "$RT_REPO/tests/modules/rt_test_warn.ko" || exit 2
rmmod rt_test_warn
exit 0
