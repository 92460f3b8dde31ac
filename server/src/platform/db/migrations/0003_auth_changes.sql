-- Every instance caches who an API token belongs to; a change that can revoke
-- access (a token deleted or moved, a user switched off, deleted or given
-- another role) notifies them all on commit, so the cache never outlives it.
CREATE FUNCTION notify_auth_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('switchboard_auth', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER staff_users_auth_change AFTER UPDATE OF email, name, role, is_active, language OR DELETE ON staff_users
  FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_change();
CREATE TRIGGER api_tokens_auth_change AFTER UPDATE OF token_hash, user_id OR DELETE ON api_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_change();
