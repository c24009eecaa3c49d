#!/usr/bin/env python3
"""Replays aggregateIntraday's statements on a Data Mart kept by `./iwd bench etl --keep`, one by one, in one
transaction that is rolled back, and prints each statement's wall time and the CPU of its PostgreSQL backend (from
/proc, so run it on the database's machine, as a user that may read /proc/<pid>/stat). Parallel workers' CPU is not
the backend's: use --no-parallel to keep every plan in the backend.

The SQL comes from the Java text blocks of IntradayAggregator and AgeSnapshots; the upserts and deletes are built
as AggregateTable builds them. At the end the aggregate tables must still hold exactly the rows they held before
(the replay recomputes what the chain wrote): a difference is printed per table, and the exit status is 1.

  --touched all        every interval of the intraday event facts, no snapshot yet: the chain's run over a fresh
                       Data Mart (`./iwd bench etl`)
  --touched after:N    the intervals of the events with event_id > N, the snapshots through the last interval of
                       the others: the run over a history (`./iwd bench etl --history N`)

Example: scripts/bench/aggregation-statements.py --db iwddm_bench_etl --touched all --no-parallel
"""
import argparse
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
PKG = ROOT / "etl-jobs/src/main/java/org/openiwd/etl/aggregate"

AREAS = {
    "task_classif": (["solution_key", "department_key", "process_key", "category_key"],
                     ["created", "queued", "assigned", "completed", "canceled", "rejected", "completed_in_due",
                      "completed_overdue", "sum_time_to_complete_sec"]),
    "task_queue": (["queue_key"], ["entered", "exited"]),
    "task_agent": (["agent_key"], ["assigned", "completed", "work_time_sec", "held_time_sec"]),
    "task_capt": (["capture_point_key"], ["created", "completed", "canceled", "rejected",
                                          "sum_business_value_created", "sum_business_value_completed"]),
    "task_age": (["age_key", "queue_key", "process_key"], ["open_tasks", "sum_age_sec"]),
}


def text_block(source, name):
    match = re.search(name + r' = """\n(.*?)""";', source, re.S)
    return match.group(1) if match else None


def upsert(area):
    keys, measures = ["date_time_key"] + AREAS[area][0], AREAS[area][1]
    k, m = ", ".join(keys), ", ".join(measures)
    return (f"INSERT INTO h_{area}_fact_15min AS f ({k}, {m}, created_etl_audit_key, updated_etl_audit_key) "
            f"SELECT {k}, {m}, -1, -1 FROM fresh_{area} ON CONFLICT ({k}) DO UPDATE SET "
            + ", ".join(f"{x} = excluded.{x}" for x in measures)
            + ", updated_etl_audit_key = excluded.updated_etl_audit_key WHERE ("
            + ", ".join("f." + x for x in measures) + ") IS DISTINCT FROM ("
            + ", ".join("excluded." + x for x in measures) + ");")


def delete(area, scope):
    keys = ["date_time_key"] + AREAS[area][0]
    return (f"DELETE FROM h_{area}_fact_15min f USING {scope} k WHERE f.date_time_key = k.date_time_key "
            f"AND f.date_time_key BETWEEN (SELECT min(date_time_key) FROM {scope}) "
            f"AND (SELECT max(date_time_key) FROM {scope}) AND NOT EXISTS (SELECT 1 FROM fresh_{area} n WHERE (" + ", ".join("n." + x for x in keys)
            + ") = (" + ", ".join("f." + x for x in keys) + "));")


def statements(touched):
    agg = (PKG / "IntradayAggregator.java").read_text()
    age = (PKG / "AgeSnapshots.java").read_text()
    if touched == "all":
        setup = ["INSERT INTO etl_touched_interval SELECT DISTINCT date_time_key FROM i_task_event_fact "
                 "ON CONFLICT DO NOTHING;", "DELETE FROM etl_age_snapshot;"]
    else:
        after = int(touched.split(":", 1)[1])
        setup = [f"INSERT INTO etl_touched_interval SELECT DISTINCT date_time_key FROM task_event_fact "
                 f"WHERE event_id > {after} ON CONFLICT DO NOTHING;",
                 f"UPDATE etl_age_snapshot SET through_date_time_key = (SELECT max(date_time_key) "
                 f"FROM task_event_fact WHERE event_id <= {after});"]
    steps = [("setup", setup + ["CREATE TEMP TABLE replay_through AS SELECT through_date_time_key AS through "
                                "FROM etl_age_snapshot;"]),
             ("take", [text_block(agg, "TAKE_TOUCHED") + ";", "ANALYZE agg_interval;"])]
    if text_block(agg, "TOUCHED_EVENTS"):
        steps.append(("touched_events", [text_block(agg, "TOUCHED_EVENTS") + ";"]))
    for area, const in [("task_classif", "CLASSIF"), ("task_queue", "QUEUE"), ("task_agent", "AGENT"),
                        ("task_capt", "CAPT")]:
        steps += [(area, [text_block(agg, const) + ";", f"ANALYZE fresh_{area};"]),
                  (area + "_upsert", [upsert(area)]), (area + "_delete", [delete(area, "agg_interval")])]
    steps.append(("touched_days", [text_block(agg, "TOUCHED_DAYS") + ";"]))
    span = ("SELECT least(min(date_time_key), (SELECT through FROM replay_through) + 1) AS first, "
            "greatest(max(date_time_key), (SELECT through FROM replay_through)) AS last FROM agg_interval \\gset")
    steps += [("age_span", [span, text_block(age, "SPAN") + ";", text_block(age, "SPAN_INTERVALS") + ";"]),
              ("task_age", [text_block(age, "FRESH") + ";", "ANALYZE agg_age_interval, fresh_task_age;"]),
              ("task_age_upsert", [upsert("task_age")]), ("task_age_delete", [delete("task_age", "agg_age_interval")])]
    return steps


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--schema", default="tenant_bench")
    parser.add_argument("--touched", default="all")
    parser.add_argument("--no-parallel", action="store_true")
    parser.add_argument("--psql", default="psql -X -q -h 127.0.0.1 -U postgres")
    args = parser.parse_args()

    cpu = "\\! awk '{printf \"@cpu %d\\n\", ($14 + $15) * 10}' /proc/$PID/stat"
    script = ["\\set ON_ERROR_STOP 1", "SELECT pg_backend_pid() AS pid \\gset", "\\setenv PID :pid", "BEGIN;",
              f"SET LOCAL search_path = {args.schema}; SET LOCAL jit = off;"]
    if args.no_parallel:
        script.append("SET LOCAL max_parallel_workers_per_gather = 0;")
    script += [f"CREATE TEMP TABLE before_{a} AS TABLE h_{a}_fact_15min;" for a in AREAS]
    for label, sqls in statements(args.touched):
        script += [f"\\echo @step {label}", cpu, "SELECT clock_timestamp() AS t0 \\gset", *sqls,
                   "SELECT round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000) AS ms \\gset",
                   "\\echo @ms :ms", cpu]
    for area, (dims, measures) in AREAS.items():
        cols = ", ".join(["date_time_key"] + dims + measures)
        script.append(f"SELECT '@diff {area} ' || count(*) FROM ((SELECT {cols} FROM h_{area}_fact_15min EXCEPT "
                      f"SELECT {cols} FROM before_{area}) UNION ALL (SELECT {cols} FROM before_{area} EXCEPT "
                      f"SELECT {cols} FROM h_{area}_fact_15min)) d;")
    script.append("ROLLBACK;")
    run = subprocess.run(args.psql.split() + ["-At", "-d", args.db], input="\n".join(script) + "\n", text=True,
                         capture_output=True)
    if run.returncode:
        sys.exit(run.stderr)
    rows, label, start, ms, differ = [], None, None, None, False
    for line in run.stdout.splitlines():
        if line.startswith("@step "):
            label, start = line[6:], None
        elif line.startswith("@cpu "):
            if start is None:
                start = int(line[5:])
            else:
                rows.append((label, ms, int(line[5:]) - start))
        elif line.startswith("@ms "):
            ms = float(line[4:])
        elif line.startswith("@diff "):
            _, area, count = line.split()
            differ |= count != "0"
            print(f"rows differing from the kept {area}: {count}")
    for label, wall, used in rows:
        print(f"{label:20s} wall {wall:8.0f} ms   backend cpu {used:6d} ms")
    print(f"{'aggregation':20s} wall {sum(r[1] for r in rows[1:]):8.0f} ms   backend cpu "
          f"{sum(r[2] for r in rows[1:]):6d} ms   (setup not counted)")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
