-- The daily briefings the server makes itself (src/server/briefings.ts): one row per district,
-- local day (Asia/Shanghai) and format, kept with the file's bytes. The row is claimed first
-- ('making') and then filled ('done') or marked 'failed' with the error: a briefing that could
-- not be made is a row saying so, never a silence. The unique key is what keeps two servers on
-- one database, or a restart at 08:00, from making the same briefing twice.

create table briefings (
  id bigserial primary key,
  district_id int not null references districts (id) on delete cascade,
  day date not null,
  format text not null check (format in ('pdf', 'png')),
  status text not null check (status in ('making', 'done', 'failed')),
  -- tries so far; a failed briefing is tried again while this is below the server's limit
  attempts int not null default 1 check (attempts >= 1),
  claimed_at timestamptz not null default now(),
  made_at timestamptz,
  title text not null default '',
  bytes bytea,
  size int,
  error text,
  -- how long the page took for this file, ms (the figure an operator sizes the schedule by)
  ms int,
  unique (district_id, day, format),
  check ((status = 'done') = (bytes is not null))
);
create index briefings_list on briefings (district_id, day desc);

alter table briefings enable row level security;
create policy briefings_visible on briefings
  using (district_id = any ((select pingan_visible_districts())::int[]))
  with check (district_id = any ((select pingan_visible_districts())::int[]));
-- requests only read (the server writes the rows on its owner connection)
grant select on briefings to pingan_app;

-- The server's own account for the headless page that makes the briefings: never signed in
-- with a password (login refuses system accounts), only given a short session by the server.
alter table users add column system boolean not null default false;
