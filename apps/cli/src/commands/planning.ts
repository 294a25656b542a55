/**
 * The planning commands: compare, fit, sweep, calibrate and train. Each one is the CLI face of one
 * POST endpoint (/api/compare, /api/fit, /api/sweep, /api/calibrate, /api/training): options ->
 * the endpoint's request body -> validatePlain with the endpoint's DTO -> the contracts' function.
 * --json prints that function's response exactly as the API sends it. None of them is logged to
 * the history (only calculate is).
 */
import {
  CalibrateRequestDto,
  CompareRequestDto,
  FitRequestDto,
  SweepRequestDto,
  TrainingRequestDto,
  type CalculateRequestDto,
} from '@llm-calc/dto';
import { calibrate, compareGpus, fitLimits, resolveCalculateRequest, resolveGpuPreset, sweep, training } from '@llm-calc/application';
import { GPU_PRESET_IDS } from '@llm-calc/presets';
import type { ParsedArgs } from '../options/parse';
import type { OptionSpec } from '../options/option-spec';
import {
  CALIBRATE_FORM,
  COMMON_OPTIONS,
  COMPARE_FORM,
  COMPARE_REQUEST_OPTIONS,
  CONFIG_OPTION,
  CUSTOM_GPU_OPTIONS,
  CUSTOM_MODEL_OPTIONS,
  FIT_FORM,
  JSON_OPTION,
  MEASUREMENT_OPTIONS,
  REQUEST_OPTIONS,
  SWEEP_FORM,
  SWEEP_VARY_OPTIONS,
  TRAIN_FORM,
  TRAIN_REQUEST_OPTIONS,
} from '../options/tables';
import { renderCalibrate, renderCompare, renderFit, renderSweep, renderTraining, type ResolvedNames } from '../planning-report';
import { evaluate as plan } from '../request/evaluate';
import type { Command, Io } from './command';

const NOT_LOGGED = 'Not logged to the history (only calculate is).';

function printJson(io: Io, response: unknown): number {
  io.out(`${JSON.stringify(response, null, 2)}\n`);
  return 0;
}

/** Names and filled-in inputs of a calculate-shaped request that has already been computed once. */
function resolvedNames(dto: CalculateRequestDto): ResolvedNames {
  const r = resolveCalculateRequest(dto);
  return { model: r.model.architecture.name, gpu: r.gpu.spec.name, inputs: r.normalized };
}

const OUTPUT_GROUP = ['Output', [JSON_OPTION, ...COMMON_OPTIONS]] as const;
const CUSTOM_MODEL_GROUP = ['Custom model (instead of --model)', [CONFIG_OPTION, ...CUSTOM_MODEL_OPTIONS]] as const;
const CUSTOM_GPU_GROUP = ['Custom GPU (instead of --gpu)', CUSTOM_GPU_OPTIONS] as const;
const CALCULATE_GROUPS: readonly (readonly [string, readonly OptionSpec[]])[] = [
  ['Request options (as calculate)', REQUEST_OPTIONS],
  CUSTOM_MODEL_GROUP,
  CUSTOM_GPU_GROUP,
  OUTPUT_GROUP,
];

// ---- compare ----

function runCompare(args: ParsedArgs, io: Io): number {
  const { dto, response } = plan(COMPARE_FORM, CompareRequestDto, compareGpus, args, io, (input) => {
    // An unknown id in --gpus comes back as "gpu 'x' is not a known preset...": name the option.
    input.origins.set('gpu', '--gpus');
  });
  if (args.values.get('json')) return printJson(io, response);
  const first = dto.gpus?.[0] ?? GPU_PRESET_IDS[0];
  const { model, inputs } = resolvedNames({ ...dto, gpus: undefined, gpu: first } as CalculateRequestDto);
  io.out(
    renderCompare(response, model, { ...inputs, gpu: null, price_per_gpu_hour: dto.price_per_gpu_hour ?? null }, dto.fewest_gpus === true),
  );
  return 0;
}

export const compareCommand: Command = {
  name: 'compare',
  summary: 'run one workload on several GPU presets and rank them by cost per million tokens',
  synopsis: 'compare (--model ID | --config config.json | custom model options) [--gpus ID,ID,...] [options]',
  details: [
    'The options of calculate without --gpu and custom GPU options; --gpus picks the presets (all of',
    'them when absent). Rows that fit come first, each group sorted by $ per million tokens; GPUs that',
    "cannot run the precision are listed with the reason. --json prints POST /api/compare's response",
    `(results in preset order). ${NOT_LOGGED}`,
  ].join('\n'),
  options: COMPARE_FORM.options,
  groups: [['Request options', COMPARE_REQUEST_OPTIONS], CUSTOM_MODEL_GROUP, OUTPUT_GROUP],
  examples: [
    'compare --model llama-3.1-70b --precision fp8',
    'compare --model llama-3.1-8b --gpus h100-sxm,a100-sxm-80gb,rtx-4090 --batch-size 8',
    'compare --model mixtral-8x7b --num-gpus 2 --price-per-gpu-hour 2 --json',
    'compare --model llama-3.1-70b --fewest-gpus --gpus h100-sxm,mi300x,rtx-4090',
  ],
  collectsParseProblems: true,
  run: runCompare,
};

// ---- fit ----

function runFit(args: ParsedArgs, io: Io): number {
  const { dto, response } = plan(FIT_FORM, FitRequestDto, fitLimits, args, io);
  if (args.values.get('json')) return printJson(io, response);
  io.out(renderFit(response, resolvedNames(dto)));
  return 0;
}

export const fitCommand: Command = {
  name: 'fit',
  summary: 'the largest batch, the longest prompt and the fewest GPUs that fit in memory',
  synopsis: 'fit (--model ID | --config config.json | custom model options) (--gpu ID | custom GPU options) [options]',
  details: [
    'Takes the options of calculate. Answers the largest batch at this prompt length, the longest',
    'prompt at this batch and the fewest GPUs (tensor parallel) that hold this batch and prompt.',
    `--json prints POST /api/fit's response. ${NOT_LOGGED}`,
  ].join('\n'),
  options: FIT_FORM.options,
  groups: CALCULATE_GROUPS,
  examples: [
    'fit --model llama-3.1-8b --gpu h100-sxm',
    'fit --model llama-3.1-70b --gpu a100-sxm-80gb --precision int8 --sequence-length 32768 --batch-size 4',
    'fit --model deepseek-v3 --gpu h200-sxm --precision fp8 --num-gpus 8 --json',
  ],
  collectsParseProblems: true,
  run: runFit,
};

// ---- sweep ----

function runSweep(args: ParsedArgs, io: Io): number {
  const { dto, response } = plan(SWEEP_FORM, SweepRequestDto, sweep, args, io, (input) => {
    // --vary batch-size reads as naturally as batch_size on a command line.
    const vary = input.request['vary'];
    if (typeof vary === 'string') input.request['vary'] = vary.replace(/-/g, '_');
  });
  if (args.values.get('json')) return printJson(io, response);
  // The base request (vary and values are not read by the resolution): "the rest" of each point.
  io.out(renderSweep(response, resolvedNames(dto)));
  return 0;
}

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'vary the batch size, prompt length or GPU count and tabulate memory and tokens/s',
  synopsis: 'sweep --vary batch_size|sequence_length|num_gpus --values N,N,... (model and GPU options) [options]',
  details: [
    'Takes the options of calculate; each value of --values replaces the --vary input in one full',
    'calculation. num_gpus values must be multiples of --pipeline-parallel (tensor parallel follows).',
    `--json prints POST /api/sweep's response. ${NOT_LOGGED}`,
  ].join('\n'),
  options: SWEEP_FORM.options,
  groups: [['Sweep', SWEEP_VARY_OPTIONS], ...CALCULATE_GROUPS],
  examples: [
    'sweep --model llama-3.1-8b --gpu h100-sxm --vary batch_size --values 1,2,4,8,16,32,64',
    'sweep --model llama-3.1-70b --gpu h100-sxm --precision fp8 --vary num_gpus --values 1,2,4,8',
    'sweep --model qwen2.5-7b --gpu rtx-4090 --vary sequence_length --values 4096,16384,32768 --json',
  ],
  collectsParseProblems: true,
  run: runSweep,
};

// ---- calibrate ----

function runCalibrate(args: ParsedArgs, io: Io): number {
  const { dto, response } = plan(CALIBRATE_FORM, CalibrateRequestDto, calibrate, args, io);
  if (args.values.get('json')) return printJson(io, response);
  io.out(renderCalibrate(response, resolvedNames(dto)));
  return 0;
}

export const calibrateCommand: Command = {
  name: 'calibrate',
  summary: 'fit the efficiency that reproduces a measured tokens/s or prefill time',
  synopsis: 'calibrate (model and GPU options) (--measured-tokens-per-second N | --measured-prefill-seconds S) [options]',
  details: [
    'Takes the options of calculate plus one measurement: a single-sequence decode speed fits',
    '--memory-efficiency, a prefill time (prompt x batch) fits --efficiency. Prints the fitted value,',
    'the error of the current setting and the best the roofline allows.',
    `--json prints POST /api/calibrate's response. ${NOT_LOGGED}`,
  ].join('\n'),
  options: CALIBRATE_FORM.options,
  groups: [['Measurement (one of)', MEASUREMENT_OPTIONS], ...CALCULATE_GROUPS],
  examples: [
    'calibrate --model llama-3.1-8b --gpu h100-sxm --measured-tokens-per-second 120',
    'calibrate --model llama-3.1-8b --gpu h100-sxm --batch-size 8 --measured-prefill-seconds 0.35',
    'calibrate --model llama-3.1-70b --gpu h100-sxm --num-gpus 4 --precision fp8 --measured-tokens-per-second 60 --json',
  ],
  collectsParseProblems: true,
  run: runCalibrate,
};

// ---- train ----

function runTrain(args: ParsedArgs, io: Io): number {
  const { dto, response } = plan(TRAIN_FORM, TrainingRequestDto, training, args, io);
  if (args.values.get('json')) return printJson(io, response);
  const gpuName = dto.custom_gpu != null ? (dto.custom_gpu.name ?? 'custom GPU') : resolveGpuPreset(dto.gpu as string).spec.name;
  io.out(renderTraining(response, gpuName));
  return 0;
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'time, FLOPs, GPU-hours, cost and per-GPU memory of a training run',
  synopsis: 'train (--model ID | --config config.json | custom model options) (--gpu ID | custom GPU options) [options]',
  details: [
    'Data-parallel training with Adam: total FLOPs (6 x active parameters x tokens, 8 with full',
    'recompute, plus attention), time at the given MFU, GPU-hours, cost, and per-GPU memory',
    '(weights, gradients, optimizer states sharded by ZeRO stage, activations). Defaults in [brackets]',
    `are the API's. --json prints POST /api/training's response. ${NOT_LOGGED}`,
  ].join('\n'),
  options: TRAIN_FORM.options,
  groups: [['Training options', TRAIN_REQUEST_OPTIONS], CUSTOM_MODEL_GROUP, CUSTOM_GPU_GROUP, OUTPUT_GROUP],
  examples: [
    'train --model llama-3.1-8b --gpu h100-sxm --num-gpus 64 --training-tokens 15e12',
    'train --model llama-3.1-70b --gpu h100-sxm --num-gpus 1024 --training-tokens 15e12 --zero-stage 3 --mfu 0.38',
    'train --model mixtral-8x7b --gpu mi300x --num-gpus 128 --precision fp8 --activation-recompute full --json',
  ],
  collectsParseProblems: true,
  run: runTrain,
};
