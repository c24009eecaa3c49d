-- The activation sweep looks only at classified New tasks that wait for their activation time.
CREATE INDEX task_awaiting_activation ON task (activation_at)
    WHERE status = 'New' AND process_id IS NOT NULL AND activation_at IS NOT NULL;
