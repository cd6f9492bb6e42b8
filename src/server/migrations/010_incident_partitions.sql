-- Placeholder for the partitions branch's 010_incident_partitions.sql (monthly partitions of
-- incidents): migrations run 001, 002, … without gaps, and 011 is this branch's. On merge, the
-- partitions branch's file replaces this one.
select 1;
