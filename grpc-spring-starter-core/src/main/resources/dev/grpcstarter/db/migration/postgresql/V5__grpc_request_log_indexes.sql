-- The request log is written on every call and read now and then, and every B-tree costs
-- every call: with V2's four secondary indexes PostgreSQL spent about twice the CPU per row.
-- The pages list rows newest first by id, so filters that are served by an index are keyed
-- by id; time ranges (statistics, retention) use a BRIN index, which rows appended in time
-- order keep correct at almost no cost.
drop index ix_grpc_request_log_started_at;
drop index ix_grpc_request_log_service_started_at;
drop index ix_grpc_request_log_status_started_at;
drop index ix_grpc_request_log_api_key_started_at;

create index ix_grpc_request_log_started_at on grpc_request_log using brin (started_at) with (autosummarize = on);
create index ix_grpc_request_log_api_key_id on grpc_request_log (api_key_id, id) where api_key_id is not null;
-- Only calls that did not succeed, the ones people look for; successful calls cost it nothing.
create index ix_grpc_request_log_failed_id on grpc_request_log (status, id) where status <> 'success';
