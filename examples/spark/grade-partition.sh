#!/bin/sh
# The command Spark pipes each partition through (examples/spark/grade_partitions.py):
# NDJSON subjects on stdin, NDJSON results on stdout, rejected rows to a file of this task
# (in $REJECTS_DIR, shared storage, when set),
# the summary (one JSON line) on stderr, in the executor's log.
# Exit 1 (rows rejected) is a finished partition: 0 here. Exit 2 fails the task.
ruleset="$1"
as_of="$2"
rejects="${REJECTS_DIR:-.}/rejects-$(hostname)-$$.ndjson"  # REJECTS_DIR: shared storage
credit-grading evaluate -r "$ruleset" --as-of "$as_of" --format ndjson --json --rejects "$rejects" -
code=$?
[ "$code" -le 1 ] || exit "$code"
exit 0
