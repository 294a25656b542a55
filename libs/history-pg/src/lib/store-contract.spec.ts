import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { HISTORY_SORT_FIELDS, type CalculateResponse, type HistorySortField } from '@llm-calc/contracts';
import { JsonLinesHistoryStore, type HistoryStore } from '@llm-calc/history-log';
import { PgCluster, postgresInstalled, sampleRecord } from '../testing';
import { PgHistoryStore } from './pg-history-store';

/**
 * The history store's contract, run against both adapters: the same tests on the JSON-lines
 * files and on PostgreSQL (a throwaway cluster started for this file). Whatever the page, the
 * CLI or the API see of the history must not depend on which store keeps it.
 */

interface Adapter {
  name: string;
  /** A new, empty store. */
  fresh(): Promise<HistoryStore>;
}

let cluster: PgCluster | null = null;
let admin: pg.Pool | null = null;
const opened: HistoryStore[] = [];

const jsonLines: Adapter = {
  name: 'json-lines',
  fresh: async () => new JsonLinesHistoryStore(mkdtempSync(join(tmpdir(), 'llm-calc-contract-')), 'web'),
};

const postgres: Adapter = {
  name: 'postgres',
  fresh: async () => {
    if (!cluster || !admin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
    await admin.query('DROP TABLE IF EXISTS history_runs, history_groups, schema_migrations CASCADE');
    const store = new PgHistoryStore({
      connectionString: cluster.url,
      source: 'web',
      spoolDir: mkdtempSync(join(tmpdir(), 'llm-calc-spool-')),
    });
    await store.ready();
    return store;
  },
};

beforeAll(async () => {
  // No silent skip: without PostgreSQL the postgres half fails, naming what to install.
  if (!postgresInstalled()) return;
  cluster = await PgCluster.create();
  admin = new pg.Pool({ connectionString: cluster.url, max: 1 });
  admin.on('error', () => undefined); // idle connections cut when the cluster stops
}, 120_000);

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await admin?.end();
  cluster?.destroy();
});

/** The reference order of the history: ascending by the field, ties by time; desc reverses it. */
function referenceOrder(records: CalculateResponse[], field: HistorySortField, order: 'asc' | 'desc'): string[] {
  const key = (r: CalculateResponse): string | number => {
    switch (field) {
      case 'timestamp':
        return r.timestamp;
      case 'source':
        return r.source;
      case 'model':
        return r.model_summary.name.toLowerCase();
      case 'gpu':
        return r.gpu_summary.name.toLowerCase();
      case 'precision':
        return r.inputs.precision;
      case 'total_bytes':
        return r.memory.total_bytes;
      case 'tokens_per_second':
        return r.performance.tokens_per_second;
      default:
        return r.inputs[field];
    }
  };
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  const ids = [...records].sort((a, b) => cmp(key(a), key(b)) || cmp(a.timestamp, b.timestamp)).map((r) => r.id);
  return order === 'asc' ? ids : ids.reverse();
}

describe.each([jsonLines, postgres])('HistoryStore contract: $name', (adapter) => {
  const open = async () => {
    const store = await adapter.fresh();
    opened.push(store);
    return store;
  };
  const records = Array.from({ length: 24 }, (_, i) => sampleRecord(i));
  const fill = async (store: HistoryStore, list = records) => {
    for (const r of list) await store.append(r, JSON.stringify(r));
  };

  it('an empty store answers an empty first page and reports itself healthy', async () => {
    const store = await open();
    expect(await store.query({})).toEqual({ total: 0, page: 1, page_size: 50, items: [], skipped_lines: 0 });
    const health = store.health();
    expect(health).toMatchObject({ backend: adapter.name, state: 'ok', writable: true, last_error: null });
  });

  it('keeps each record whole and serves it back, newest first by default', async () => {
    const store = await open();
    await fill(store);
    const res = await store.query({});
    expect(res.total).toBe(records.length);
    expect(res.items.map((r) => r.id)).toEqual([...records].reverse().map((r) => r.id));
    expect(res.items.find((r) => r.id === 'run-00005')).toEqual(records[5]);
  });

  it('pages: page 2 of size 5 is the 6th to 10th newest; a page past the end is empty', async () => {
    const store = await open();
    await fill(store);
    const res = await store.query({ page: 2, page_size: 5 });
    expect(res).toMatchObject({ total: 24, page: 2, page_size: 5 });
    expect(res.items.map((r) => r.id)).toEqual(['run-00018', 'run-00017', 'run-00016', 'run-00015', 'run-00014']);
    expect((await store.query({ page: 6, page_size: 5 })).items).toEqual([]);
    expect((await store.query({ page: 5, page_size: 5 })).items.map((r) => r.id)).toEqual([
      'run-00003',
      'run-00002',
      'run-00001',
      'run-00000',
    ]);
  });

  it.each(HISTORY_SORT_FIELDS.flatMap((f) => [[f, 'asc'] as const, [f, 'desc'] as const]))(
    'sorts by %s %s like the reference order',
    async (field, order) => {
      const store = await open();
      await fill(store);
      const res = await store.query({ sort: field, order, page_size: 50 });
      expect(res.items.map((r) => r.id)).toEqual(referenceOrder(records, field, order));
    },
  );

  it('filters by model, GPU (id or name, any case), source and free text; totals count the matches', async () => {
    const store = await open();
    await fill(store);
    const ids = async (q: Parameters<HistoryStore['query']>[0]) => {
      const res = await store.query({ ...q, page_size: 50 });
      expect(res.total).toBe(res.items.length);
      return res.items.map((r) => r.id).sort();
    };
    const expected = (keep: (r: CalculateResponse) => boolean) =>
      records
        .filter(keep)
        .map((r) => r.id)
        .sort();
    expect(await ids({ model: 'LLAMA-3.1' })).toEqual(expected((r) => r.inputs.model?.startsWith('llama-3.1') ?? false));
    expect(await ids({ model: 'Mixtral 8x7B' })).toEqual(expected((r) => r.inputs.model === 'mixtral-8x7b'));
    expect(await ids({ gpu: '4090' })).toEqual(expected((r) => r.inputs.gpu === 'rtx-4090'));
    expect(await ids({ source: 'cli' })).toEqual(expected((r) => r.source === 'cli'));
    expect(await ids({ q: 'int4' })).toEqual(expected((r) => r.inputs.precision === 'int4'));
    expect(await ids({ model: 'llama', gpu: 'h100', source: 'web' })).toEqual(
      expected((r) => (r.inputs.model?.includes('llama') ?? false) && r.inputs.gpu === 'h100-sxm' && r.source === 'web'),
    );
    // LIKE's wildcards are plain characters in a filter.
    expect(await ids({ model: '%' })).toEqual([]);
    expect(await ids({ gpu: '_' })).toEqual([]);
    expect(await ids({ q: "'; DROP TABLE history_runs; --" })).toEqual([]);
    expect((await store.query({})).total).toBe(24);
  });

  it('sorts and pages within a filter', async () => {
    const store = await open();
    await fill(store);
    const matching = records.filter((r) => r.inputs.gpu === 'h100-sxm');
    const res = await store.query({ gpu: 'h100', sort: 'tokens_per_second', order: 'desc', page: 2, page_size: 3 });
    expect(res.total).toBe(matching.length);
    expect(res.items.map((r) => r.id)).toEqual(referenceOrder(matching, 'tokens_per_second', 'desc').slice(3, 6));
  });

  it('keeps every one of many concurrent appends exactly once, each visible as soon as it resolves', async () => {
    const store = await open();
    const many = Array.from({ length: 200 }, (_, i) => sampleRecord(100 + i));
    await Promise.all(many.map((r) => store.append(r)));
    const res = await store.query({ page_size: 500 });
    expect(res.total).toBe(200);
    expect(new Set(res.items.map((r) => r.id)).size).toBe(200);
    const one = sampleRecord(999);
    await store.append(one);
    expect((await store.query({ page_size: 1 })).items[0]?.id).toBe(one.id);
  });

  it('a second store on the same history sees what the first kept', async () => {
    const first = await open();
    await fill(first, records.slice(0, 5));
    const second =
      adapter.name === 'postgres'
        ? new PgHistoryStore({
            connectionString: (cluster as PgCluster).url,
            source: 'cli',
            spoolDir: mkdtempSync(join(tmpdir(), 'llm-calc-spool-')),
          })
        : new JsonLinesHistoryStore((first as JsonLinesHistoryStore).logDir, 'cli');
    opened.push(second);
    await second.append(sampleRecord(50, {}, 'cli'));
    expect((await second.query({})).total).toBe(6);
    expect((await first.query({ source: 'cli' })).items.map((r) => r.id)).toEqual(['run-00050', 'run-00002']);
  });
});
