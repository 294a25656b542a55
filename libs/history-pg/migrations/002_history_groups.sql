-- Filters and totals without scanning the runs. Every filter of the history (model, GPU and
-- free-text substrings, source, kind) is a property of a run's group: its model, GPU, precision,
-- source and kind. There are few groups (hundreds, against millions of runs), each keeping its
-- number of runs, so a filtered total is a sum over the matching groups and a filtered page
-- walks the sort index keeping rows of those groups. Triggers keep groups and counts current.
CREATE TABLE history_groups (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  model_key   text COLLATE "C" NOT NULL,
  gpu_key     text COLLATE "C" NOT NULL,
  precision   text COLLATE "C" NOT NULL,
  source      text COLLATE "C" NOT NULL,
  kind        text COLLATE "C" NOT NULL,
  search_text text COLLATE "C" NOT NULL,
  runs        bigint NOT NULL DEFAULT 0,
  UNIQUE (model_key, gpu_key, precision, source, kind)
);

ALTER TABLE history_runs ADD COLUMN group_id integer;

-- Runs kept before this migration.
INSERT INTO history_groups (model_key, gpu_key, precision, source, kind, search_text, runs)
  SELECT model_key, gpu_key, precision, source, kind, min(search_text), count(*)
  FROM history_runs GROUP BY model_key, gpu_key, precision, source, kind;
UPDATE history_runs r SET group_id = g.id FROM history_groups g
  WHERE (g.model_key, g.gpu_key, g.precision, g.source, g.kind) = (r.model_key, r.gpu_key, r.precision, r.source, r.kind);

ALTER TABLE history_runs ALTER COLUMN group_id SET NOT NULL;
CREATE INDEX history_runs_group ON history_runs (group_id, ts);

-- Each new run finds (or makes) its group.
CREATE OR REPLACE FUNCTION history_runs_set_group() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT id INTO NEW.group_id FROM history_groups
    WHERE (model_key, gpu_key, precision, source, kind) = (NEW.model_key, NEW.gpu_key, NEW.precision, NEW.source, NEW.kind);
  IF NEW.group_id IS NULL THEN
    INSERT INTO history_groups (model_key, gpu_key, precision, source, kind, search_text)
      VALUES (NEW.model_key, NEW.gpu_key, NEW.precision, NEW.source, NEW.kind, NEW.search_text)
      ON CONFLICT (model_key, gpu_key, precision, source, kind) DO NOTHING;
    SELECT id INTO NEW.group_id FROM history_groups
      WHERE (model_key, gpu_key, precision, source, kind) = (NEW.model_key, NEW.gpu_key, NEW.precision, NEW.source, NEW.kind);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER history_runs_set_group BEFORE INSERT ON history_runs FOR EACH ROW EXECUTE FUNCTION history_runs_set_group();

-- Counts move by what a statement really inserted or deleted (ON CONFLICT DO NOTHING skips duplicates).
CREATE OR REPLACE FUNCTION history_runs_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE history_groups g SET runs = g.runs + c.n
    FROM (SELECT group_id, count(*) AS n FROM inserted GROUP BY group_id) c WHERE g.id = c.group_id;
  RETURN NULL;
END $$;
CREATE TRIGGER history_runs_count_inserted AFTER INSERT ON history_runs
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION history_runs_count_inserted();

CREATE OR REPLACE FUNCTION history_runs_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE history_groups g SET runs = g.runs - c.n
    FROM (SELECT group_id, count(*) AS n FROM deleted GROUP BY group_id) c WHERE g.id = c.group_id;
  RETURN NULL;
END $$;
CREATE TRIGGER history_runs_count_deleted AFTER DELETE ON history_runs
  REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION history_runs_count_deleted();
-- TRUNCATE (tests, a team wiping its history) empties the counts too.
CREATE OR REPLACE FUNCTION history_runs_count_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE history_groups SET runs = 0;
  RETURN NULL;
END $$;
CREATE TRIGGER history_runs_count_truncated AFTER TRUNCATE ON history_runs FOR EACH STATEMENT EXECUTE FUNCTION history_runs_count_truncated();
