-- The executions list of the service layer and console filters by tenant (a job parameter), job and creation
-- time and pages newest first, and the dead execution detector looks at the running executions every sweep;
-- Spring Batch's own schema has no index for these.
CREATE INDEX batch_job_execution_params_tenant
    ON batch_job_execution_params (parameter_name, parameter_value, job_execution_id);
CREATE INDEX batch_job_execution_params_execution ON batch_job_execution_params (job_execution_id);
CREATE INDEX batch_job_execution_create_time ON batch_job_execution (create_time);
CREATE INDEX batch_job_execution_instance ON batch_job_execution (job_instance_id);
CREATE INDEX batch_step_execution_execution ON batch_step_execution (job_execution_id);
CREATE INDEX batch_job_execution_running ON batch_job_execution (job_execution_id)
    WHERE status IN ('STARTING', 'STARTED', 'STOPPING');
