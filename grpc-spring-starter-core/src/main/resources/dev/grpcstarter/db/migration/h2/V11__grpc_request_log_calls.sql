-- The calls a request-log row stands for: 1 for a call's own row. A summary row (call_type
-- 'summary') counts the calls refused before authentication that were left out of the log once
-- their client address had used its budget of rows for the window
-- (grpc.request-log.rejected-calls.*). Statistics add this column up instead of counting rows.
alter table grpc_request_log add column calls bigint default 1 not null;
