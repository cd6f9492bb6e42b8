-- Every table of the command centre's database. Each data row belongs to one district; the
-- incidents carry the area of each layer they fall in, assigned once when they or the areas are
-- loaded (src/server/assign-areas.ts, with the core's join), so rankings are GROUP BYs.

create table districts (
  id serial primary key,
  code text not null unique,
  name text not null,
  created_at timestamptz not null default now()
);

create table areas (
  id bigserial primary key,
  district_id int not null references districts (id) on delete cascade,
  layer text not null check (layer in ('street', 'compound', 'grid', 'site')),
  source_id text not null,
  -- position in the file it came from: where areas overlap, the earliest one wins (the core's rule)
  ord int not null,
  name text not null default '',
  parent_id text,
  population double precision,
  -- the geometry as the file gave it, so the core's join reads back exactly the same coordinates
  geometry jsonb not null,
  geom geometry(MultiPolygon, 4326) not null,
  unique (district_id, layer, source_id)
);
create index areas_geom on areas using gist (geom);
create index areas_layer_ord on areas (district_id, layer, ord);

create table incidents (
  id bigserial primary key,
  district_id int not null references districts (id) on delete cascade,
  source_id text not null,
  time timestamptz not null,
  -- index into the core's CATEGORIES
  category smallint not null check (category between 0 and 4),
  subtype text not null default '',
  address text not null default '',
  lon double precision not null,
  lat double precision not null,
  geom geometry(Point, 4326) generated always as (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) stored,
  -- areas.id of the area of each layer holding the incident, null when in none. No foreign
  -- keys: the columns are rewritten whenever a layer is reloaded, in the same transaction, and a
  -- cascade would scan the incidents once per deleted area.
  street_id bigint,
  compound_id bigint,
  grid_id bigint,
  site_id bigint,
  unique (district_id, source_id)
);
create index incidents_geom on incidents using gist (geom);
create index incidents_time on incidents (district_id, time);

create table cameras (
  id bigserial primary key,
  district_id int not null references districts (id) on delete cascade,
  source_id text not null,
  lon double precision not null,
  lat double precision not null,
  -- azimuth, fov, range, type, class, status, lens: as read by the app's camera reader
  properties jsonb not null default '{}',
  geom geometry(Point, 4326) generated always as (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) stored,
  unique (district_id, source_id)
);
create index cameras_geom on cameras using gist (geom);

-- Point, line and polygon layers kept as GeoJSON features: a file replaces its whole layer.
do $$
declare t text;
begin
  foreach t in array array['stations', 'checkpoints', 'roads', 'buildings'] loop
    execute format($f$
      create table %1$I (
        id bigserial primary key,
        district_id int not null references districts (id) on delete cascade,
        ord int not null,
        properties jsonb not null default '{}',
        geometry jsonb not null,
        geom geometry(Geometry, 4326) not null
      );
      create index %2$I on %1$I using gist (geom);
      create index %3$I on %1$I (district_id, ord);
    $f$, t, t || '_geom', t || '_district');
  end loop;
end
$$;

create table users (
  id serial primary key,
  name text not null unique,
  role text not null check (role in ('viewer', 'analyst', 'planner', 'admin')),
  -- scrypt$N$r$p$salt$hash (src/server/passwords.ts)
  password_hash text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table sessions (
  -- sha-256 of the cookie's token: a leaked table does not hand out sessions
  token_hash bytea primary key,
  user_id int not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user on sessions (user_id);

create table district_grants (
  user_id int not null references users (id) on delete cascade,
  district_id int not null references districts (id) on delete cascade,
  primary key (user_id, district_id)
);
