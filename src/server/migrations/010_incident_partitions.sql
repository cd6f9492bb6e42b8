-- Incidents partitioned by local (Asia/Shanghai) month of `time`: a period's queries read only
-- its months, and old months can be detached or archived whole. Partitions are made ahead by
-- pingan_incidents_partitions(lo, hi), which the loaders and the alert route call for the
-- times they are about to insert (it makes the month after hi as well, so the month's turn
-- finds its partition there); a row of a month without one (psql, COPY) lands in the default
-- partition, from which the function moves it when it makes that month.
--
-- A partitioned table's unique index must hold the partition key, so (district_id, source_id)
-- can no longer be one: a changed time would otherwise store an incident twice. The keys live
-- in incident_keys instead, filled by a statement trigger whatever inserts, which refuses a
-- statement bringing a key the district has with another id (SQLSTATE 23505, as the unique
-- index did). The loaders look their rows up there (load-incidents.ts, post-incidents.ts)
-- after taking 005's insert turn, so that they see every committed insert.

-- (its primary key is added once the existing rows are in, below)
create table incident_keys (
  district_id int not null,
  source_id text not null,
  id bigint not null
);
alter table incident_keys enable row level security;
create policy incident_keys_visible on incident_keys for select using (district_id = any ((select pingan_visible_districts())::int[]));
grant select on incident_keys to pingan_app;

-- the table as it is now (every column, default, check and generated column, whatever
-- migration added it), partitioned; the rows copied with their ids
alter table incidents rename to incidents_unpartitioned;
alter table incidents_unpartitioned drop constraint incidents_pkey;
alter table incidents_unpartitioned drop constraint incidents_district_id_source_id_key;
drop index incidents_geom;
drop index incidents_time;
alter sequence incidents_id_seq owned by none;
create table incidents (like incidents_unpartitioned including defaults including constraints including generated) partition by range (time);
alter sequence incidents_id_seq owned by incidents.id;
create table incidents_default partition of incidents default;

-- local month m's first instant
create function pingan_month_start(m date) returns timestamptz
language sql immutable as $$ select (m::timestamp at time zone 'UTC') - interval '8 hours' $$;

create function pingan_incidents_partitions(lo timestamptz, hi timestamptz) returns int
language plpgsql security definer set search_path = public, pg_temp as $$
declare
  -- months from 1990 (UTC+8 all year) to two years from now: a typo'd year goes to the
  -- default partition rather than making centuries of tables
  first date := greatest(date_trunc('month', (lo at time zone 'UTC') + interval '8 hours')::date, date '1990-01-01');
  last date := least((date_trunc('month', (hi at time zone 'UTC') + interval '8 hours') + interval '1 month')::date, (now() + interval '2 years')::date);
  m date;
  part text;
  cols text;
  made int := 0;
begin
  if lo is null or hi is null then return 0; end if;
  m := first;
  while m <= last loop
    part := 'incidents_' || to_char(m, 'YYYYMM');
    if to_regclass(part) is null then
      -- one maker at a time; the one that waited finds the table made
      perform pg_advisory_xact_lock(1885957231);
      if to_regclass(part) is null then
        select string_agg(quote_ident(attname), ', ' order by attnum) into cols
        from pg_attribute where attrelid = 'incidents'::regclass and attnum > 0 and not attisdropped and attgenerated = '';
        -- the month's rows in the default partition move to the new one, straight between the
        -- two tables: the parent's statement triggers (keys, rollups, notify) do not fire,
        -- as nothing is added or removed
        execute format('create temp table pingan_moving on commit drop as select %s from incidents_default where time >= %L and time < %L',
          cols, pingan_month_start(m), pingan_month_start((m + interval '1 month')::date));
        execute format('delete from incidents_default where time >= %L and time < %L', pingan_month_start(m), pingan_month_start((m + interval '1 month')::date));
        execute format('create table %I partition of incidents for values from (%L) to (%L)', part, pingan_month_start(m), pingan_month_start((m + interval '1 month')::date));
        execute format('insert into %I (%s) select %s from pingan_moving', part, cols, cols);
        drop table pingan_moving;
        made := made + 1;
      end if;
    end if;
    m := (m + interval '1 month')::date;
  end loop;
  return made;
end
$$;
revoke all on function pingan_incidents_partitions(timestamptz, timestamptz) from public;
grant execute on function pingan_incidents_partitions(timestamptz, timestamptz) to pingan_app;

select pingan_incidents_partitions(min(time), max(time)) from incidents_unpartitioned;
select pingan_incidents_partitions(now(), now());
do $$
declare cols text;
begin
  select string_agg(quote_ident(attname), ', ' order by attnum) into cols
  from pg_attribute where attrelid = 'incidents'::regclass and attnum > 0 and not attisdropped and attgenerated = '';
  execute format('insert into incidents (%s) select %s from incidents_unpartitioned', cols, cols);
end
$$;
insert into incident_keys (district_id, source_id, id) select district_id, source_id, id from incidents;
drop table incidents_unpartitioned;
-- keys and indexes built once the rows are in (each partition's sorted in one pass), rather
-- than row by row as they arrive: most of the migration's time on a populated table
alter table incident_keys add primary key (district_id, source_id);
alter table incidents add primary key (id, time);
alter table incidents add foreign key (district_id) references districts (id) on delete cascade;
create index incidents_geom on incidents using gist (geom);
create index incidents_time on incidents (district_id, time);

alter table incidents enable row level security;
create policy incidents_visible on incidents
  using (district_id = any ((select pingan_visible_districts())::int[]))
  with check (district_id = any ((select pingan_visible_districts())::int[]));
grant select, insert, update, delete on incidents to pingan_app;

-- the keys follow every insert, key change and delete
--
-- An update finds its changed keys as a set difference (EXCEPT: hashed or sorted, reading each
-- transition table once), not as a join of old_rows and new_rows: the planner has no
-- statistics of those, and for an EXISTS over the join it took a nested loop in the hope of an
-- early match, which a layer reload (every row updated, no key changed) paid with a rescan of
-- new_rows per row of old_rows: 200,000² rows, over ten minutes on the demo. Inserts and
-- deletes keep their index probes of incident_keys, per row (a live alert is one).
create function pingan_incidents_keys() returns trigger
language plpgsql security definer set search_path = public, pg_temp set work_mem = '64MB' as $$
begin
  -- (each statement names only the transition tables its event has)
  if tg_op = 'DELETE' then
    delete from incident_keys k using old_rows o where k.district_id = o.district_id and k.source_id = o.source_id and k.id = o.id;
  elsif tg_op = 'INSERT' then
    insert into incident_keys (district_id, source_id, id) select district_id, source_id, id from new_rows order by 1, 2 on conflict do nothing;
    if exists (select 1 from new_rows n join incident_keys k on k.district_id = n.district_id and k.source_id = n.source_id where k.id <> n.id) then
      raise exception 'duplicate key value violates unique constraint "incident_keys_pkey"' using errcode = 'unique_violation',
        detail = 'an incident of the district has this source id already';
    end if;
  else
    -- a load replacing rows or a layer reload keeps every key: nothing to do
    if not exists (select district_id, source_id, id from old_rows except select district_id, source_id, id from new_rows) then
      return null;
    end if;
    -- (rare: psql giving rows another source id) the changes in tables with statistics, so that
    -- their joins with incident_keys probe its index rather than scan it
    create temp table pingan_keys_gone on commit drop as
      select district_id, source_id, id from old_rows except select district_id, source_id, id from new_rows;
    create temp table pingan_keys_new on commit drop as
      select district_id, source_id, id from new_rows except select district_id, source_id, id from old_rows;
    analyze pingan_keys_gone, pingan_keys_new;
    delete from incident_keys k using pingan_keys_gone o where k.district_id = o.district_id and k.source_id = o.source_id and k.id = o.id;
    insert into incident_keys (district_id, source_id, id) select district_id, source_id, id from pingan_keys_new order by 1, 2 on conflict do nothing;
    if exists (select 1 from pingan_keys_new n join incident_keys k on k.district_id = n.district_id and k.source_id = n.source_id where k.id <> n.id) then
      raise exception 'duplicate key value violates unique constraint "incident_keys_pkey"' using errcode = 'unique_violation',
        detail = 'an incident of the district has this source id already';
    end if;
    drop table pingan_keys_gone, pingan_keys_new;
  end if;
  return null;
end
$$;
create trigger incidents_keys_insert after insert on incidents
  referencing new table as new_rows for each statement execute function pingan_incidents_keys();
create trigger incidents_keys_update after update on incidents
  referencing old table as old_rows new table as new_rows for each statement execute function pingan_incidents_keys();
create trigger incidents_keys_delete after delete on incidents
  referencing old table as old_rows for each statement execute function pingan_incidents_keys();

-- 005's and 009's triggers, on the new table
create trigger incidents_take_turn before insert on incidents
  for each statement execute function pingan_incidents_take_turn();
create trigger incidents_notify after insert on incidents
  referencing new table as new_rows for each statement execute function pingan_incidents_notify();
create trigger incidents_rollups_insert after insert on incidents
  referencing new table as new_rows for each statement execute function pingan_incidents_rollups();
create trigger incidents_rollups_update after update on incidents
  referencing old table as old_rows new table as new_rows for each statement execute function pingan_incidents_rollups();
create trigger incidents_rollups_delete after delete on incidents
  referencing old table as old_rows for each statement execute function pingan_incidents_rollups();
