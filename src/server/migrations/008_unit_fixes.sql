-- Patrol units' fixes (issue 26): posted by the `feed` role (the GPS/BeiDou platform's
-- connector), streamed to the seats like live alerts (src/server/unit-fix-routes.ts). District
-- rows, row security as for incidents (002). Not partitioned: the server prunes each district's
-- fixes older than its kept window (unit-fix-routes.ts KEEP_DAYS: 7 days before the district's
-- newest fix) after a post, at most once a minute per district; 100 units at one fix per 5 s are
-- 1.7M rows a day, some 12M kept.

create table unit_fixes (
  id bigserial primary key,
  district_id int not null references districts (id) on delete cascade,
  unit_id text not null check (unit_id <> '' and length(unit_id) <= 120),
  -- core/unit-tracks.ts UNIT_KINDS and UNIT_STATUSES indices
  kind smallint not null default 4 check (kind between 0 and 4),
  status smallint not null default 0 check (status between 0 and 3),
  time timestamptz not null,
  lon float8 not null check (lon between -180 and 180),
  lat float8 not null check (lat between -90 and 90),
  -- km/h and degrees from north; null when not given
  speed real,
  heading real,
  -- a fix sent twice (a connector's retry) is stored once
  unique (district_id, unit_id, time)
);
create index unit_fixes_district_time on unit_fixes (district_id, time);

alter table unit_fixes enable row level security;
create policy unit_fixes_visible on unit_fixes
  using (district_id = any ((select pingan_visible_districts())::int[]))
  with check (district_id = any ((select pingan_visible_districts())::int[]));
grant select, insert, delete on unit_fixes to pingan_app;
grant usage, select on sequence unit_fixes_id_seq to pingan_app;

-- As for incidents (005): ids become visible in the order given out, so a seat's Last-Event-ID
-- is exact; one notification per statement and district with the id range only.
create function pingan_unit_fixes_take_turn() returns trigger
language plpgsql as $$
begin
  perform pg_advisory_xact_lock(1885957231);
  return null;
end
$$;
create trigger unit_fixes_take_turn before insert on unit_fixes
  for each statement execute function pingan_unit_fixes_take_turn();

create function pingan_unit_fixes_notify() returns trigger
language plpgsql as $$
declare r record;
begin
  for r in select district_id, min(id) as lo, max(id) as hi, count(*) as n from new_rows group by district_id loop
    perform pg_notify('pingan_unit_fixes', json_build_object('district', r.district_id, 'from', r.lo, 'to', r.hi, 'n', r.n)::text);
  end loop;
  return null;
end
$$;
create trigger unit_fixes_notify after insert on unit_fixes
  referencing new table as new_rows
  for each statement execute function pingan_unit_fixes_notify();
