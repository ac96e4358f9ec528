-- Several rate limits and a quota per key (dev.grpcstarter.core.ratelimit). rate_limit_per_minute
-- stays as it is; rate_limits holds further limits as text ("20/1s, 10000/1d"); limits_version
-- rises at every change of the limits, so buckets built from older limits take the new ones.
-- On H2 the buckets live in memory: no bucket table.
alter table grpc_api_key add column rate_limits varchar(500);
alter table grpc_api_key add column quota_calls bigint;
alter table grpc_api_key add column quota_period_seconds bigint;
alter table grpc_api_key add column limits_version bigint default 0 not null;
alter table grpc_api_key add constraint ck_grpc_api_key_quota
    check ((quota_calls is null) = (quota_period_seconds is null));
