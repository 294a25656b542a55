import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { RequestError, type CalculateResponse } from '@llm-calc/contracts';
import { CalculateRequestDto, validatePlain } from '@llm-calc/dto';
import { calculateFromRequest } from '@llm-calc/application';
import { JsonLinesHistoryStore, logDirectory, recordRun } from '@llm-calc/history-log';
import {
  buildCalculateRequest,
  CALCULATE_OPTIONS,
  COMMON_OPTIONS,
  CONFIG_OPTION,
  CUSTOM_GPU_OPTIONS,
  CUSTOM_MODEL_OPTIONS,
  JSON_OPTION,
  readableProblems,
  REQUEST_OPTIONS,
  type ParsedArgs,
} from '../args';
import { UsageError } from '../errors';
import { renderReport } from '../report';
import type { Command, Io } from './command';
import { cliWording } from './wording';

/** Reads a config.json for --config; any failure is the user's input, so a UsageError. */
export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError([`--config ${path}: cannot read the file (${code === 'ENOENT' ? 'no such file' : (code ?? String(e))})`]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UsageError([`--config ${path} is not valid JSON: ${(e as Error).message}`]);
  }
}

/** Options -> validated request -> response, or UsageError with one line per problem. */
export function calculateFromArgs(args: ParsedArgs, io: Io): CalculateResponse {
  const input = buildCalculateRequest(args, readConfigFile);
  for (const note of input.notes) io.err(`note: ${note}\n`);
  try {
    const dto = validatePlain(CalculateRequestDto, input.request);
    return calculateFromRequest(dto, { id: randomUUID(), timestamp: new Date().toISOString(), source: 'cli' });
  } catch (e) {
    if (e instanceof RequestError) throw new UsageError(readableProblems(e.messages.map(cliWording), input.request, input.origins));
    throw e;
  }
}

async function run(args: ParsedArgs, io: Io): Promise<number> {
  const response = calculateFromArgs(args, io);
  // The same "keep, or warn" step as the server's, on the CLI's own log.
  const store = new JsonLinesHistoryStore(logDirectory(io.env), 'cli');
  const warning = await recordRun(store, response);
  await store.close();
  // The result is still right; losing its history line is worth a warning, not a failure.
  if (warning) io.err(`warning: ${warning}\n`);
  io.out(args.values.get('json') ? `${JSON.stringify(response, null, 2)}\n` : renderReport(response));
  return 0;
}

export const calculateCommand: Command = {
  name: 'calculate',
  summary: 'estimate memory, FLOPs and tokens/s of a model on a GPU (a preset or your own)',
  synopsis: 'calculate (--model ID | --config config.json | custom model options) (--gpu ID | custom GPU options) [options]',
  details: [
    'Every option mirrors a field of POST /api/calculate (kebab-case); --json prints exactly that',
    'endpoint\'s response. Defaults are in [brackets]. Any custom model option (or --config) makes a',
    'custom model, any --gpu-* option a custom GPU. Each successful calculation is appended to',
    '$LOG_DIR/cli_calculations.log (default ./logging); the planning commands (compare, fit, sweep,',
    'calibrate, train) are not logged.',
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
