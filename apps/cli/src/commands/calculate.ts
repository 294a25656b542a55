import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { CalculateResponse } from '@llm-calc/contracts';
import { CalculateRequestDto } from '@llm-calc/dto';
import { calculateFromRequest } from '@llm-calc/application';
import { CLI_LOG_FILE, logDirectory, recordRun } from '@llm-calc/history-log';
import { openHistoryStore } from '@llm-calc/history-pg';
import { EXIT_NOT_LOGGED, EXIT_OK } from '../errors';
import type { ParsedArgs } from '../options/parse';
import {
  CALCULATE_FORM,
  CALCULATE_OPTIONS,
  COMMON_OPTIONS,
  CONFIG_OPTION,
  CUSTOM_GPU_OPTIONS,
  CUSTOM_MODEL_OPTIONS,
  JSON_OPTION,
  REQUEST_OPTIONS,
} from '../options/tables';
import { renderReport } from '../report';
import { evaluate } from '../request/evaluate';
import type { Command, Io } from './command';

/** Options -> validated request -> response, or UsageError with one line per problem. */
export function calculateFromArgs(args: ParsedArgs, io: Io): CalculateResponse {
  const stamp = { id: randomUUID(), timestamp: new Date().toISOString(), source: 'cli' as const };
  return evaluate(CALCULATE_FORM, CalculateRequestDto, (dto) => calculateFromRequest(dto, stamp), args, io).response;
}

/**
 * Keeps the run in the history (PostgreSQL when DATABASE_URL is set, else the CLI's JSON-lines
 * log in LOG_DIR); the reason when it could not be kept, in words without paths or credentials.
 */
async function record(io: Io, response: CalculateResponse): Promise<string | null> {
  const store = openHistoryStore(io.env, 'cli');
  try {
    return await recordRun(store, response);
  } finally {
    await store.close().catch(() => undefined);
  }
}

/**
 * Prints the result in any case; a run that could not be logged gets a "not logged" warning on
 * stderr (and in --json: logged false and the warning) and exit code 3, so that a script sees that
 * the history is missing a run although the figures are right.
 */
async function run(args: ParsedArgs, io: Io): Promise<number> {
  const response = calculateFromArgs(args, io);
  const notLogged = await record(io, response);
  if (notLogged !== null) {
    const where = io.env['DATABASE_URL'] ? 'the PostgreSQL history' : join(logDirectory(io.env), CLI_LOG_FILE);
    io.err(`warning: not logged: ${notLogged} (${where})\n`);
  }
  if (args.values.get('json')) {
    const warnings = notLogged === null ? response.warnings : [...response.warnings, `not logged: ${notLogged}`];
    io.out(`${JSON.stringify({ ...response, warnings, logged: notLogged === null }, null, 2)}\n`);
  } else {
    io.out(renderReport(response));
  }
  return notLogged === null ? EXIT_OK : EXIT_NOT_LOGGED;
}

export const calculateCommand: Command = {
  name: 'calculate',
  summary: 'estimate memory, FLOPs and tokens/s of a model on a GPU (a preset or your own)',
  synopsis: 'calculate (--model ID | --config config.json | custom model options) (--gpu ID | custom GPU options) [options]',
  details: [
    'Every option mirrors a field of POST /api/calculate (kebab-case); --json prints exactly that',
    "endpoint's response. Defaults are in [brackets]. Any custom model option (or --config) makes a",
    'custom model, any --gpu-* option a custom GPU. Each successful calculation is appended to',
    '$LOG_DIR/cli_calculations.log (default ./logging); the planning commands (compare, fit, sweep,',
    'calibrate, train) are not logged. A run that could not be logged is printed with a warning',
    '("not logged: ..."; --json adds logged: false) and exits with code 3.',
  ].join('\n'),
  options: CALCULATE_OPTIONS,
  groups: [
    ['Request options', REQUEST_OPTIONS],
    ['Custom model (instead of --model)', [CONFIG_OPTION, ...CUSTOM_MODEL_OPTIONS]],
    ['Custom GPU (instead of --gpu)', CUSTOM_GPU_OPTIONS],
    ['Output', [JSON_OPTION, ...COMMON_OPTIONS]],
  ],
  examples: [
    'calculate --model llama-3.1-8b --gpu h100-sxm',
    'calculate --model llama-3.1-70b --gpu h100-sxm --num-gpus 4 --precision fp8 --batch-size 16',
    'calculate --model mixtral-8x7b --gpu rtx-4090 --precision q4_k_m --sequence-length 8192 --json',
    'calculate --config ./Llama-3.1-8B/config.json --gpu mi300x --no-flash-attention',
    'calculate --hidden-size 4096 --intermediate-size 14336 --num-layers 32 --num-attention-heads 32 \\\n        --num-kv-heads 8 --vocab-size 128256 --gpu h100-sxm',
    'calculate --model llama-3.1-8b --gpu-name "My GPU" --gpu-memory-bytes 48e9 --gpu-bandwidth 9.6e11 \\\n        --gpu-peak-flops "fp16=1.8e14,bf16=1.8e14"',
  ],
  collectsParseProblems: true,
  run,
};
