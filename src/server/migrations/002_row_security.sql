-- Which districts a request sees is decided by the database, not only by the route code: the
-- server runs every request's queries as pingan_app (no BYPASSRLS, owns nothing) with the
-- user's id in the transaction setting pingan.user_id, and each data table's policy admits the
-- rows of the districts granted to that user (every district for an admin). Without the
-- setting, nothing is visible. Accounts, sessions and grants are not readable by pingan_app at all.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'pingan_app') then
    create role pingan_app nologin nosuperuser nobypassrls;
  end if;
  -- the server's own login (DATABASE_URL's role) switches to it with SET LOCAL ROLE, which
  -- needs membership unless that login is a superuser
  if not exists (select 1 from pg_roles where rolname = current_user and rolsuper) then
    execute format('grant pingan_app to %I', current_user);
  end if;
end
$$;

-- Security definer: it reads users and grants, which pingan_app cannot.
create function pingan_visible_districts() returns int[]
language sql stable security definer set search_path = public, pg_temp as $$
  select coalesce((
    select case when u.role = 'admin' then (select array_agg(d.id) from districts d)
                else (select array_agg(g.district_id) from district_grants g where g.user_id = u.id) end
    from users u
    where u.id = nullif(current_setting('pingan.user_id', true), '')::int
  ), '{}'::int[])
$$;
revoke all on function pingan_visible_districts() from public;
grant execute on function pingan_visible_districts() to pingan_app;

alter table districts enable row level security;
-- (select …) makes the array an init plan: computed once per query, not once per row
create policy districts_visible on districts
  using (id = any ((select pingan_visible_districts())::int[]));
grant select on districts to pingan_app;

do $$
declare t text;
begin
  foreach t in array array['areas', 'incidents', 'cameras', 'stations', 'checkpoints', 'roads', 'buildings'] loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy %I on %I using (district_id = any ((select pingan_visible_districts())::int[])) with check (district_id = any ((select pingan_visible_districts())::int[]))', t || '_visible', t);
    execute format('grant select, insert, update, delete on %I to pingan_app', t);
    execute format('grant usage, select on sequence %I to pingan_app', t || '_id_seq');
  end loop;
end
$$;
