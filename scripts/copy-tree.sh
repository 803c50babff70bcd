#!/bin/bash
# Copy this tree's files (tracked, and untracked ones not ignored) to DEST,
# where Ringtail is built against another kernel (tests/debug.sh,
# tests/kernel.sh), so that the modules built here for the default kernel
# stay as they are.  Only the files whose contents differ are copied: a
# fresh clone's files are all new, and copying them all would make the
# build there start again from scratch.  DEST gets a git index of exactly
# those files: the host tests (git grep, git ls-files) and the
# kernel-change build list the sources through it.
#
# usage: scripts/copy-tree.sh DEST
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
tree=${1:?usage: copy-tree.sh DEST}
mkdir -p "$tree" || exit 2
files=$(cd "$repo" && git ls-files -co --exclude-standard) || exit 2
printf '%s\n' "$files" | while read -r f; do
	cmp -s "$repo/$f" "$tree/$f" && continue
	mkdir -p "$tree/$(dirname "$f")" && cp "$repo/$f" "$tree/$f" || exit 2
done || exit 2
[ -d "$tree/.git" ] || git -C "$tree" init -q || exit 2
rm -f "$tree/.git/index"
printf '%s\n' "$files" | git -C "$tree" update-index --add --stdin || exit 2
