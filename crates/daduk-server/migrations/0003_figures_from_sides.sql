-- The overview's figures are computed from the stored sides by the domain's
-- rules (both sides together, on the day asked), no longer kept per side at
-- push time.
ALTER TABLE assessments DROP COLUMN unit_summary, DROP COLUMN tpi_summary;
