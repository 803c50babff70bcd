# Harness self-test: never finishes; the harness must time it out.
sleep 100000
