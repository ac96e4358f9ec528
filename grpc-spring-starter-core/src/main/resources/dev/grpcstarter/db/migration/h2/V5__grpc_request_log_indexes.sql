-- The request log is written on every call and read now and then, and every index costs
-- every call (H2 copies a page of each B-tree per row). The pages list rows newest first by
-- id, so the per-key index is keyed by id; time ranges (statistics) keep the started_at
-- index. Filters by service or status scan newest first: fine for the data sizes H2 is for.
drop index ix_grpc_request_log_service_started_at;
drop index ix_grpc_request_log_status_started_at;
drop index ix_grpc_request_log_api_key_started_at;

create index ix_grpc_request_log_api_key_id on grpc_request_log (api_key_id, id);
