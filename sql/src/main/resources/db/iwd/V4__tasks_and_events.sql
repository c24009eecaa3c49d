-- Work items and the reporting events behind the feed.
CREATE TABLE task (
    task_id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id         varchar(32) NOT NULL REFERENCES tenant ON DELETE CASCADE,
    capture_point_id  varchar(64),
    capture_id        varchar(128) NOT NULL,
    status            text        NOT NULL CHECK (status IN ('New', 'Queued', 'Assigned', 'Held', 'ErrorHeld',
                                                             'Completed', 'Canceled', 'Rejected')),
    -- the state a hold came from, for resume
    held_from_status  text,
    version           integer     NOT NULL,
    solution_id       varchar(64),
    department_id     varchar(64),
    process_id        varchar(64),
    category_id       varchar(64),
    queue_id          varchar(64),
    agent_id          varchar(64),
    media_type        varchar(64),
    priority          integer,
    business_value    integer,
    due_at            timestamptz,
    activation_at     timestamptz,
    source_created_at timestamptz,
    subject           text,
    description       text,
    customer          jsonb,
    attributes        jsonb       NOT NULL DEFAULT '{}',
    result_code       varchar(64),
    reason            text,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    -- time of the task's latest event: work and held time accrue from here to the next one
    last_event_at     timestamptz NOT NULL,
    UNIQUE NULLS NOT DISTINCT (tenant_id, capture_point_id, capture_id)
);

-- event_id is insertion order only; feed_id is the position in the feed, given after commit by the sequencer.
CREATE TABLE task_event (
    event_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    feed_id           bigint,
    tenant_id         varchar(32) NOT NULL REFERENCES tenant ON DELETE CASCADE,
    task_id           bigint      NOT NULL REFERENCES task ON DELETE CASCADE,
    capture_id        varchar(128) NOT NULL,
    capture_point_id  varchar(64),
    task_version      integer     NOT NULL,
    type              text        NOT NULL,
    status            text        NOT NULL,
    occurred_at       timestamptz NOT NULL,
    solution_id       varchar(64),
    department_id     varchar(64),
    process_id        varchar(64),
    category_id       varchar(64),
    queue_id          varchar(64),
    previous_queue_id varchar(64),
    agent_id          varchar(64),
    previous_agent_id varchar(64),
    media_type        varchar(64),
    priority          integer,
    business_value    integer,
    due_at            timestamptz,
    activation_at     timestamptz,
    source_created_at timestamptz,
    result_code       varchar(64),
    reason            text,
    attributes        jsonb       NOT NULL DEFAULT '{}',
    work_time_sec     integer     NOT NULL DEFAULT 0,
    held_time_sec     integer     NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX task_event_feed ON task_event (tenant_id, feed_id);
CREATE INDEX task_event_unsequenced ON task_event (event_id) WHERE feed_id IS NULL;
CREATE INDEX task_event_task ON task_event (task_id, event_id);
