/**
 * The built CLI as a user runs it: `node dist/apps/cli/main.js ...` in a child process, with
 * LOG_DIR pointing at a fresh temporary folder. The test target dependsOn build (project.json);
 * run alone (npx jest), beforeAll builds once if dist/apps/cli/main.js is missing.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CalculateResponse } from '@llm-calc/contracts';

const ROOT = resolve(__dirname, '../../..');
const MAIN = join(ROOT, 'dist/apps/cli/main.js');
const LOG_NAME = 'cli_calculations.log';

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], logDir: string): Promise<Result> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: ROOT, env: { ...process.env, LOG_DIR: logDir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

function logLines(logDir: string): string[] {
  const file = join(logDir, LOG_NAME);
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : [];
}

const BASIC = ['calculate', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm'];

let logDir: string;
const tempDirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'llm-calc-cli-'));
  tempDirs.push(dir);
  return dir;
}

beforeAll(() => {
  if (!existsSync(MAIN)) {
    execFileSync('npx', ['nx', 'build', 'cli', '--output-style=static'], {
      cwd: ROOT,
      stdio: 'ignore',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    });
  }
}, 300_000);

beforeEach(() => {
  logDir = freshDir();
});

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('calculate', () => {
  it('prints the four-section report and logs exactly one line with source "cli"', async () => {
    const r = await cli(BASIC, logDir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const title of ['Model Summary', 'Memory Requirements', 'Computational Requirements', 'Performance Estimates']) {
      expect(r.stdout).toContain(`\n${title}\n`);
    }
    expect(r.stdout).toContain('GB = 10^9 bytes');
    expect(r.stdout).toMatch(/Total parameters\s+8\.03B/);
    expect(r.stdout).toMatch(/Weights\s+[\d.]+ GB/);
    expect(r.stdout).toMatch(/Per generated token\s+[\d.]+ GFLOP/);
    expect(r.stdout).toMatch(/Tokens\/s per sequence\s+[\d.,]+ tok\/s/);
    expect(r.stdout).toMatch(/Per-token latency\s+[\d.]+ ms/);
    expect(r.stdout).toMatch(/Decode\s+memory-bound \(arithmetic intensity [\d.,]+ FLOP\/B vs ridge point [\d.,]+ FLOP\/B\)/);
    expect(r.stdout).toMatch(/Fits\s+yes, [\d.]+ GB headroom/);
    expect(r.stdout).toMatch(/Cost per million tokens\s+\$[\d.]+/);
    const lines = logLines(logDir);
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]) as CalculateResponse;
    expect(record.source).toBe('cli');
    expect(record.inputs.model).toBe('llama-3.1-8b');
    expect(record.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(record.timestamp).toISOString()).toBe(record.timestamp);
  });

  it('--json prints exactly the response object, the same one that is logged', async () => {
    const r = await cli([...BASIC, '--batch-size', '4', '--json'], logDir);
    expect(r.code).toBe(0);
    const response = JSON.parse(r.stdout) as CalculateResponse;
    expect(Object.keys(response)).toEqual(
      expect.arrayContaining(['id', 'timestamp', 'source', 'inputs', 'model_summary', 'memory', 'compute', 'performance']),
    );
    expect(response.source).toBe('cli');
    expect(response.inputs.batch_size).toBe(4);
    expect(response.model_summary.total_parameters).toBeGreaterThan(8e9);
    expect(response.performance.aggregate_tokens_per_second).toBeGreaterThan(response.performance.tokens_per_second);
    expect(r.stdout).toBe(`${JSON.stringify(response, null, 2)}\n`);
    // The output says that the run was logged; the log holds the response itself.
    const { logged, ...rest } = response as CalculateResponse & { logged: boolean };
    expect(logged).toBe(true);
    expect(JSON.parse(logLines(logDir)[0])).toEqual(rest);
  });

  it('reports a memory shortfall as a result, not an error', async () => {
    const r = await cli(['calculate', '--model', 'llama-3.1-405b', '--gpu', 'rtx-4090'], logDir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Fits\s+NO, does not fit: [\d.,]+ [kMGT]?B over per GPU/);
  });

  it('takes a custom model and a custom GPU from options', async () => {
    const r = await cli(
      [
        'calculate',
        '--model-name',
        'tiny',
        '--hidden-size',
        '1024',
        '--intermediate-size',
        '4096',
        '--num-layers',
        '8',
        '--num-attention-heads',
        '16',
        '--vocab-size',
        '32000',
        '--gpu-name',
        'Lab GPU',
        '--gpu-memory-bytes',
        '24e9',
        '--gpu-bandwidth',
        '1e12',
        '--gpu-peak-flops',
        'fp16=1.6e14,bf16=1.6e14',
        '--json',
      ],
      logDir,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const response = JSON.parse(r.stdout) as CalculateResponse;
    expect(response.model_summary.name).toBe('tiny');
    expect(response.gpu_summary.name).toBe('Lab GPU');
    expect(response.inputs.custom_gpu?.memory_bytes).toBe(24e9);
  });

  it('reads a Hugging Face config.json with --config and notes keys it does not understand', async () => {
    const dir = join(logDir, 'My-Model');
    mkdirSync(dir);
    const config = join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        hidden_size: 2048,
        intermediate_size: 8192,
        num_hidden_layers: 16,
        num_attention_heads: 32,
        num_key_value_heads: 8,
        vocab_size: 128256,
        tie_word_embeddings: true,
        hidden_act: 'silu',
        rms_norm_eps: 1e-5,
        shiny_new_key: 3,
      }),
    );
    const r = await cli(['calculate', '--config', config, '--gpu', 'h100-sxm', '--json'], logDir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('note: keys of');
    expect(r.stderr).toContain('shiny_new_key');
    expect((JSON.parse(r.stdout) as CalculateResponse).model_summary.name).toBe('My-Model');
  });
});

describe('bad input: exit 2, one line per problem naming the field, nothing logged', () => {
  const cases: [string, string[], RegExp[]][] = [
    ['batch size 0', ['--batch-size', '0'], [/batch_size must not be less than 1 \(--batch-size\)/]],
    ['unknown precision', ['--precision', 'fp7'], [/precision must be one of the following values/]],
    [
      'malformed numbers',
      ['--sequence-length', '12abc', '--efficiency', ''],
      [/--sequence-length must be a number \(got "12abc"\)/, /--efficiency must be a number \(got ""\)/],
    ],
    ['unknown option', ['--batchsize', '2'], [/unknown option --batchsize \(did you mean --batch-size\?\)/]],
    ['efficiency out of range', ['--efficiency', '1.5'], [/efficiency must be in \[0\.01, 1\]/]],
    ['precision the GPU cannot run', ['--precision', 'fp8', '--gpu', 'a100-sxm-80gb'], [/fp8/]],
    ['missing custom model fields', ['--model', '', '--hidden-size', '64'], [/model must be a preset id/]],
  ];

  it.each(cases)('%s', async (_name, extra, patterns) => {
    // BASIC's --model and --gpu give way to the case's own (an option given twice is refused).
    const given = new Set(extra.filter((a) => a.startsWith('--')));
    const base = BASIC.slice(1).flatMap((a, i, all) => (i % 2 === 0 && !given.has(a) ? [a, all[i + 1]] : []));
    const args = ['calculate', ...base, ...extra];
    const r = await cli(args, logDir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^error: /);
    for (const pattern of patterns) expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(logDir, LOG_NAME))).toBe(false);
  });

  it('names an unknown model and suggests the closest ids', async () => {
    const r = await cli(['calculate', '--model', 'llama-3.1-8', '--gpu', 'h100-sxm'], logDir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/model 'llama-3.1-8' is not a known preset/);
    expect(r.stderr).toContain('llama-3.1-8b');
    expect(r.stderr).toContain('list-models');
    const nope = await cli(['calculate', '--model', 'nope', '--gpu', 'h100-sxm'], logDir);
    expect(nope.code).toBe(2);
    expect(nope.stderr).toContain("'nope'");
    const gpu = await cli(['calculate', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxn'], logDir);
    expect(gpu.code).toBe(2);
    expect(gpu.stderr).toMatch(/gpu 'h100-sxn' is not a known preset.*h100-sxm/);
    expect(existsSync(join(logDir, LOG_NAME))).toBe(false);
  });

  it('refuses a missing or malformed --config file', async () => {
    const missing = await cli(['calculate', '--config', join(logDir, 'nope.json'), '--gpu', 'h100-sxm'], logDir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: --config .*nope\.json: cannot read the file \(no such file\)\n$/);
    const bad = join(logDir, 'bad.json');
    writeFileSync(bad, '{"hidden_size": 4096,');
    const malformed = await cli(['calculate', '--config', bad, '--gpu', 'h100-sxm'], logDir);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/--config .*bad\.json is not valid JSON/);
    expect(logLines(logDir)).toEqual([]);
  });

  it('prints usage on stderr for an unknown command', async () => {
    const r = await cli(['frobnicate'], logDir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('unknown command "frobnicate"');
    expect(r.stderr).toContain('Usage: calc <command>');
    const none = await cli([], logDir);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: calc <command>');
  });
});

describe('history log', () => {
  it('8 CLI processes at once append exactly 8 readable lines', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => cli([...BASIC, '--batch-size', String(i + 1), '--json'], logDir)),
    );
    for (const r of results) expect(r.code).toBe(0);
    const text = readFileSync(join(logDir, LOG_NAME), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const records = text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as CalculateResponse);
    expect(records).toHaveLength(8);
    expect(new Set(records.map((r) => r.id)).size).toBe(8);
    expect(records.map((r) => r.inputs.batch_size).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const record of records) expect(record.source).toBe('cli');
  });

  it('starts a fresh line after a torn tail', async () => {
    const file = join(logDir, LOG_NAME);
    writeFileSync(file, '{"id":"x');
    const r = await cli([...BASIC, '--json'], logDir);
    expect(r.code).toBe(0);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[0]).toBe('{"id":"x');
    expect((JSON.parse(lines[1]) as CalculateResponse).id).toBe((JSON.parse(r.stdout) as CalculateResponse).id);
    expect(lines.slice(2)).toEqual(['']);
  });

  it('still prints the result, with a "not logged" warning and exit 3, when the log cannot be written', async () => {
    const notADir = join(logDir, 'file');
    writeFileSync(notADir, 'not a directory');
    const r = await cli([...BASIC, '--json'], notADir);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^warning: not logged: .+ \(.*cli_calculations\.log\)\n$/);
    const reason = /^warning: not logged: (.+) \(/.exec(r.stderr)?.[1];
    const body = JSON.parse(r.stdout) as CalculateResponse & { logged: boolean };
    expect(body.source).toBe('cli');
    expect(body.logged).toBe(false);
    expect(body.warnings).toContain(`not logged: ${reason}`);
    const text = await cli(BASIC, notADir);
    expect(text.code).toBe(3);
    expect(text.stdout).toContain('Memory Requirements');
    expect(text.stderr).toMatch(/^warning: not logged: /);
  });
});

describe('catalogue commands', () => {
  it('list-models groups by family and filters', async () => {
    const all = await cli(['list-models'], logDir);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/\nLlama 3\.1\n\s+llama-3\.1-8b\s+Llama 3\.1 8B\s+8\.03B params/);
    const filtered = await cli(['list-models', '--family', 'mixtral', '--filter', '8x7'], logDir);
    expect(filtered.stdout).toContain('mixtral-8x7b');
    expect(filtered.stdout).not.toContain('mixtral-8x22b');
    expect(filtered.stdout).not.toContain('llama');
    const json = JSON.parse((await cli(['list-models', '--family', 'deepseek', '--json'], logDir)).stdout) as {
      families: { family: string; models: { id: string }[] }[];
    };
    expect(json.families.length).toBeGreaterThan(0);
    for (const f of json.families) expect(f.family.toLowerCase()).toContain('deepseek');
    expect(json.families.flatMap((f) => f.models.map((m) => m.id))).toContain('deepseek-v3');
    expect(logLines(logDir)).toEqual([]);
  });

  it('list-gpus shows memory, bandwidth and precisions by family', async () => {
    const r = await cli(['list-gpus', '--family', 'hopper'], logDir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\nNVIDIA Hopper\n/);
    expect(r.stdout).toMatch(/h100-sxm\s+.+\s+80 GiB\s+3\.35 TB\/s\s+fp32 .*bf16 .*fp8/);
    const json = JSON.parse((await cli(['list-gpus', '--filter', 'rtx-4090', '--json'], logDir)).stdout) as {
      families: { gpus: { id: string; peak_flops: Record<string, number> }[] }[];
    };
    expect(json.families.flatMap((f) => f.gpus.map((g) => g.id))).toEqual(['rtx-4090']);
    const none = await cli(['list-gpus', '--filter', 'no-such-gpu'], logDir);
    expect(none.code).toBe(0);
    expect(none.stderr).toContain('no GPUs match');
  });

  it('show-model prints one architecture, or names an unknown id with suggestions', async () => {
    const r = await cli(['show-model', 'mixtral-8x7b'], logDir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/num_experts\s+8/);
    expect(r.stdout).toMatch(/total parameters\s+46\.7B/);
    const json = JSON.parse((await cli(['show-model', 'deepseek-v3', '--json'], logDir)).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ id: 'deepseek-v3', kv_lora_rank: 512 });
    const unknown = await cli(['show-model', 'mixtral'], logDir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/model 'mixtral' is not a known preset.*mixtral-8x7b/);
    const missing = await cli(['show-model'], logDir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('show-model needs a model id');
  });

  it.each(['calculate', 'list-models', 'list-gpus', 'show-model'])(
    'help for %s has examples (help CMD and CMD --help)',
    async (command) => {
      const viaHelp = await cli(['help', command], logDir);
      const viaFlag = await cli([command, '--help'], logDir);
      expect(viaHelp.code).toBe(0);
      expect(viaHelp.stdout).toContain(`Usage: calc ${command}`);
      expect(viaHelp.stdout).toContain(`Examples:\n  calc ${command}`);
      expect(viaFlag.stdout).toBe(viaHelp.stdout);
    },
  );
});

describe('planning commands', () => {
  // One start each for the wiring; the figures and messages are covered in-process (planning.spec.ts).
  it('compare prints the table and exits 0; train exits 2 naming the option; neither is logged', async () => {
    const [compare, train] = await Promise.all([
      cli(['compare', '--model', 'llama-3.1-70b', '--precision', 'fp8', '--gpus', 'h100-sxm,a100-sxm-80gb,h200-sxm'], logDir),
      cli(['train', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--zero-stage', '5'], logDir),
    ]);
    expect(compare.stderr).toBe('');
    expect(compare.code).toBe(0);
    expect(compare.stdout).toMatch(/\n {2}h200-sxm\s+1\s+yes\s/);
    expect(compare.stdout).toMatch(/a100-sxm-80gb\s+precision 'fp8' is not supported/);
    expect(compare.stdout).toContain('Cheapest that fits: ');
    expect(train.code).toBe(2);
    expect(train.stdout).toBe('');
    expect(train.stderr).toBe('error: zero_stage must be one of the following values: 0, 1, 2, 3 (--zero-stage)\n');
    expect(logLines(logDir)).toEqual([]);
  });
});
