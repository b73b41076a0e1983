#!/usr/bin/env bash
# The toast cycle two ways under pgbench, on the data a `mvn -Pbench verify` run leaves in
# target/bench/data/service (its server stopped): the least SQL and the service's own statements
# (src/main/resources/sql/item-delete.sql, deletion-undo.sql).
# Each script is made from those files, so the SQL stays in one place. Needs pgbench and psql
# (Debian: postgresql-contrib). Usage: pgbench-toast-cycle.sh [seconds] [rounds]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
main=$(cd "$here/../../../main/resources/sql" && pwd)
data=$(cd "$here/../../../../target/bench/data/service" && pwd)
bin=$(ls -d "${TMPDIR:-/tmp}"/embedded-pg/PG-*/bin | head -1)
port=55432
export PGPASSWORD=$(cat "$data/undo-service.password")
run_pg() { if [ "$(id -u)" = 0 ]; then unshare -U "$@"; else "$@"; fi; }
run_pg "$bin/pg_ctl" -D "$data" -o "-p $port -c listen_addresses=localhost -c unix_socket_directories=" -l "${TMPDIR:-/tmp}/pgbench-pg.log" start -w >/dev/null
trap 'run_pg "$bin/pg_ctl" -D "$data" stop -m fast -w >/dev/null' EXIT
sql() { psql -h localhost -p $port -U postgres -qAt "$@"; }
# The ids least_items holds: the create scenario adds items after that copy is made, and a step of
# the least SQL on an item it lacks writes nothing (and looks several times faster).
sql -c "DROP TABLE IF EXISTS bench_ids" -c "CREATE TABLE bench_ids AS SELECT row_number() OVER (ORDER BY id)::int AS n, id FROM least_items" \
    -c "ALTER TABLE bench_ids ADD PRIMARY KEY (n)"

# One statement of a file as a pgbench command: comment lines out, one line, $N replaced (highest first).
statement() {
  local file=$1; shift
  local text; text=$(grep -v '^[[:space:]]*--' "$file" | tr '\n' ' ')
  local n=$#
  for ((i = n; i >= 1; i--)); do text=${text//\$$i/${!i}}; done
  printf '%s' "$text"
}
# Tenant and collection as parameters, as the service sends them: written into a statement as
# literals, they give the planner plans the service never gets (BENCHMARKS.md, session 17).
pick='\set n random(1, 10000)
SELECT id AS item, gen_random_uuid() AS d, '"'default'"' AS t, '"'bench'"' AS c FROM bench_ids WHERE n = :n \gset'
dir=$(mktemp -d)
{ echo "$pick"
  echo "$(statement "$here/least-sql-step.sql" ':t' ':item::uuid' 'clock_timestamp()' false ':d::uuid');"
  echo "$(statement "$here/least-sql-step.sql" ':t' ':item::uuid' 'clock_timestamp()' true ':d::uuid');"; } > "$dir/least.sql"
{ echo "$pick"
  echo "$(statement "$main/item-delete.sql" ':t' ':c' ':item::uuid' 'clock_timestamp()' NULL ':d::uuid' NULL 10000);"
  echo "$(statement "$main/deletion-undo.sql" ':t' ':d::uuid' 'ARRAY[:item::uuid]' 'clock_timestamp()' NULL 'ARRAY[:c]');"; } > "$dir/service.sql"

postmaster=$(head -1 "$data/postmaster.pid")
cpu() { local t=0 s; for p in $postmaster $(pgrep -P "$postmaster"); do s=$(awk '{print $14+$15+$16+$17}' "/proc/$p/stat" 2>/dev/null || echo 0); t=$((t + s)); done; echo $t; }
ticks=$(getconf CLK_TCK)
for ((round = 1; round <= ${2:-2}; round++)); do
  for script in least service; do
    before=$(cpu)
    out=$(pgbench -h localhost -p $port -U postgres -n -M prepared -c 8 -j 2 -T "${1:-12}" -f "$dir/$script.sql" postgres 2>&1)
    after=$(cpu)
    cycles=$(echo "$out" | sed -n 's/number of transactions actually processed: \([0-9]*\).*/\1/p')
    tps=$(echo "$out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)
    left=$(sql -c "SELECT (SELECT count(*) FROM least_items WHERE deleted) + (SELECT count(*) FROM items WHERE state = 'deleted')")
    printf 'round %d %-9s %8.0f cycles/s  PostgreSQL %5d µs a cycle  (items left deleted: %s)\n' \
      "$round" "$script" "$tps" $(( (after - before) * 1000000 / ticks / (cycles > 0 ? cycles : 1) )) "$left"
  done
done
