-- Cell rollups: incidents counted per hexagon of each tile zoom (8-13), local month and
-- category, so that a tile of two years reads a few thousand counted cells instead of every
-- incident under it (src/server/incident-tiles.ts). Whole local months come from here, the
-- partial months at either end of a period from the incidents.
--
-- The hexagon of a point and the tile of a hexagon are defined once, below, and used both
-- here and by the tile query, so that a tile from the rollups and one from the raw rows
-- cannot disagree on where an incident is counted.
--
-- Kept current as 009's rollups are: statement triggers with transition tables (also valid on
-- a partitioned incidents table), one aggregate per statement, only the difference applied,
-- upserts in key order; a bulk load with the triggers off recounts them through
-- pingan_rollups_rebuild.

-- The hexagon's edge (= centre-to-vertex) at zoom z, metres of EPSG:3857: a 51.2th of a
-- tile's width, so that a cell is ~20 px wide on a 512-px tile. Written as incident-tiles.ts's
-- hexEdge computes it, operation for operation.
create function pingan_hex_edge(z int) returns float8
language sql immutable parallel safe
return (2 * 20037508.342789244::float8) / (2::float8 ^ z) / 51.2::float8;

-- The hexagon holding a point at zoom z: one grid per zoom for the whole world (ST_Hexagon's,
-- origin 0,0, odd columns half a cell up). Of the two columns of cells around the point, the
-- nearer centre wins (a cell of a regular hexagon grid is the set of points nearest its centre).
-- A set-returning SQL function so that the planner inlines it into the query using it; each
-- "offset 0" keeps a step a subquery evaluated once per row: inlined without it, the planner
-- would repeat the logarithm in every expression that uses it (4 times slower, measured on 1.8M cells).
create function pingan_hex_cell(lon float8, lat float8, z int) returns table (i bigint, j bigint)
language sql immutable parallel safe as $$
  select case when d0 <= d1 then i0 else i0 + 1 end, case when d0 <= d1 then j0 else j1 end
  from (
    select i0, j0, j1,
      (mx - 1.5 * e * i0) ^ 2 + (my - h * (j0 + case when i0 % 2 <> 0 then 0.5 else 0 end)) ^ 2 as d0,
      (mx - 1.5 * e * (i0 + 1)) ^ 2 + (my - h * (j1 + case when i0 % 2 = 0 then 0.5 else 0 end)) ^ 2 as d1
    from (
      select mx, my, e, h, i0,
        round((my - case when i0 % 2 <> 0 then h / 2 else 0 end) / h)::bigint as j0,
        round((my - case when i0 % 2 = 0 then h / 2 else 0 end) / h)::bigint as j1
      from (
        select mx, my, e, h, floor(mx / (1.5 * e))::bigint as i0
        from (
          select 6378137 * radians(lon) as mx, 6378137 * ln(tan(pi() / 4 + radians(lat) / 2)) as my,
            pingan_hex_edge(z) as e, sqrt(3) * pingan_hex_edge(z) as h
          offset 0) m
        offset 0) a
      offset 0) b
    offset 0) d
$$;

-- The tile (x, y as in z/x/y) that sends hexagon (i, j) of zoom z: the one holding its centre,
-- half-open (west and south edges in, east and north out), so that each cell is in exactly one
-- tile and summing n over the tiles counts every incident once.
create function pingan_hex_tile(i bigint, j bigint, z int) returns table (tx int, ty int)
language sql immutable parallel safe as $$
  select floor((cx + 20037508.342789244::float8) / w)::int, (ceil((20037508.342789244::float8 - cy) / w) - 1)::int
  from (
    select 1.5 * pingan_hex_edge(z) * i as cx,
      sqrt(3) * pingan_hex_edge(z) * (j + case when i % 2 <> 0 then 0.5 else 0 end) as cy,
      (2 * 20037508.342789244::float8) / (2::float8 ^ z) as w
    offset 0) c
$$;

-- No foreign key to districts, as for 009's rollups: a district's cells go with it by trigger.
create table incident_cells (
  district_id int not null,
  z smallint not null check (z between 8 and 13),
  -- the tile sending the cell (pingan_hex_tile): a tile's cells of a period are one range of the key
  tx int not null,
  ty int not null,
  -- the local (Asia/Shanghai) month's first day
  month date not null,
  i int not null,
  j int not null,
  category smallint not null,
  n int not null,
  -- n in the index: a tile is read by an index-only scan once the table is vacuumed
  primary key (district_id, z, tx, ty, month, i, j, category) include (n)
);

alter table incident_cells enable row level security;
create policy incident_cells_visible on incident_cells for select using (district_id = any ((select pingan_visible_districts())::int[]));
grant select on incident_cells to pingan_app;

-- The statement adding `changes` (a query of district_id, time, category, lon, lat, d rows,
-- d = +1 or -1) to the cells of every tile zoom. Cells of a district no longer there are left
-- out, as in 009.
create function pingan_cells_sql(changes text) returns text
language sql immutable as $$
  select format($q$
    insert into incident_cells as r (district_id, z, tx, ty, month, i, j, category, n)
    select c.district_id, zz.z, t.tx, t.ty,
      date_trunc('month', (c.time at time zone 'UTC') + interval '8 hours')::date, h.i, h.j, c.category, sum(c.d)::int
    from (%s) c
    cross join generate_series(8, 13) zz (z)
    cross join lateral pingan_hex_cell(c.lon, c.lat, zz.z) h
    cross join lateral pingan_hex_tile(h.i, h.j, zz.z) t
    where c.district_id in (select id from districts)
    group by 1, 2, 3, 4, 5, 6, 7, 8
    having sum(c.d) <> 0
    order by 1, 2, 3, 4, 5, 6, 7, 8
    on conflict (district_id, z, tx, ty, month, i, j, category) do update set n = r.n + excluded.n
  $q$, changes)
$$;

create function pingan_incidents_cells() returns trigger
language plpgsql security definer set search_path = public, pg_temp set work_mem = '64MB' as $$
begin
  if tg_op = 'INSERT' then
    execute pingan_cells_sql('select district_id, time, category, lon, lat, 1 as d from new_rows');
  elsif tg_op = 'DELETE' then
    execute pingan_cells_sql('select district_id, time, category, lon, lat, -1 as d from old_rows');
  else
    -- only the rows whose counted fields changed: a layer reload rewrites area columns only
    execute pingan_cells_sql($q$
      select x.* from old_rows o join new_rows n using (id)
      cross join lateral (values (o.district_id, o.time, o.category, o.lon, o.lat, -1),
        (n.district_id, n.time, n.category, n.lon, n.lat, 1)) x (district_id, time, category, lon, lat, d)
      where (o.district_id, o.time, o.category, o.lon, o.lat) is distinct from (n.district_id, n.time, n.category, n.lon, n.lat)$q$);
  end if;
  return null;
end
$$;
create trigger incidents_cells_insert after insert on incidents
  referencing new table as new_rows for each statement execute function pingan_incidents_cells();
create trigger incidents_cells_update after update on incidents
  referencing old table as old_rows new table as new_rows for each statement execute function pingan_incidents_cells();
create trigger incidents_cells_delete after delete on incidents
  referencing old table as old_rows for each statement execute function pingan_incidents_cells();

-- A district's cells counted again from its incidents (a bulk load, a repair).
create function pingan_cells_rebuild(district int) returns void
language plpgsql security definer set search_path = public, pg_temp set work_mem = '64MB' as $$
begin
  delete from incident_cells where district_id = district;
  execute pingan_cells_sql(format('select district_id, time, category, lon, lat, 1 as d from incidents where district_id = %s', district));
end
$$;
revoke all on function pingan_cells_rebuild(int) from public;

-- 009's rebuild, which a bulk load calls, now counts the cells too; a layer's rebuild leaves
-- them alone (a layer moves no incident)
create or replace function pingan_rollups_rebuild(district int, only_layer text default null) returns void
language plpgsql security definer set search_path = public, pg_temp set work_mem = '64MB' as $$
begin
  delete from incident_rollups where district_id = district and (only_layer is null or layer = only_layer);
  delete from incident_rollup_months where district_id = district and (only_layer is null or layer = only_layer);
  execute pingan_rollups_sql(format('select * from (%s) c where c.district_id = %s and (%L::text is null or c.layer = %L::text)',
    pingan_rollups_cells('incidents', 'i', 1), district, only_layer, only_layer));
  if only_layer is null then
    perform pingan_cells_rebuild(district);
  end if;
end
$$;

create function pingan_districts_cells_gone() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  delete from incident_cells where district_id in (select id from gone);
  return null;
end
$$;
create trigger districts_cells_gone after delete on districts
  referencing old table as gone for each statement execute function pingan_districts_cells_gone();

-- the incidents there already (a database made before this migration)
select pingan_cells_rebuild(id) from districts;
