-- The request log, partitioned by day (UTC) on started_at: retention drops whole days instead
-- of deleting rows, and queries with a time range read only the days in it. The primary key of
-- a partitioned table must hold the partition key, so it is (id, started_at); ids still come
-- from one sequence and stay unique and increasing, so paging and lookups by id are unchanged.
-- dev.grpcstarter.core.requestlog.RequestLogPartitions creates the days ahead and drops the old
-- ones; a DEFAULT partition takes rows no day exists for, so no row is ever refused.
--
-- An existing table is carried over in this one transaction: renamed, its rows copied into the
-- new table, dropped. Instances still writing wait on the renamed table's lock and then write
-- into the new one (the writer retries anyway), so no row is lost.
alter table grpc_request_log rename to grpc_request_log_v6;
alter table grpc_request_log_v6 rename constraint grpc_request_log_pkey to grpc_request_log_v6_pkey;
alter sequence grpc_request_log_id_seq rename to grpc_request_log_v6_id_seq;
-- The copy reads the whole table: its indexes are of no use, and their names are taken below.
drop index ix_grpc_request_log_started_at;
drop index ix_grpc_request_log_api_key_id;
drop index ix_grpc_request_log_failed_id;

-- A sequence default rather than an identity column: identity columns on partitioned tables
-- need PostgreSQL 17.
create sequence grpc_request_log_id_seq as bigint;

create table grpc_request_log (
    id bigint not null default nextval('grpc_request_log_id_seq'),
    request_id varchar(64) not null,
    instance_id varchar(200) not null,
    service varchar(200) not null,
    method varchar(200) not null,
    call_type varchar(20) not null,
    status varchar(16) not null,
    grpc_code varchar(32) not null,
    error_message varchar(1000),
    duration_us bigint not null,
    api_key_id bigint,
    principal varchar(150),
    authenticated boolean not null,
    client_ip varchar(64),
    user_agent varchar(300),
    messages_in integer not null,
    messages_out integer not null,
    bytes_in bigint not null,
    bytes_out bigint not null,
    started_at timestamp with time zone not null,
    constraint grpc_request_log_pkey primary key (id, started_at)
) partition by range (started_at);

alter sequence grpc_request_log_id_seq owned by grpc_request_log.id;

-- The indexes of V5, now on every partition.
create index ix_grpc_request_log_started_at on grpc_request_log using brin (started_at) with (autosummarize = on);
create index ix_grpc_request_log_api_key_id on grpc_request_log (api_key_id, id) where api_key_id is not null;
create index ix_grpc_request_log_failed_id on grpc_request_log (status, id) where status <> 'success';

create table grpc_request_log_default partition of grpc_request_log default;

-- One partition per day from the oldest row's day (at most a year back: older rows go to the
-- DEFAULT partition, which retention empties in batches) to two days ahead; the application
-- creates further days at startup and then every retention interval.
do $$
declare
    today date := (now() at time zone 'UTC')::date;
    day date;
begin
    select greatest(coalesce(min((started_at at time zone 'UTC')::date), today), today - 366)
        into day from grpc_request_log_v6;
    while day <= today + 2 loop
        execute format('create table %I partition of grpc_request_log for values from (%L) to (%L)',
            'grpc_request_log_' || to_char(day, 'YYYYMMDD'),
            day::timestamp at time zone 'UTC', (day + 1)::timestamp at time zone 'UTC');
        day := day + 1;
    end loop;
end
$$;

insert into grpc_request_log (id, request_id, instance_id, service, method, call_type, status, grpc_code,
        error_message, duration_us, api_key_id, principal, authenticated, client_ip, user_agent, messages_in,
        messages_out, bytes_in, bytes_out, started_at)
    select id, request_id, instance_id, service, method, call_type, status, grpc_code, error_message, duration_us,
        api_key_id, principal, authenticated, client_ip, user_agent, messages_in, messages_out, bytes_in, bytes_out,
        started_at
    from grpc_request_log_v6;

-- New ids continue after every id the old table handed out, deleted rows included.
do $$
begin
    perform setval('grpc_request_log_id_seq', greatest(
        (select last_value from grpc_request_log_v6_id_seq),
        coalesce((select max(id) from grpc_request_log_v6), 0),
        1));
end
$$;

drop table grpc_request_log_v6;
