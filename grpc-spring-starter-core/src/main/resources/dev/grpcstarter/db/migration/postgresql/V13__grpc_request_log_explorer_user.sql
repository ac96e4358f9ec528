-- The admin user who made a call from the admin's explorer (the explorer marks its calls
-- with a one-time ticket only this process can issue). Null for every other call, and for
-- rows written before this column.
alter table grpc_request_log add column explorer_user varchar(150);
