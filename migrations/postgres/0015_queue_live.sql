-- Issue #8.3: the estimate reads each service's recent desk times at an office, newest first.
CREATE INDEX queue_desk_times ON queue_tickets (office_id, service_code, ended_at);
