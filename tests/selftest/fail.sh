# Harness self-test: fails on purpose; the harness must report it failed.
echo "this test fails on purpose"
exit 1
