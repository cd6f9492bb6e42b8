-- Live alerts: the `feed` role (the police platform's connector, which may only post
-- incidents), and a notification for every statement that inserts incidents, whatever runs it
-- (the API, a load, psql), which the server's one LISTEN connection turns into Server-Sent
-- Events (src/server/live-hub.ts).

alter table users drop constraint users_role_check;
alter table users add constraint users_role_check check (role in ('viewer', 'analyst', 'planner', 'admin', 'feed'));

-- Event ids are incidents.id, and a seat that reconnects asks for every id above the last one
-- it saw. That is only sound if ids become visible in the order they are given out: two
-- transactions inserting at once could otherwise commit id 8 after a seat has read id 9 and
-- left. So inserting transactions take turns: the lock is taken before the statement's rows
-- draw their ids and held to commit. Inserts are alerts and loads, never many at once.
create function pingan_incidents_take_turn() returns trigger
language plpgsql as $$
begin
  perform pg_advisory_xact_lock(1885957230);
  return null;
end
$$;
create trigger incidents_take_turn before insert on incidents
  for each statement execute function pingan_incidents_take_turn();

-- One notification per statement and district, with the id range only: pg_notify's payload
-- stops at 8000 bytes and a load inserts a million rows. Sent at commit, never for a rollback.
create function pingan_incidents_notify() returns trigger
language plpgsql as $$
declare r record;
begin
  for r in select district_id, min(id) as lo, max(id) as hi, count(*) as n from new_rows group by district_id loop
    perform pg_notify('pingan_incidents', json_build_object('district', r.district_id, 'from', r.lo, 'to', r.hi, 'n', r.n)::text);
  end loop;
  return null;
end
$$;
create trigger incidents_notify after insert on incidents
  referencing new table as new_rows
  for each statement execute function pingan_incidents_notify();
