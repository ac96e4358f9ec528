-- Several rate limits and a quota per key (dev.grpcstarter.core.ratelimit). rate_limit_per_minute
-- stays as it is; rate_limits holds further limits as text ("20/1s, 10000/1d"); limits_version
-- rises at every change of the limits, so buckets built from older limits take the new ones.
alter table grpc_api_key add column rate_limits varchar(500);
alter table grpc_api_key add column quota_calls bigint;
alter table grpc_api_key add column quota_period_seconds bigint;
alter table grpc_api_key add column limits_version bigint default 0 not null;
alter table grpc_api_key add constraint ck_grpc_api_key_quota
    check ((quota_calls is null) = (quota_period_seconds is null));

-- Bucket4j's PostgreSQL buckets, one row per limited key (id = grpc_api_key.id), locked with
-- SELECT ... FOR UPDATE. expires_at (epoch millis) is when the bucket would be full again plus a
-- minute; rows past it are deleted in batches. No index on expires_at: every call updates it, and
-- an index would cost each update and rule out heap-only updates; the table has one row per key
-- in use, which the periodic clean-up scans. Free space per page keeps updates heap-only.
create table grpc_rate_limit_bucket (
    id bigint primary key,
    state bytea,
    expires_at bigint
) with (fillfactor = 70);
