-- Rollups: incidents counted per area of each layer, local (Asia/Shanghai) day, hour and
-- category, and per area, local month and category, so that a ranking of every area of a city
-- for a month (with 环比 and 同比) reads a few rows per area instead of the incidents
-- (src/server/rankings.ts). An incident counts at its `time` (the start of an uncertain window),
-- as the area counts do (area-counts.ts).
--
-- Kept current by statement triggers with transition tables on incidents, whatever writes them
-- (the API, a load, a layer reload's reassignment, psql, COPY): one aggregate per statement, so
-- a load of a million rows costs one GROUP BY, not a million upserts. Each trigger applies only
-- the difference: an update (a layer reloaded, a load replacing rows) counts only the rows whose
-- time, category or area changed, -1 in the old cell and +1 in the new one.
--
-- Locks: inserts already take turns (005's advisory lock), so two loads never wait on each
-- other's rollup rows; an update or delete beside them upserts its cells in key order, so two
-- writers wait for each other but never deadlock on the rollups.

-- No foreign key to districts: its check, row by row, cost more than the rollup itself on a
-- load; a district's rollups go with it by the trigger on districts below.
create table incident_rollups (
  district_id int not null,
  layer text not null check (layer in ('street', 'compound', 'grid', 'site')),
  -- areas.id; no foreign key, as for incidents' area columns: a reload rewrites them together
  area_id bigint not null,
  -- local day and hour: Asia/Shanghai has a fixed offset since 1991 (core/periods.ts)
  day date not null,
  hour smallint not null check (hour between 0 and 23),
  category smallint not null,
  n int not null,
  -- day before area: a load or a live alert touches a few days' pages of each layer rather than
  -- every area's, and a period of a district's layer is one range of the key
  primary key (district_id, layer, day, area_id, hour, category)
);

create table incident_rollup_months (
  district_id int not null,
  layer text not null check (layer in ('street', 'compound', 'grid', 'site')),
  area_id bigint not null,
  -- the local month's first day
  month date not null,
  category smallint not null,
  n int not null,
  primary key (district_id, layer, month, area_id, category)
);

-- Readers see the rows of their districts, as for the incidents; nobody but the triggers (as
-- the tables' owner) writes them, so a user cannot forge a count.
do $$
declare t text;
begin
  foreach t in array array['incident_rollups', 'incident_rollup_months'] loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy %I on %I for select using (district_id = any ((select pingan_visible_districts())::int[]))', t || '_visible', t);
    execute format('grant select on %I to pingan_app', t);
  end loop;
end
$$;

-- The statement adding `changes` to the rollups: a query of (district_id, layer, area_id, time,
-- category, d) rows, d = +1 or -1. The trigger runs it itself (EXECUTE): the transition tables
-- are visible only in the trigger function. Cells of a district no longer there (a district
-- deleted, its incidents cascading) are left out: its rollups go with it.
create function pingan_rollups_sql(changes text) returns text
language sql immutable as $$
  select format($q$
    with changed as (%s),
    cells as (
      select c.district_id, c.layer, c.area_id,
        ((c.time at time zone 'UTC') + interval '8 hours')::date as day,
        extract(hour from (c.time at time zone 'UTC') + interval '8 hours')::smallint as hour,
        c.category, sum(c.d)::int as n
      from changed c
      where c.area_id is not null and c.district_id in (select id from districts)
      group by 1, 2, 3, 4, 5, 6
      having sum(c.d) <> 0
    ),
    hourly as (
      insert into incident_rollups as r (district_id, layer, area_id, day, hour, category, n)
      select * from cells order by 1, 2, 4, 3, 5, 6
      on conflict (district_id, layer, day, area_id, hour, category) do update set n = r.n + excluded.n
    ),
    monthly as (
      select district_id, layer, area_id, date_trunc('month', day::timestamp)::date as month, category, sum(n)::int as n
      from cells group by 1, 2, 3, 4, 5 having sum(n) <> 0
    )
    insert into incident_rollup_months as r (district_id, layer, area_id, month, category, n)
    select district_id, layer, area_id, month, category, n from monthly order by 1, 2, 4, 3, 5
    on conflict (district_id, layer, month, area_id, category) do update set n = r.n + excluded.n
  $q$, changes)
$$;

-- every layer's area of a row of `rel` as (district_id, layer, area_id, time, category, d)
create function pingan_rollups_cells(rel text, alias text, d int) returns text
language sql immutable as $$
  select format($q$select %2$s.district_id, l.layer, l.area_id, %2$s.time, %2$s.category, %3$s as d
    from %1$s %2$s cross join lateral (values ('street', %2$s.street_id), ('compound', %2$s.compound_id),
      ('grid', %2$s.grid_id), ('site', %2$s.site_id)) l (layer, area_id)$q$, rel, alias, d)
$$;

-- work_mem: a load's cells are aggregated and sorted in memory rather than on disk
create function pingan_incidents_rollups() returns trigger
language plpgsql security definer set search_path = public, pg_temp set work_mem = '64MB' as $$
begin
  if tg_op = 'INSERT' then
    execute pingan_rollups_sql(pingan_rollups_cells('new_rows', 'i', 1));
  elsif tg_op = 'DELETE' then
    execute pingan_rollups_sql(pingan_rollups_cells('old_rows', 'i', -1));
  else
    -- only the rows whose counted fields changed, each layer on its own: a layer reload
    -- rewrites one area column and leaves the others' cells alone
    execute pingan_rollups_sql($q$
      select x.district_id, l.layer, x.area_id, x.time, x.category, x.d
      from old_rows o join new_rows n using (id)
      cross join lateral (values
        ('street', o.street_id, n.street_id), ('compound', o.compound_id, n.compound_id),
        ('grid', o.grid_id, n.grid_id), ('site', o.site_id, n.site_id)) l (layer, old_area, new_area)
      cross join lateral (values
        (o.district_id, l.old_area, o.time, o.category, -1), (n.district_id, l.new_area, n.time, n.category, 1)) x (district_id, area_id, time, category, d)
      where (o.district_id, l.old_area, o.time, o.category) is distinct from (n.district_id, l.new_area, n.time, n.category)$q$);
  end if;
  return null;
end
$$;
create trigger incidents_rollups_insert after insert on incidents
  referencing new table as new_rows for each statement execute function pingan_incidents_rollups();
create trigger incidents_rollups_update after update on incidents
  referencing old table as old_rows new table as new_rows for each statement execute function pingan_incidents_rollups();
create trigger incidents_rollups_delete after delete on incidents
  referencing old table as old_rows for each statement execute function pingan_incidents_rollups();

-- A district's rollups (one layer, or every layer) counted again from its incidents: for a
-- bulk load run with the triggers off (session_replication_role = replica, as a superuser), and
-- as a repair. Deletes and recounts in one transaction; readers see the old rows until it commits.
create function pingan_rollups_rebuild(district int, only_layer text default null) returns void
language plpgsql security definer set search_path = public, pg_temp set work_mem = '64MB' as $$
begin
  delete from incident_rollups where district_id = district and (only_layer is null or layer = only_layer);
  delete from incident_rollup_months where district_id = district and (only_layer is null or layer = only_layer);
  execute pingan_rollups_sql(format('select * from (%s) c where c.district_id = %s and (%L::text is null or c.layer = %L::text)',
    pingan_rollups_cells('incidents', 'i', 1), district, only_layer, only_layer));
end
$$;
revoke all on function pingan_rollups_rebuild(int, text) from public;

create function pingan_districts_rollups_gone() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  delete from incident_rollups where district_id in (select id from gone);
  delete from incident_rollup_months where district_id in (select id from gone);
  return null;
end
$$;
create trigger districts_rollups_gone after delete on districts
  referencing old table as gone for each statement execute function pingan_districts_rollups_gone();

-- the incidents there already (a database made before this migration)
select pingan_rollups_rebuild(id) from districts;
