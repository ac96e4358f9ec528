-- Trace correlation: the trace and server span a call ran in, when Micrometer Tracing is on
-- the application's class path (W3C ids: 32 and 16 hex characters; B3 64-bit trace ids are
-- shorter). Null without tracing. Not indexed: looked up by the rows already found.
alter table grpc_request_log add column trace_id varchar(64);
alter table grpc_request_log add column span_id varchar(32);
