/**
 * Faults and hostile input, each observed on the built CLI in a real process (issue 14): escape
 * sequences from a config.json, JSON nested deep enough to overflow the stack, keys that shadow
 * object methods, odd --config files (a BOM, /dev/zero, a folder, 1 MB+), stdout on a full device
 * and the history log on a nearly full disk (a 64 KB tmpfs mounted for this suite).
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
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

/** Runs the CLI; `stdoutFd` replaces the stdout pipe (e.g. /dev/full). */
function cli(args: string[], logDir: string, stdoutFd?: number): Promise<Result> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_DIR: logDir },
      stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const TINY_CONFIG = {
  hidden_size: 64,
  intermediate_size: 256,
  num_hidden_layers: 2,
  num_attention_heads: 4,
  vocab_size: 1000,
  tie_word_embeddings: true,
};
const GPU = ['--gpu', 'h100-sxm'];

let dir: string;
beforeAll(() => {
  if (!existsSync(MAIN)) {
    execFileSync('npx', ['nx', 'build', 'cli', '--output-style=static'], {
      cwd: ROOT,
      stdio: 'ignore',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    });
  }
  dir = mkdtempSync(join(tmpdir(), 'llm-calc-cli-faults-'));
}, 300_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function configFile(name: string, content: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

// Raw control characters that must never reach a terminal: ESC, BEL, CR, C1 CSI/OSC, bidi override/isolate.
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('terminal escape injection (issue 14 item 10)', () => {
  const hostileName = '\u001b]0;pwned\u0007\u001b[31mred\u001b[2K\r\u009b2J\u202eevil\u2066';
  const hostileKey = 'key\u001b[2Jname';

  it('prints model names and config keys from a config.json with visible escapes, in the report and the notes', async () => {
    const file = configFile('escape.json', JSON.stringify({ ...TINY_CONFIG, _name_or_path: hostileName, [hostileKey]: 1 }));
    const logDir = join(dir, 'log-escape');
    const r = await cli(['calculate', '--config', file, ...GPU], logDir);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toContain('\\u001b]0;pwned\\u0007\\u001b[31mred\\u001b[2K\\u000d\\u009b2J\\u202eevil\\u2066');
    expect(r.stderr).toContain('key\\u001b[2Jname');
    // The log keeps the data as it is; only the terminal gets escapes.
    const logged = JSON.parse(readFileSync(join(logDir, LOG_NAME), 'utf8').trim()) as CalculateResponse;
    expect(logged.model_summary.name).toBe(hostileName);
  });

  it('keeps --json parseable, with the same values, and nothing raw on the terminal', async () => {
    const file = configFile('escape-json.json', JSON.stringify({ ...TINY_CONFIG, _name_or_path: hostileName }));
    const r = await cli(['calculate', '--config', file, ...GPU, '--json'], join(dir, 'log-escape-json'));
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect((JSON.parse(r.stdout) as CalculateResponse).model_summary.name).toBe(hostileName);
  });

  it('escapes option values echoed in error lines', async () => {
    const r = await cli(['calculate', '--model', 'x\u001b[2J', ...GPU, '--bogus\u009b'], join(dir, 'log-escape-error'));
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stderr).toContain('unknown option --bogus\\u009b');
  });
});

describe('input that overflowed the stack or broke String() (issue 14 item 12): exit 2, a clear message', () => {
  it('refuses a config.json nested 3,000 levels deep', async () => {
    const depth = 3000;
    const file = configFile('deep.json', `{"hidden_size":${'['.repeat(depth)}${']'.repeat(depth)},"num_hidden_layers":2}`);
    const r = await cli(['calculate', '--config', file, ...GPU], join(dir, 'log-deep'));
    expect(r.stderr).toBe(`error: --config ${file} nests objects or arrays more than 64 levels deep: not a config.json\n`);
    expect(r.code).toBe(2);
    const objects = configFile('deep-objects.json', `{"x":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`);
    const o = await cli(['calculate', '--config', objects, ...GPU], join(dir, 'log-deep'));
    expect(o.code).toBe(2);
    expect(o.stderr).toContain('more than 64 levels deep');
    expect(existsSync(join(dir, 'log-deep', LOG_NAME))).toBe(false);
  });

  it('refuses {"moe_layer_freq": {"toString": 1}} naming the key', async () => {
    const file = configFile(
      'to-string.json',
      JSON.stringify({ ...TINY_CONFIG, first_k_dense_replace: 1, moe_layer_freq: { toString: 1 } }),
    );
    const r = await cli(['calculate', '--config', file, ...GPU], join(dir, 'log-to-string'));
    expect(r.stderr).toBe(
      `error: --config ${file}: key moe_layer_freq.toString is not a config.json key (names of built-in object members are refused)\n`,
    );
    expect(r.code).toBe(2);
  });
});

describe('--config files', () => {
  it('reads a config.json that starts with a UTF-8 byte order mark', async () => {
    const file = configFile('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(TINY_CONFIG))]));
    const r = await cli(['calculate', '--config', file, ...GPU, '--json'], join(dir, 'log-bom'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as CalculateResponse).model_summary.hidden_size).toBe(64);
  });

  it('refuses /dev/zero, a folder and a file over 1 MB at once, without reading them whole', async () => {
    const zero = await cli(['calculate', '--config', '/dev/zero', ...GPU], join(dir, 'log-zero'));
    expect(zero.stderr).toBe(
      'error: --config /dev/zero is not a regular file (a device, pipe or socket): give the path of a config.json\n',
    );
    expect(zero.code).toBe(2);
    const folder = await cli(['calculate', '--config', dir, ...GPU], join(dir, 'log-zero'));
    expect(folder.stderr).toBe(`error: --config ${dir} is a folder: give the path of its config.json\n`);
    const big = configFile('big.json', `{"hidden_size": 64, "pad": "${'x'.repeat(1_100_000)}"}`);
    const large = await cli(['calculate', '--config', big, ...GPU], join(dir, 'log-zero'));
    expect(large.stderr).toBe(`error: --config ${big} is larger than 1 MB: not a config.json\n`);
    expect(large.code).toBe(2);
  });
});

describe('command lines', () => {
  it('refuses an option given twice and reads "--config --gpu h100-sxm" as a missing path', async () => {
    const twice = await cli(
      ['calculate', '--model', 'llama-3.1-8b', ...GPU, '--batch-size', '2', '--batch-size', '8'],
      join(dir, 'log-cmd'),
    );
    expect(twice.code).toBe(2);
    expect(twice.stderr).toBe('error: --batch-size is given more than once: give it once\n');
    const swallowed = await cli(['calculate', '--config', ...GPU], join(dir, 'log-cmd'));
    expect(swallowed.code).toBe(2);
    expect(swallowed.stderr).toBe('error: --config needs a value (--config PATH)\n');
    expect(existsSync(join(dir, 'log-cmd', LOG_NAME))).toBe(false);
  });
});

describe('stdout on a full device', () => {
  it('prints one line on stderr and exits 4, no stack trace', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      for (const extra of [[], ['--json']]) {
        const r = await cli(['calculate', '--model', 'llama-3.1-8b', ...GPU, ...extra], join(dir, 'log-full'), full);
        expect(r.stderr).toBe('error: cannot write the output: ENOSPC: no space left on device, write\n');
        expect(r.code).toBe(4);
      }
      const list = await cli(['list-models'], join(dir, 'log-full'), full);
      expect(list.code).toBe(4);
    } finally {
      closeSync(full);
    }
  });
});

describe('history log on a nearly full disk (issue 14 item 3)', () => {
  let mount: string;
  beforeAll(() => {
    mount = mkdtempSync(join(tmpdir(), 'llm-calc-cli-tmpfs-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount]);
  });
  afterAll(() => {
    execFileSync('umount', [mount]);
    rmSync(mount, { recursive: true, force: true });
  });

  it('prints the result, warns "not logged" and exits 3 when only part of the line fits', async () => {
    const logDir = join(mount, 'logs');
    mkdirSync(logDir);
    // One page of the log in use with ~1 KB left in it, every other page taken: a record (~2.6 KB)
    // gets a short write, then ENOSPC.
    writeFileSync(join(logDir, LOG_NAME), `${'x'.repeat(3095)}\n`);
    const filler = openSync(join(mount, 'filler'), 'w');
    try {
      const page = Buffer.alloc(4096, 0x61);
      for (;;) writeSync(filler, page);
    } catch {
      // ENOSPC: the disk is full.
    } finally {
      closeSync(filler);
    }
    const r = await cli(['calculate', '--model', 'llama-3.1-8b', ...GPU, '--json'], logDir);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^warning: not logged: .*ENOSPC.*\n$/);
    const body = JSON.parse(r.stdout) as CalculateResponse & { logged: boolean };
    expect(body.logged).toBe(false);
    expect(body.warnings.some((w) => w.startsWith('not logged: '))).toBe(true);
    // The log holds no whole record of this run.
    const lines = readFileSync(join(logDir, LOG_NAME), 'utf8').split('\n');
    expect(lines.some((l) => l.includes(body.id) && l.endsWith('}'))).toBe(false);
  });
});
