-- Key changes reach every instance's key cache within a second (PostgresApiKeyChangeNotifications
-- listens on channel grpc_api_key_changed). A trigger rather than application code: the
-- notification belongs to the changing transaction, goes out only when it commits, and a key
-- revoked with plain SQL in an emergency is dropped from every cache too. The usage counters,
-- written every few seconds by each instance, do not notify: caches do not hold them.
create function grpc_api_key_notify_change() returns trigger
    language plpgsql
as $$
begin
    perform pg_notify('grpc_api_key_changed', old.key_hash);
    if tg_op = 'UPDATE' and new.key_hash <> old.key_hash then
        perform pg_notify('grpc_api_key_changed', new.key_hash);
    end if;
    return null;
end
$$;

create trigger grpc_api_key_changed
    after update on grpc_api_key
    for each row
    when ((to_jsonb(old) - 'request_count' - 'last_used_at') is distinct from (to_jsonb(new) - 'request_count' - 'last_used_at'))
    execute function grpc_api_key_notify_change();

create trigger grpc_api_key_deleted
    after delete on grpc_api_key
    for each row
    execute function grpc_api_key_notify_change();
