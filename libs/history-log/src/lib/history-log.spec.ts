import { appendFileSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CalculateResponse } from '@llm-calc/contracts';
import { appendJsonLine, MAX_RECORD_BYTES, RecordTooLargeError, ROTATION_CHECK_MS, SerialAppender } from './append';
import { CustomModelStore } from './custom-models-store';
import { HistoryIndex } from './reader';

function record(
  i: number,
  over: Partial<{ source: 'web' | 'cli'; model: string; gpu: string; batch: number; tps: number; ts: string }> = {},
): CalculateResponse {
  return {
    id: `r${i}`,
    timestamp: over.ts ?? new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    source: over.source ?? 'web',
    inputs: { model: 'm', gpu: 'g', precision: 'bf16', batch_size: over.batch ?? 1, sequence_length: 4096 },
    model_summary: { name: over.model ?? 'Llama 3.1 8B' },
    gpu_summary: { name: over.gpu ?? 'NVIDIA H100' },
    memory: { total_bytes: 1e9 * (i + 1) },
    performance: { tokens_per_second: over.tps ?? 100 + i },
  } as unknown as CalculateResponse;
}

const dir = () => mkdtempSync(join(tmpdir(), 'history-log-'));

describe('appendJsonLine', () => {
  it('writes one line per record and starts a fresh line after a torn tail', async () => {
    const file = join(dir(), 'sub', 'log.log');
    await appendJsonLine(file, { a: 1 });
    appendFileSync(file, '{"torn":');
    await appendJsonLine(file, { b: 2 });
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n{"torn":\n{"b":2}\n');
  });

  it('refuses a record over the size cap and writes nothing', async () => {
    const file = join(dir(), 'log.log');
    await expect(appendJsonLine(file, { pad: 'x'.repeat(MAX_RECORD_BYTES) })).rejects.toBeInstanceOf(RecordTooLargeError);
    expect(() => readFileSync(file)).toThrow();
  });

  it('SerialAppender keeps arrival order under concurrency and flushes', async () => {
    const file = join(dir(), 'log.log');
    const appender = new SerialAppender(file);
    const writes = Array.from({ length: 300 }, (_, i) => appender.append({ i }));
    await appender.flush();
    await Promise.all(writes);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { i: number }).i)).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });

  it('SerialAppender starts a fresh line after an external torn write and follows a rotated file', async () => {
    const file = join(dir(), 'log.log');
    const appender = new SerialAppender(file);
    await appender.append({ a: 1 });
    appendFileSync(file, '{"torn":');
    await appender.append({ b: 2 });
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n{"torn":\n{"b":2}\n');
    renameSync(file, `${file}.1`);
    await new Promise((r) => setTimeout(r, ROTATION_CHECK_MS + 50));
    await appender.append({ c: 3 });
    expect(readFileSync(file, 'utf8')).toBe('{"c":3}\n');
    appender.close();
  });
});

describe('HistoryIndex', () => {
  it('merges both logs newest first, pages, filters and sorts', async () => {
    const d = dir();
    const web = join(d, 'web.log');
    const cli = join(d, 'cli.log');
    writeFileSync(web, [record(1), record(3, { model: 'Mixtral 8x7B', batch: 8 })].map((r) => JSON.stringify(r)).join('\n') + '\n');
    writeFileSync(cli, JSON.stringify(record(2, { source: 'cli', gpu: 'RTX 4090', batch: 4 })) + '\n');
    const index = new HistoryIndex([web, cli]);
    const all = await index.query({});
    expect(all.items.map((r) => r.id)).toEqual(['r3', 'r2', 'r1']);
    expect(all.total).toBe(3);
    expect((await index.query({ page: 2, page_size: 2 })).items.map((r) => r.id)).toEqual(['r1']);
    expect((await index.query({ source: 'cli' })).items.map((r) => r.id)).toEqual(['r2']);
    expect((await index.query({ model: 'MIXTRAL' })).total).toBe(1);
    expect((await index.query({ gpu: '4090' })).total).toBe(1);
    expect((await index.query({ q: 'llama' })).total).toBe(2);
    expect((await index.query({ sort: 'batch_size', order: 'asc' })).items.map((r) => r.inputs.batch_size)).toEqual([1, 4, 8]);
    expect((await index.query({ sort: 'model', order: 'asc' })).items[2]?.model_summary.name).toBe('Mixtral 8x7B');
  });

  it('reads only what was appended, counts corrupt and torn lines, and recovers when the tail completes', async () => {
    const d = dir();
    const web = join(d, 'web.log');
    writeFileSync(web, JSON.stringify(record(1)) + '\nnot json\n{"id": "no fields"}\n');
    const index = new HistoryIndex([web, join(d, 'missing.log')]);
    let r = await index.query({});
    expect([r.total, r.skipped_lines]).toEqual([1, 2]);
    const next = JSON.stringify(record(2));
    appendFileSync(web, next.slice(0, 20));
    r = await index.query({});
    expect([r.total, r.skipped_lines]).toEqual([1, 3]);
    appendFileSync(web, next.slice(20) + '\n');
    r = await index.query({});
    expect([r.total, r.skipped_lines]).toEqual([2, 2]);
    expect(r.items[0]?.id).toBe('r2');
  });

  it('starts over when a log is truncated or removed', async () => {
    const d = dir();
    const web = join(d, 'web.log');
    writeFileSync(web, [record(1), record(2)].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const index = new HistoryIndex([web]);
    expect((await index.query({})).total).toBe(2);
    writeFileSync(web, JSON.stringify(record(5)) + '\n');
    const r = await index.query({});
    expect(r.items.map((x) => x.id)).toEqual(['r5']);
  });
});

describe('CustomModelStore', () => {
  const model = { name: 'x', hidden_size: 64 } as never;

  it('saves, replaces, lists and removes by name; concurrent saves all land', async () => {
    const store = new CustomModelStore(join(dir(), 'data', 'custom_models.json'));
    expect(await store.list()).toEqual([]);
    await Promise.all(Array.from({ length: 25 }, (_, i) => store.save(`m${i}`, model)));
    expect((await store.list()).map((m) => m.name).sort()).toHaveLength(25);
    await store.save('m3', { ...(model as object), hidden_size: 128 } as never);
    expect(((await store.get('m3'))?.model as unknown as { hidden_size: number }).hidden_size).toBe(128);
    expect(await store.remove('m3')).toBe(true);
    expect(await store.remove('m3')).toBe(false);
    expect(await store.list()).toHaveLength(24);
  });

  it('treats a corrupt file as empty rather than failing', async () => {
    const file = join(dir(), 'custom_models.json');
    writeFileSync(file, '{"models": [');
    expect(await new CustomModelStore(file).list()).toEqual([]);
  });
});

describe('HistoryIndex: serving and recommend runs', () => {
  const serving = (i: number, kind: 'serving' | 'recommend' = 'serving') => ({
    id: `s${i}`,
    timestamp: new Date(Date.UTC(2026, 0, 2, 0, 0, i)).toISOString(),
    source: 'web',
    kind,
    inputs: { model: 'llama-3.1-8b', gpu: 'h100-sxm', precision: 'fp8' },
    model_summary: { name: 'Llama 3.1 8B' },
    gpu_summary: { name: 'NVIDIA H100' },
    throughput: { output_tokens_per_second: 1000 + i },
  });

  it('keeps them apart from the calculations, readable, and answers them by kind', async () => {
    const d = dir();
    const file = join(d, 'web.log');
    const lines = [record(1), serving(1), record(2), serving(2), serving(3, 'recommend')].map((r) => JSON.stringify(r));
    writeFileSync(file, lines.join('\n') + '\n');
    const index = new HistoryIndex([file]);
    const calculations = await index.query({});
    expect(calculations.items.map((r) => r.id)).toEqual(['r2', 'r1']);
    expect(calculations.skipped_lines).toBe(0);
    const runs = await index.query({ kind: 'serving', sort: 'tokens_per_second', order: 'desc' });
    expect(runs.total).toBe(2);
    expect(runs.items.map((r) => r.id)).toEqual(['s2', 's1']);
    expect((await index.query({ kind: 'recommend' })).items.map((r) => r.id)).toEqual(['s3']);
    expect((await index.query({ kind: 'serving', gpu: 'a100' })).total).toBe(0);
    expect((await index.query({ kind: 'calculate' })).total).toBe(2);
  });
});
