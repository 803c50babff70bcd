# Harness self-test: stops the guest's test runner, as a wedged guest
# kernel stops everything, so that no test ends any more: the host's
# watchdog must stop the guest and say which test was running.
pkill -STOP -f 'tests/harness/guest-run\.sh'
sleep 100000
