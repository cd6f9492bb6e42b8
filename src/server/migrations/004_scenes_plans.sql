-- The wall's scenes and the camera plans, shared by every seat of a district (src/server/seat-routes.ts).
-- Each scene and plan carries a revision a write must name (optimistic concurrency: an update
-- `where revision = base` that touches no row was based on an old version). Each district also
-- has one counter per list, bumped by every write in the same transaction: it is the ETag the
-- seats poll with, so "nothing changed" costs one indexed row read and a 304.
-- updated_by / saved_by hold the user's name (the app role cannot read the users table).

create table scenes (
  id bigserial primary key,
  district_id int not null references districts (id) on delete cascade,
  -- the scene's own id (core/scenes.ts), made by the seat that saved it
  key text not null check (length(key) between 1 and 100),
  position int not null,
  title text not null,
  -- the route refuses more than half of this first (jsonb's text form is wider than compact JSON)
  scene jsonb not null check (octet_length(scene::text) <= 65536),
  revision int not null default 1 check (revision >= 1),
  updated_by text not null,
  updated_at timestamptz not null default now(),
  unique (district_id, key)
);
create index scenes_order on scenes (district_id, position);

create table plans (
  id bigserial primary key,
  district_id int not null references districts (id) on delete cascade,
  key text not null check (length(key) between 1 and 100),
  name text not null check (length(name) between 1 and 200),
  revision int not null default 1 check (revision >= 1),
  -- createdAt, updatedAt, cameras (core/plan-cameras.ts), as the seat's plan store holds them;
  -- the route refuses more than half of the limit first
  plan jsonb not null check (octet_length(plan::text) <= 8388608),
  updated_by text not null,
  updated_at timestamptz not null default now(),
  unique (district_id, key)
);

-- every revision a plan had, the current one included: its history, and what restore copies
create table plan_revisions (
  plan_id bigint not null references plans (id) on delete cascade,
  district_id int not null references districts (id) on delete cascade,
  revision int not null,
  name text not null,
  plan jsonb not null,
  saved_by text not null,
  saved_at timestamptz not null default now(),
  primary key (plan_id, revision)
);

create table seat_lists (
  district_id int primary key references districts (id) on delete cascade,
  scenes_revision bigint not null default 0,
  plans_revision bigint not null default 0
);

do $$
declare t text;
begin
  foreach t in array array['scenes', 'plans', 'plan_revisions', 'seat_lists'] loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy %I on %I using (district_id = any ((select pingan_visible_districts())::int[])) with check (district_id = any ((select pingan_visible_districts())::int[]))', t || '_visible', t);
    execute format('grant select, insert, update, delete on %I to pingan_app', t);
  end loop;
  foreach t in array array['scenes', 'plans'] loop
    execute format('grant usage, select on sequence %I to pingan_app', t || '_id_seq');
  end loop;
end
$$;

-- every scene change and plan edit is an audit row (003_audit.sql): who, from where, which
-- scene or plan and its new revision; never the scene's or the plan's content
create trigger scenes_audit after insert or update or delete on scenes
  for each row execute function pingan_audit_row('scene', 'key', 'title', 'revision');
create trigger plans_audit after insert or update or delete on plans
  for each row execute function pingan_audit_row('plan', 'key', 'name', 'revision');
