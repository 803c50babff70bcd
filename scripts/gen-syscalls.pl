#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0-only
# Generate Ringtail's system call table from the kernel's own.
#
#   scripts/gen-syscalls.pl KDIR [LINUX_SOURCE_DIR] > table.h
#
# Reads the kernel's generated syscall tables (asm/syscalls_64.h: native,
# asm/syscalls_32.h: ia32 emulation) and the prototypes of the functions
# they name: include/linux/syscalls.h (sys_*), include/linux/compat.h
# (compat_sys_*) and, with the kernel's source tree, the SYSCALL_DEFINEn
# and COMPAT_SYSCALL_DEFINEn definitions themselves (what the kernel's
# syscall metadata is made of): they give the calls no header declares
# (arch_prctl, mmap, ...) and the argument names a prototype leaves out.
#
# Writes one line per system call (the line number names it in compiler
# errors):
#
#   RT_SC(64, 0, read, 3, RT_ARG(IN, unsigned int, fd) RT_ARG(INOUT, ...) ...)
#
# Argument kinds (instrumentation/syscalls.c records them):
#   IN     a value, or a pointer to memory the call only reads: at entry
#   INOUT  a pointer to user memory the call may write: at entry and exit
#   STR    a user string (a const char pointer named like a file, path or
#          name, as lttng-modules decides): copied at entry
# RT_SCU lines have argument names to complete at run time; a call whose
# prototype is not found, or cannot be parsed, is listed with RT_SC_RAW
# (instrumentation/syscalls.c takes its arguments from the kernel's syscall
# metadata).  Calls the table routes to sys_ni_syscall are left out.
use strict;
use warnings;

my ($kdir, $ksrc) = @ARGV;
die "usage: $0 KDIR [KSRC]\n" unless $kdir;
$ksrc = undef if defined $ksrc && ! -d "$ksrc/kernel";

# Debian splits the build tree: its Makefile includes the -common one.
my $srctree = $kdir;
if (open(my $mk, '<', "$kdir/Makefile")) {
	while (<$mk>) {
		if (/^include (.*)\/Makefile$/) { $srctree = $1; last; }
	}
}

# The kernel's configuration: which side of an #ifdef CONFIG_... is built.
my %config;
if (open(my $cf, '<', "$kdir/include/config/auto.conf")) {
	while (<$cf>) {
		$config{$1} = 1 if /^(CONFIG_\w+)=/;
	}
}

# 1 or 0 for a condition on the configuration, undef if it is not one.
sub cond {
	my ($c) = @_;
	$c =~ s/^\s+|\s+$//g;
	# It only says whether the prototypes below are compiled: they are
	# the same either way.
	return undef if $c =~ /CONFIG_ARCH_HAS_SYSCALL_WRAPPER/;
	return $config{$1} ? 1 : 0
		if $c =~ /^(?:defined\s*\(?\s*|IS_ENABLED\s*\(\s*)?(CONFIG_\w+)\s*\)?$/;
	return $config{$1} ? 0 : 1 if $c =~ /^!\s*(?:defined\s*\(?\s*|IS_ENABLED\s*\(\s*)(CONFIG_\w+)\s*\)?$/;
	return undef;
}

# A file without comments and without the sides of #if/#ifdef blocks on
# CONFIG_ symbols that this kernel does not build; blocks on anything
# else are kept (their first definition of a name wins).
sub slurp {
	my ($f) = @_;
	open(my $fh, '<', $f) or return '';
	local $/;
	my $t = <$fh>;
	$t =~ s{/\*.*?\*/}{ }gs;
	$t =~ s{//[^\n]*}{}g;
	$t =~ s{\\\n}{ }g;
	my @stack;	# [this side kept, a side was taken, known]
	my $out = '';
	for my $l (split /\n/, $t) {
		my $live = !grep { !$_->[0] } @stack;
		if ($l =~ /^\s*#\s*(ifdef|ifndef|if)\b\s*(.*)/) {
			my ($kw, $c) = ($1, cond($2));
			$c = 1 - $c if defined $c && $kw eq 'ifndef';
			push @stack, [$c // 1, $c // 0, defined $c];
		} elsif ($l =~ /^\s*#\s*elif\b\s*(.*)/ && @stack) {
			my $s = $stack[-1];
			my $c = cond($1);
			$s->[2] &&= defined $c;
			$s->[0] = $s->[1] && $s->[2] ? 0 : ($c // 1);
			$s->[1] ||= $c // 0;
		} elsif ($l =~ /^\s*#\s*else\b/ && @stack) {
			my $s = $stack[-1];
			$s->[0] = $s->[2] ? !$s->[1] : 1;
		} elsif ($l =~ /^\s*#\s*endif\b/ && @stack) {
			pop @stack;
		} elsif ($live) {
			$out .= "$l\n";
		}
	}
	return $out;
}

my %ctype = map { $_ => 1 } qw(unsigned signed int long short char const
	volatile);

# "char __user *buf" -> ("char __user *", "buf"); name undef if absent.
sub split_arg {
	my ($a) = @_;
	$a =~ s/^\s+|\s+$//g;
	$a =~ s/\s+/ /g;
	return () if $a eq '' || $a =~ /[()\[]/;
	if ($a =~ /^(.*\*)\s*(\w+)$/ && !$ctype{$2} && $2 ne '__user') {
		return ($1, $2);
	}
	return ($a, undef) if $a =~ /\*$/;
	my @t = split / /, $a;
	return ($a, undef) if @t == 1;
	my $last = $t[-1];
	return ($a, undef) if $ctype{$last} || $t[-2] =~ /^(struct|union|enum)$/;
	return (join(' ', @t[0 .. $#t - 1]), $last);
}

# name -> [ [type, argname], ... ] from "asmlinkage long sys_x(args);"
my (%proto, %def);
sub parse_protos {
	my ($text, $prefix) = @_;
	while ($text =~ /\basmlinkage\s+long\s+(${prefix}sys_\w+)\s*\(([^;{]*?)\)\s*;/gs) {
		my ($fn, $args) = ($1, $2);
		next if exists $proto{$fn};
		my @a;
		my $ok = 1;
		if ($args !~ /^\s*void\s*$/) {
			for my $x (split /,/, $args) {
				my @p = split_arg($x);
				if (!@p) { $ok = 0; last; }
				push @a, [@p];
			}
		}
		$proto{$fn} = \@a if $ok;
	}
}
parse_protos(slurp("$srctree/include/linux/syscalls.h"), '');
parse_protos(slurp("$srctree/include/linux/compat.h"), 'compat_');

# SYSCALL_DEFINEn(name, type, arg, ...) in the source tree.
sub parse_defs {
	my ($f) = @_;
	my $t = slurp($f);
	while ($t =~ /\b(COMPAT_)?SYSCALL_DEFINE(\d)\s*\(\s*(\w+)\s*((?:,[^;{]*?)?)\)\s*\{/gs) {
		my ($compat, $n, $name, $rest) = ($1, $2, $3, $4);
		my $fn = ($compat ? 'compat_sys_' : 'sys_') . $name;
		next if exists $def{$fn};
		$rest =~ s/^\s*,//;
		my @x = map { my $s = $_; $s =~ s/^\s+|\s+$//g; $s =~ s/\s+/ /g; $s }
			split /,/, $rest;
		next if @x != 2 * $n || grep { /[()]/ } @x;
		my @a;
		push @a, [$x[2 * $_], $x[2 * $_ + 1]] for 0 .. $n - 1;
		$def{$fn} = \@a;
	}
}
if ($ksrc) {
	open(my $g, '-|', 'grep', '-rlE', '--include=*.c', '--exclude-dir=arch',
	     '--exclude-dir=tools', '--exclude-dir=Documentation',
	     '(COMPAT_)?SYSCALL_DEFINE[0-6]', $ksrc, "$ksrc/arch/x86") or die;
	my @files = <$g>;
	chomp @files;
	# Generic code first, so an arch's own definition does not win
	# over a generic one of the same name (x86 has no such clash).
	parse_defs($_) for sort { ($a =~ m{/arch/}) <=> ($b =~ m{/arch/}) } @files;
}

# Arguments of function $fn: its definition, else its prototype with
# names from the definition or, missing, arg0..argN (the second value is
# then 1: instrumentation/syscalls.c names them from the kernel's syscall
# metadata at run time).
sub args_of {
	my ($fn) = @_;
	my $p = $proto{$fn};
	my $d = $def{$fn};
	return ($d, 0) if $d && (!$p || @$d == @$p);
	return (undef, 0) unless $p;
	my ($a, $unnamed) = ([], 0);
	for my $i (0 .. $#$p) {
		my ($type, $name) = @{$p->[$i]};
		$unnamed = 1, $name = "arg$i" unless defined $name;
		push @$a, [$type, $name];
	}
	return ($a, $unnamed);
}

sub kind {
	my ($type, $name) = @_;
	return 'IN' unless $type =~ /__user/ && $type =~ /\*/;
	if ($type =~ /^const char __user \*$/ &&
	    $name =~ /name|file|path|root|put_old|type/) {
		return 'STR';
	}
	# "const T __user *" is read only; so is "T __user *const __user *"
	# only if the outer pointee is const: approximate by the leading const.
	return 'IN' if $type =~ /^const\b/;
	return 'INOUT';
}

sub table {
	my ($bits, $file) = @_;
	my @out;
	my $max = -1;
	open(my $fh, '<', $file) or die "$file: $!\n";
	while (<$fh>) {
		my ($nr, $native, $compat);
		# exit and exit_group may be __SYSCALL_NORETURN: the same entry.
		if (/^__SYSCALL(?:_NORETURN)?\((\d+),\s*(\w+)\)/) {
			($nr, $native) = ($1, $2);
		} elsif (/^__SYSCALL_WITH_COMPAT\((\d+),\s*(\w+),\s*(\w+)\)/) {
			($nr, $native, $compat) = ($1, $2, $3);
		} else {
			next;
		}
		$max = $nr if $nr > $max;
		next if $native eq 'sys_ni_syscall';
		(my $name = $native) =~ s/^sys_//;
		# What runs on x86-64 for an ia32 call is the compat function.
		my $fn = $compat // $native;
		my ($args, $unnamed) = args_of($fn);
		if (!$args) {
			print STDERR "gen-syscalls: $bits-bit $name: no prototype of $fn, raw arguments\n";
			push @out, "RT_SC_RAW($bits, $nr, $name)";
			next;
		}
		my $s = join(' ', map {
			my ($t, $n) = @$_;
			"RT_ARG(" . kind($t, $n) . ", $t, $n)";
		} @$args);
		push @out, sprintf("RT_SC%s(%d, %d, %s, %d, %s)", $unnamed ? 'U' : '',
				   $bits, $nr, $name,
				   scalar(@$args), $s);
	}
	return ($max + 1, @out);
}

my $gen = "$srctree/arch/x86/include/generated/asm";
$gen = "$kdir/arch/x86/include/generated/asm" unless -f "$gen/syscalls_64.h";
my ($n64, @l64) = table(64, "$gen/syscalls_64.h");
my ($n32, @l32) = -f "$gen/syscalls_32.h" ? table(32, "$gen/syscalls_32.h") : (0);

print "/* Generated by scripts/gen-syscalls.pl from $kdir",
	($ksrc ? " and $ksrc" : ''), ": do not edit. */\n";
print "#define RT_SC_NR_64 $n64\n";
print "#define RT_SC_NR_32 $n32\n";
print "$_\n" for @l64, @l32;
