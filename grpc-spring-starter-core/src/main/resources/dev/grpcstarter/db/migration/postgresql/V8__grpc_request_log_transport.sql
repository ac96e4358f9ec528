-- How each call reached the server: grpc (native), grpc-web or http-json (the web transports
-- on the application's HTTP port, dispatched into the same pipeline). Rows written before
-- this migration were native gRPC calls.
alter table grpc_request_log add column transport varchar(16) default 'grpc' not null;
