import request from 'supertest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createTestApp, type TestApp } from '../testing/test-app';

/**
 * Behaviour lock: a fixed set of varied requests (presets, custom models, MoE, MLA, sliding
 * windows, parallelism, every planning endpoint, the catalogues, bad input) and the answers the
 * API gave, apart from ids and timestamps. A refactor must leave every answer identical; a change
 * of the model (a new default, a fixed formula) regenerates the answers on purpose:
 * `UPDATE_GOLDEN=1 npx nx test api --testPathPatterns=golden`, and the diff is reviewed.
 */
interface GoldenRequest {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body: unknown;
}

/** Jest runs the api suites as ES modules (no __dirname): the folder from the workspace root. */
function workspaceRoot(from = process.cwd()): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}
const dir = join(workspaceRoot(), 'apps', 'api', 'src', 'testing', 'golden');
const requests = JSON.parse(readFileSync(join(dir, 'requests.json'), 'utf8')) as GoldenRequest[];
const answersFile = join(dir, 'answers.json');

/** Ids and timestamps differ on every run; everything else must not. */
function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = k === 'id' || k === 'timestamp' ? '<varies>' : stable(v);
    return out;
  }
  return value;
}

describe('golden answers', () => {
  let t: TestApp;
  const answers: Record<string, { status: number; body: unknown }> = {};
  beforeAll(async () => {
    t = await createTestApp();
    for (const r of requests) {
      const server = request(t.app.getHttpServer());
      const res = r.method === 'GET' ? await server.get(r.path) : await server.post(r.path).send(r.body as object);
      answers[r.name] = { status: res.status, body: stable(res.body) };
    }
  }, 120_000);
  afterAll(() => t.close());

  it('covers at least 50 varied requests, each named once', () => {
    expect(requests.length).toBeGreaterThanOrEqual(50);
    expect(new Set(requests.map((r) => r.name)).size).toBe(requests.length);
  });

  it('answers every request exactly as recorded', () => {
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(answersFile, JSON.stringify(answers, null, 1) + '\n');
    expect(existsSync(answersFile)).toBe(true);
    const recorded = JSON.parse(readFileSync(answersFile, 'utf8')) as typeof answers;
    expect(Object.keys(answers).sort()).toEqual(Object.keys(recorded).sort());
    for (const name of Object.keys(recorded)) {
      expect({ name, ...answers[name] }).toEqual({ name, ...recorded[name] });
    }
  });
});
