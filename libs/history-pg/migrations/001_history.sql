-- The history: every run kept whole (record, JSONB) with the columns the history page sorts and
-- filters on copied out of it and indexed. Filled by libs/history-pg (columns.ts computes the
-- copies in JavaScript, so filters match the JSON-lines store exactly: lower-cased substrings).
CREATE TABLE history_runs (
  id              text PRIMARY KEY,
  -- Insertion order: spool replays keep it; ties on every sort key fall back to it.
  seq             bigint GENERATED ALWAYS AS IDENTITY,
  ts              timestamptz NOT NULL,
  source          text COLLATE "C" NOT NULL CHECK (source IN ('web', 'cli')),
  kind            text COLLATE "C" NOT NULL DEFAULT 'calculate',
  model           text NOT NULL,
  gpu             text NOT NULL,
  precision       text COLLATE "C" NOT NULL,
  batch_size      double precision,
  sequence_length double precision,
  output_tokens   double precision,
  num_gpus        double precision,
  total_bytes     double precision,
  per_gpu_bytes   double precision,
  tokens_per_second double precision,
  fits            boolean,
  -- Lower-cased display names (sort keys of the model and GPU columns, code-unit order).
  model_sort      text COLLATE "C" NOT NULL,
  gpu_sort        text COLLATE "C" NOT NULL,
  -- Lower-cased "id name" of model and GPU, and both plus precision and source (filters).
  model_key       text COLLATE "C" NOT NULL,
  gpu_key         text COLLATE "C" NOT NULL,
  search_text     text COLLATE "C" NOT NULL,
  record          jsonb NOT NULL
);
-- Records (a few KB of JSON) are kept out of line, so the rows that sorts, filters and counts
-- walk stay narrow (~200 bytes) and a page reads only the records it returns.
ALTER TABLE history_runs SET (toast_tuple_target = 128);

-- One index per sortable column, the timestamp second: a page of any sort order is an index walk.
CREATE INDEX history_runs_ts ON history_runs (ts, seq);
CREATE INDEX history_runs_source ON history_runs (source, ts);
CREATE INDEX history_runs_model_sort ON history_runs (model_sort, ts);
CREATE INDEX history_runs_gpu_sort ON history_runs (gpu_sort, ts);
CREATE INDEX history_runs_precision ON history_runs (precision, ts);
CREATE INDEX history_runs_batch_size ON history_runs (batch_size, ts);
CREATE INDEX history_runs_sequence_length ON history_runs (sequence_length, ts);
CREATE INDEX history_runs_total_bytes ON history_runs (total_bytes, ts);
CREATE INDEX history_runs_tokens_per_second ON history_runs (tokens_per_second, ts);
CREATE INDEX history_runs_num_gpus ON history_runs (num_gpus, ts);
CREATE INDEX history_runs_output_tokens ON history_runs (output_tokens, ts);
CREATE INDEX history_runs_per_gpu_bytes ON history_runs (per_gpu_bytes, ts);
CREATE INDEX history_runs_fits ON history_runs (fits, ts);
CREATE INDEX history_runs_kind ON history_runs (kind, ts);
