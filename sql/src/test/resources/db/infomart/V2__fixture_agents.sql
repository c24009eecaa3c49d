-- Fixture agents for tenant_key 100 (the demo tenant) and 200, plus non-agent resources the loads must ignore.
INSERT INTO resource_ (resource_key, resource_name, resource_type_code, resource_subtype, agent_first_name,
                       agent_last_name, employee_id, user_name, tenant_key, start_ts, end_ts,
                       create_audit_key, update_audit_key, purge_flag) VALUES
    (1001, 'ajohnson', 'AGENT', 'Agent', 'Alice', 'Johnson', 'E1001', 'alice.johnson', 100, 1735689600, NULL, 1, 1, 0),
    (1002, 'bsmith',   'AGENT', 'Agent', 'Bob',   'Smith',   'E1002', 'bob.smith',     100, 1735689600, NULL, 1, 1, 0),
    (1003, 'cgarcia',  'AGENT', 'Agent', 'Carla', 'Garcia',  'E1003', 'carla.garcia',  100, 1735689600, NULL, 1, 2, 0),
    (1004, 'dlee',     'AGENT', 'Agent', 'David', 'Lee',     'E1004', 'david.lee',     100, 1735689600, NULL, 2, 2, 0),
    (1005, 'enovak',   'AGENT', 'Agent', 'Eva',   'Novak',   'E1005', 'eva.novak',     100, 1735689600, NULL, 2, 3, 0),
    (1006, 'fokafor',  'AGENT', 'Agent', 'Femi',  'Okafor',  'E1006', 'femi.okafor',   100, 1735689600, NULL, 3, 3, 0),
    (1101, 'Billing',  'QUEUE', 'ACDQueue', NULL, NULL, NULL, NULL, 100, 1735689600, NULL, 1, 1, 0),
    (1102, 'Dispatch', 'ROUTINGPOINT', 'RoutingPoint', NULL, NULL, NULL, NULL, 100, 1735689600, NULL, 1, 1, 0),
    (2001, 'gkim',     'AGENT', 'Agent', 'Grace', 'Kim',     'E2001', 'grace.kim',     200, 1735689600, NULL, 1, 1, 0),
    (2002, 'hmuller',  'AGENT', 'Agent', 'Hans',  'Muller',  'E2002', 'hans.muller',   200, 1735689600, NULL, 1, 1, 0);
