-- Which mechanism authenticated a call (api-key, bearer, x509, basic, ...): with the
-- application's own gRPC security, calls may be authenticated by several. Null for
-- anonymous and refused calls, and for rows written before this column.
alter table grpc_request_log add column auth_mechanism varchar(32);
