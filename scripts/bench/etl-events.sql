-- Task lifecycles for ./iwd bench etl, written straight into the IWD database, set-based, in one transaction.
-- psql variables: tenant, first_task (task numbers first_task+1 .. first_task+tasks; also the task ids), tasks,
-- events (at most this many events are kept: the newest ones in feed order are left out, i.e. those tasks are
-- still open), from (timestamptz of the first creation), span_s (creations are spread evenly over this many
-- seconds). Feed positions are given exactly as the API's FeedSequencer gives them: under its row lock, from
-- last_position + 1, in commit order (here: the order of occurred_at), into task_event_position, and
-- last_position moves to the last one. The trigger that queues new events for the sequencer is off meanwhile
-- (ALTER TABLE locks task_event until commit, so no other writer sees it off).
--
-- Lifecycles, by task number modulo 20 (4.25 events per task on average):
--   0-6   Created, Queued, Assigned, Completed
--   7-9   Created, Queued, Assigned, Held, Resumed, Completed
--   10-11 Created, Queued, Updated, Transferred (to another queue), Assigned, Completed
--   12-13 Created, Queued, Assigned, Assigned (to another agent), Completed
--   14    Created, Queued, Canceled
--   15    Created, Queued, Assigned, Rejected
--   16-17 Created, Queued, Assigned (open)
--   18    Created, Queued (open)
--   19    Created, Queued, Assigned, Held (open)
-- 3 solutions, 6 departments, 24 processes, 10 categories, 4 capture points, 12 queues, 300 agents, 3 media
-- types; five custom attributes on every event. Events of a task are 1-5 s, then about 10 minutes apart.
SET LOCAL work_mem = '256MB';
SET LOCAL temp_buffers = '1GB';
SET LOCAL synchronous_commit = off;

-- A scratch database: what only slows writing down without changing the feed goes. The search indexes of task
-- (the benchmark never searches; the full-text GIN index and search_millis() cost most of a task's insert), and
-- the foreign keys' row-by-row checks: they are dropped and added again NOT VALID, unchecked for these rows, which
-- are consistent by construction.
DROP INDEX IF EXISTS task_search_text, task_search_created, task_search_agent, task_search_due, task_search_queue,
    task_search_status;
ALTER TABLE task DROP CONSTRAINT task_tenant_id_fkey;
ALTER TABLE task_event DROP CONSTRAINT task_event_task_id_fkey, DROP CONSTRAINT task_event_tenant_id_fkey,
    DISABLE TRIGGER task_event_queue_for_feed;
ALTER TABLE task_event_position DROP CONSTRAINT task_event_position_tenant_id_fkey;

CREATE TEMP TABLE lifecycle (pattern integer, types text[], statuses text[], queue_no integer[],
    agent_no integer[]) ON COMMIT DROP;
INSERT INTO lifecycle VALUES
    (0, '{Created,Queued,Assigned,Completed}', '{New,Queued,Assigned,Completed}', '{0,0,0,0}', '{0,0,1,1}'),
    (1, '{Created,Queued,Assigned,Held,Resumed,Completed}', '{New,Queued,Assigned,Held,Assigned,Completed}',
        '{0,0,0,0,0,0}', '{0,0,1,1,1,1}'),
    (2, '{Created,Queued,Updated,Transferred,Assigned,Completed}', '{New,Queued,Queued,Queued,Assigned,Completed}',
        '{0,0,0,1,1,1}', '{0,0,0,0,1,1}'),
    (3, '{Created,Queued,Assigned,Assigned,Completed}', '{New,Queued,Assigned,Assigned,Completed}', '{0,0,0,0,0}',
        '{0,0,1,2,2}'),
    (4, '{Created,Queued,Canceled}', '{New,Queued,Canceled}', '{0,0,0}', '{0,0,0}'),
    (5, '{Created,Queued,Assigned,Rejected}', '{New,Queued,Assigned,Rejected}', '{0,0,0,0}', '{0,0,1,1}'),
    (6, '{Created,Queued,Assigned}', '{New,Queued,Assigned}', '{0,0,0}', '{0,0,1}'),
    (7, '{Created,Queued}', '{New,Queued}', '{0,0}', '{0,0}'),
    (8, '{Created,Queued,Assigned,Held}', '{New,Queued,Assigned,Held}', '{0,0,0,0}', '{0,0,1,1}');

-- Seconds from a task's creation to its event number k (1-based); h varies per task.
CREATE FUNCTION pg_temp.step_offset(k bigint, h bigint) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
    SELECT (CASE WHEN k <= 1 THEN 0 WHEN k = 2 THEN 1 + h % 5 ELSE (k - 2) * 600 + (h * k) % 600 END)::integer $$;

CREATE TEMP TABLE gen_event ON COMMIT DROP AS
SELECT t.task_no, s.step, s.type, s.status, s.queue_no, s.agent_no, t.h, t.created_at,
    l.statuses[s.step - 1] AS previous_status,
    t.created_at + make_interval(secs => pg_temp.step_offset(s.step, t.h)) AS occurred_at,
    pg_temp.step_offset(s.step, t.h) - pg_temp.step_offset(s.step - 1, t.h) AS since_previous
FROM (SELECT :first_task + g AS task_no, (:first_task + g) * 2654435761 % 1000003 AS h,
          :'from'::timestamptz + make_interval(secs => (g - 1) * (:span_s)::float8 / :tasks) AS created_at
      FROM generate_series(1, :tasks) g) t
JOIN lifecycle l ON l.pattern = CASE
    WHEN t.task_no % 20 < 7 THEN 0 WHEN t.task_no % 20 < 10 THEN 1 WHEN t.task_no % 20 < 12 THEN 2
    WHEN t.task_no % 20 < 14 THEN 3 WHEN t.task_no % 20 = 14 THEN 4 WHEN t.task_no % 20 = 15 THEN 5
    WHEN t.task_no % 20 < 18 THEN 6 WHEN t.task_no % 20 = 18 THEN 7 ELSE 8 END
CROSS JOIN LATERAL unnest(l.types, l.statuses, l.queue_no, l.agent_no)
    WITH ORDINALITY AS s(type, status, queue_no, agent_no, step);

SELECT last_position FROM feed_sequencer WHERE feed = 'task' FOR UPDATE \gset
CREATE TEMP TABLE pos_event ON COMMIT DROP AS
SELECT * FROM (
    SELECT g.*, :last_position + row_number() OVER (ORDER BY occurred_at, task_no, step) AS feed_id FROM gen_event g
) x WHERE feed_id <= :last_position + :events;

INSERT INTO task (task_id, tenant_id, capture_point_id, capture_id, status, held_from_status, version, solution_id,
    department_id, process_id, category_id, queue_id, agent_id, media_type, priority, business_value, due_at,
    source_created_at, subject, description, customer, attributes, result_code, reason, created_at, updated_at,
    last_event_at)
OVERRIDING SYSTEM VALUE
SELECT DISTINCT ON (task_no) task_no, :'tenant', 'cp-' || task_no % 4, 'bench-' || task_no, status,
    CASE WHEN status = 'Held' THEN 'Assigned' END, step, 'solution-' || task_no % 24 % 6 % 3,
    'department-' || task_no % 24 % 6, 'process-' || task_no % 24, 'category-' || task_no / 7 % 10,
    'queue-' || (task_no + 5 * queue_no) % 12,
    CASE agent_no WHEN 1 THEN 'agent-' || task_no % 300 WHEN 2 THEN 'agent-' || (task_no + 17) % 300 END,
    (ARRAY['workitem', 'email', 'chat'])[1 + task_no % 3], 1 + task_no % 5, 10 * (1 + h % 10),
    created_at + interval '4 hours', created_at - interval '30 seconds', 'Claim ' || task_no,
    'The customer disputes the settlement of claim ' || task_no || ' and attaches two repair estimates.',
    jsonb_build_object('id', 'C-' || h, 'segment', (ARRAY['gold', 'silver', 'bronze'])[1 + h % 3]),
    jsonb_build_object('policyNumber', 'P-' || lpad(h::text, 8, '0'), 'claimAmount', h % 99999 / 100.0,
        'channel', (ARRAY['web', 'phone', 'email'])[1 + task_no % 3], 'vip', task_no % 20 = 0,
        'region', 'region-' || task_no % 8 + 1),
    CASE WHEN status = 'Completed' THEN (ARRAY['solved', 'resolved', 'workaround'])[1 + h % 3] END,
    CASE WHEN status IN ('Canceled', 'Rejected') THEN 'duplicate' END,
    created_at, occurred_at, occurred_at
FROM pos_event
ORDER BY task_no, step DESC;

-- event_id is taken in feed order, as the API's events are (task_id and task_version find the feed_id back).
WITH appended AS (
INSERT INTO task_event (tenant_id, task_id, capture_id, capture_point_id, task_version, type, status,
    occurred_at, solution_id, department_id, process_id, category_id, queue_id, previous_queue_id, agent_id,
    previous_agent_id, media_type, priority, business_value, due_at, source_created_at, result_code, reason,
    attributes, work_time_sec, held_time_sec)
SELECT :'tenant', task_no, 'bench-' || task_no, 'cp-' || task_no % 4, step, type, status, occurred_at,
    'solution-' || task_no % 24 % 6 % 3, 'department-' || task_no % 24 % 6, 'process-' || task_no % 24,
    'category-' || task_no / 7 % 10, 'queue-' || (task_no + 5 * queue_no) % 12,
    CASE WHEN type = 'Transferred' THEN 'queue-' || task_no % 12 END,
    CASE agent_no WHEN 1 THEN 'agent-' || task_no % 300 WHEN 2 THEN 'agent-' || (task_no + 17) % 300 END,
    CASE WHEN agent_no = 2 AND type = 'Assigned' THEN 'agent-' || task_no % 300 END,
    (ARRAY['workitem', 'email', 'chat'])[1 + task_no % 3], 1 + task_no % 5, 10 * (1 + h % 10),
    created_at + interval '4 hours', created_at - interval '30 seconds',
    CASE WHEN type = 'Completed' THEN (ARRAY['solved', 'resolved', 'workaround'])[1 + h % 3] END,
    CASE WHEN type IN ('Canceled', 'Rejected') THEN 'duplicate' END,
    jsonb_build_object('policyNumber', 'P-' || lpad(h::text, 8, '0'), 'claimAmount', h % 99999 / 100.0,
        'channel', (ARRAY['web', 'phone', 'email'])[1 + task_no % 3], 'vip', task_no % 20 = 0,
        'region', 'region-' || task_no % 8 + 1),
    CASE WHEN previous_status = 'Assigned' THEN since_previous ELSE 0 END,
    CASE WHEN previous_status = 'Held' THEN since_previous ELSE 0 END
FROM pos_event
ORDER BY feed_id
RETURNING event_id, task_id, task_version
)
INSERT INTO task_event_position (tenant_id, feed_id, event_id)
SELECT :'tenant', p.feed_id, a.event_id
FROM appended a JOIN pos_event p ON p.task_no = a.task_id AND p.step = a.task_version;

UPDATE feed_sequencer SET last_position = (SELECT coalesce(max(feed_id), :last_position) FROM pos_event)
WHERE feed = 'task';
SELECT setval(pg_get_serial_sequence('task', 'task_id'), (SELECT max(task_id) FROM task));
ALTER TABLE task ADD CONSTRAINT task_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenant ON DELETE CASCADE
    NOT VALID;
ALTER TABLE task_event
    ADD CONSTRAINT task_event_task_id_fkey FOREIGN KEY (task_id) REFERENCES task ON DELETE CASCADE NOT VALID,
    ADD CONSTRAINT task_event_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenant ON DELETE CASCADE NOT VALID,
    ENABLE TRIGGER task_event_queue_for_feed;
ALTER TABLE task_event_position ADD CONSTRAINT task_event_position_tenant_id_fkey FOREIGN KEY (tenant_id)
    REFERENCES tenant ON DELETE CASCADE NOT VALID;
