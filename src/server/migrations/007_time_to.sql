-- Uncertain times (aoristic analysis, core/aoristic.ts): an incident known only to lie in
-- [time, time_to), a theft "between 22:00 and 07:00". Null: an exact time. The readers reject an
-- end before the start and read an end equal to it as no window, so a stored end is after it.
alter table incidents add column time_to timestamptz;
alter table incidents add constraint incidents_window check (time_to is null or time_to > time);
