#!/bin/sh
# The probe of probe.c as a busybox shell loop, for hosts without gcc: same arguments and
# output, but "-" for the time (the host stamps a line when it reads it).
p=$1
want=$(printf '%x:%x' "$2" "$3")
usable() {
    { [ -c "$p" ] || [ -b "$p" ]; } && [ "$(stat -c %t:%T "$p" 2>/dev/null)" = "$want" ] && (exec 3<>"$p") 2>/dev/null
}
if [ -n "$4" ]; then
    usable
    exit $?
fi
state=
while :; do
    if usable; then now=up; else now=down; fi
    if [ "$now" != "$state" ]; then
        echo "$now -"
        state=$now
    fi
    usleep 500
done
