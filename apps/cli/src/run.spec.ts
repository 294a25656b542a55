/** In-process: what the CLI does with an unexpected failure (no way to cause one from outside). */
import * as application from '@llm-calc/application';
import { run } from './run';

// A jest.fn wrapping the real function, so that one test can make it fail.
jest.mock('@llm-calc/application', () => {
  const actual = jest.requireActual<typeof application>('@llm-calc/application');
  return { ...actual, calculateFromRequest: jest.fn(actual.calculateFromRequest) };
});
const calculateFromRequest = application.calculateFromRequest as jest.MockedFunction<typeof application.calculateFromRequest>;

function capture() {
  const io = { out: '', err: '' };
  return {
    io,
    sink: {
      out: (t: string) => void (io.out += t),
      err: (t: string) => void (io.err += t),
      env: { LOG_DIR: '/nonexistent-never-written' },
    },
  };
}

describe('run', () => {
  it('turns an unexpected error into exit 1 with a one-line message, and the stack only with --debug', async () => {
    calculateFromRequest.mockImplementation(() => {
      throw new Error('boom');
    });
    const plain = capture();
    expect(await run(['calculate', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm'], plain.sink)).toBe(1);
    expect(plain.io.err).toBe('error: internal error: boom (run with --debug for the stack trace)\n');
    expect(plain.io.out).toBe('');

    const debug = capture();
    expect(await run(['calculate', '--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--debug'], debug.sink)).toBe(1);
    expect(debug.io.err).toMatch(/^error: internal error: Error: boom\n\s+at /);
    calculateFromRequest.mockReset();
  });

  it('names the closest command for a misspelt one, on stderr with the usage', async () => {
    const typo = capture();
    expect(await run(['calcualte', '--model', 'llama-3.1-8b'], typo.sink)).toBe(2);
    expect(typo.io.err).toContain('unknown command "calcualte" (did you mean calculate?)');
    expect(typo.io.err).toContain('Usage: calc <command>');
    expect(typo.io.out).toBe('');
    const gpus = capture();
    expect(await run(['list-gpu'], gpus.sink)).toBe(2);
    expect(gpus.io.err).toContain('(did you mean list-gpus');
    const none = capture();
    expect(await run(['frobnicate'], none.sink)).toBe(2);
    expect(none.io.err).toContain('unknown command "frobnicate"\n');
  });

  it('prints the usage on stdout for help and --help', async () => {
    for (const argv of [['help'], ['--help'], ['-h']]) {
      const c = capture();
      expect(await run(argv, c.sink)).toBe(0);
      expect(c.io.out).toContain('Usage: calc <command> [options]');
    }
  });
});
