# SPDX-License-Identifier: GPL-2.0-only
# Ringtail builds against whatever kernel is installed: no kernel version
# checks, no kallsyms lookups, no kernel release written into the sources.
set -u
cd "$(dirname "$0")/../.."
bad=0
rule() {	# description git-grep-arguments...
	local what=$1 hits
	shift
	hits=$(git grep -nE "$@" -- ':!doc/' ':!tests/host/source-rules.sh')
	if [ -z "$hits" ]; then
		echo "ok    $what"
	else
		echo "FAIL  $what:"
		echo "$hits"
		bad=1
	fi
}
rule "no LINUX_VERSION_CODE / KERNEL_VERSION checks" 'LINUX_VERSION_CODE|KERNEL_VERSION\('
rule "no kallsyms lookups" 'kallsyms_lookup_name|kallsyms_on_each'
rule "no hard-coded kernel release" '[0-9]+\.[0-9]+\.[0-9]+-[0-9]+-(amd64|cloud|rt)'
exit $bad
