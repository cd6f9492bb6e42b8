-- The audit trail: who did what, when, from where. Rows are only ever added:
--  * pingan_app (every request's role) may INSERT, and SELECT only as an admin (the policy below);
--    it has no UPDATE, DELETE or TRUNCATE;
--  * a trigger refuses UPDATE and DELETE and another TRUNCATE, for every role, the tables'
--    owner (the server's login) included, so no code path and no slip at a psql prompt
--    changes a row. A superuser can still do anything (disable the triggers, drop the table):
--    the trail guards against mistakes and against the app's roles, not against the DBA.
-- No foreign keys: deleting a user or a district must not rewrite or remove its history.

create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  user_id int,
  -- the name at the time (a user renamed or removed later stays readable here); for the
  -- command line the operating-system account, for direct SQL the database role
  user_name text not null default '',
  -- the request's address, 'cli' for the command line, '' when unknown (direct SQL)
  address text not null default '',
  action text not null,
  district_id int,
  detail jsonb not null default '{}'
);
create index audit_log_at on audit_log (at desc, id desc);
create index audit_log_action on audit_log (action, at desc);

create function pingan_audit_refuse() returns trigger
language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end
$$;
create trigger audit_log_no_update_delete before update or delete on audit_log
  for each row execute function pingan_audit_refuse();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function pingan_audit_refuse();

-- Admins read the trail; everyone may add to it (the server writes the rows, never the client).
create function pingan_is_admin() returns boolean
language sql stable security definer set search_path = public, pg_temp as $$
  select exists (select 1 from users where id = nullif(current_setting('pingan.user_id', true), '')::int and role = 'admin')
$$;
revoke all on function pingan_is_admin() from public;
grant execute on function pingan_is_admin() to pingan_app;

alter table audit_log enable row level security;
create policy audit_log_admin_reads on audit_log for select using ((select pingan_is_admin()));
create policy audit_log_anyone_adds on audit_log for insert with check (true);
revoke all on audit_log from public;
grant insert, select on audit_log to pingan_app;
grant usage on sequence audit_log_id_seq to pingan_app;

-- One audit row per changed row, for the tables where single rows are written (accounts,
-- grants, districts; scenes and plans once they exist). Bulk loads are not row-audited: the
-- load route writes one 'import' row per file instead.
--
-- Who and where come from the transaction's settings, which the server sets for every
-- transaction it opens on behalf of a request (src/server/db.ts) and the command line for its
-- own (address 'cli'): pingan.user_id, pingan.user_name (when there is no user row, e.g. the
-- operating-system account of the command line), pingan.address. Direct SQL without them is
-- recorded as the database role, with no address.
--
-- Arguments: the action, then the columns whose values go into the detail (never copy a
-- secret such as password_hash). An action without a dot gets the operation added
-- ('scene' -> 'scene.insert', 'scene.update', 'scene.delete'); with a dot it is used as is.
-- On UPDATE the detail also lists the names of the changed columns ("changed") and the old
-- values of the named columns that changed ("before"). A row's district_id, when it has one,
-- is the audit row's district (the districts table's rows: their id). To attach it to a new table:
--   create trigger scenes_audit after insert or update or delete on scenes
--     for each row execute function pingan_audit_row('scene', 'id', 'name');
create function pingan_audit_row() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  new_row jsonb := case when tg_op = 'DELETE' then null else to_jsonb(new) end;
  old_row jsonb := case when tg_op = 'INSERT' then null else to_jsonb(old) end;
  cur jsonb := coalesce(new_row, old_row);
  action text := coalesce(nullif(tg_argv[0], ''), tg_table_name);
  detail jsonb := jsonb_build_object('table', tg_table_name);
  before jsonb := '{}';
  changed text[];
  uid int := nullif(current_setting('pingan.user_id', true), '')::int;
  col text;
  i int;
begin
  if position('.' in action) = 0 then
    action := action || '.' || lower(tg_op);
  end if;
  for i in 1 .. tg_nargs - 1 loop
    col := tg_argv[i];
    detail := detail || jsonb_build_object(col, cur -> col);
    if tg_op = 'UPDATE' and (old_row -> col) is distinct from (new_row -> col) then
      before := before || jsonb_build_object(col, old_row -> col);
    end if;
  end loop;
  if tg_op = 'UPDATE' then
    select coalesce(array_agg(k order by k), '{}') into changed
      from jsonb_object_keys(new_row) k where (old_row -> k) is distinct from (new_row -> k);
    -- an update that changed nothing is no event
    if cardinality(changed) = 0 then
      return null;
    end if;
    detail := detail || jsonb_build_object('changed', to_jsonb(changed));
    if before <> '{}' then
      detail := detail || jsonb_build_object('before', before);
    end if;
  end if;
  insert into audit_log (user_id, user_name, address, action, district_id, detail)
  values (
    uid,
    coalesce((select name from users where id = uid), nullif(current_setting('pingan.user_name', true), ''), session_user),
    coalesce(current_setting('pingan.address', true), ''),
    action,
    -- a district's own row is about itself
    coalesce(cur ->> 'district_id', case when tg_table_name = 'districts' then cur ->> 'id' end)::int,
    detail);
  return null;
end
$$;
revoke all on function pingan_audit_row() from public;

create trigger users_audit_create after insert on users
  for each row execute function pingan_audit_row('user.create', 'id', 'name', 'role');
create trigger users_audit_password after update of password_hash on users
  for each row when (old.password_hash is distinct from new.password_hash)
  execute function pingan_audit_row('user.password', 'id', 'name');
create trigger users_audit_change after update of name, role on users
  for each row when (old.name is distinct from new.name or old.role is distinct from new.role)
  execute function pingan_audit_row('user.change', 'id', 'name', 'role');
create trigger users_audit_delete after delete on users
  for each row execute function pingan_audit_row('user.delete', 'id', 'name', 'role');
create trigger district_grants_audit_add after insert on district_grants
  for each row execute function pingan_audit_row('grant.add', 'user_id', 'district_id');
create trigger district_grants_audit_remove after delete on district_grants
  for each row execute function pingan_audit_row('grant.remove', 'user_id', 'district_id');
create trigger districts_audit after insert or update or delete on districts
  for each row execute function pingan_audit_row('district', 'id', 'code', 'name');
