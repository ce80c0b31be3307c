#!/bin/bash
# Replay every solution in an `eval --json` results file and verify it against the problem file:
# the engine alone, with the solution's constructions as hints, writes the proof, and
# `geoprover verify --problems` checks it.   bench/verify_results.sh PROBLEMS RESULTS OUTDIR
set -u
if [ $# -ne 3 ]; then echo "usage: $0 PROBLEMS RESULTS.jsonl OUTDIR" >&2; exit 2; fi
FILE=$1; RESULTS=$2; OUT=$3
mkdir -p "$OUT"
python3 - "$RESULTS" > "$OUT/todo.txt" <<'PY'
import json, shlex, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["solved"]:
        print(r["name"], " ".join("--hint " + shlex.quote(c) for c in r.get("constructions") or []))
PY
ok=0; bad=0
while read -r name hints; do
  if eval geoprover prove "$FILE" "$name" --mode ddar --timeout 120 $hints --out "$OUT/$name.json" > "$OUT/$name.log" 2>&1 \
     && geoprover verify "$OUT/$name.json" --problems "$FILE" >> "$OUT/$name.log" 2>&1; then
    ok=$((ok + 1))
  else
    bad=$((bad + 1)); echo "FAILED $name (see $OUT/$name.log)"
  fi
done < "$OUT/todo.txt"
echo "verified $ok, failed $bad"
[ "$bad" -eq 0 ]
