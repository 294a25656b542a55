-- Substring filters (model, gpu, free text) as trigram index scans. pg_trgm ships with
-- PostgreSQL and is a trusted extension (a database owner may create it); where it cannot be
-- created the filters still work, by sequential scan.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
  RAISE NOTICE 'pg_trgm unavailable (%); history filters will scan', SQLERRM;
END $$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    CREATE INDEX history_runs_model_key_trgm ON history_runs USING gin (model_key gin_trgm_ops);
    CREATE INDEX history_runs_gpu_key_trgm ON history_runs USING gin (gpu_key gin_trgm_ops);
    CREATE INDEX history_runs_search_text_trgm ON history_runs USING gin (search_text gin_trgm_ops);
  END IF;
END $$;
