/**
 * The option tables of every command: for each option its kebab-case name, how its text is read
 * and which contract field it fills (options/option-spec.ts). Parsing, help text, request building and
 * the naming of options in messages all come from these tables. Every option that is a request
 * field is built from its field-registry record (from-registry.ts): name, kind, range, default and
 * help text, so that --help never drifts from the API's rules or the web form.
 */
import { COMPUTE_FORMATS } from '@llm-calc/engine';
import {
  CUSTOM_GPU_FIELDS,
  CUSTOM_MODEL_FIELDS,
  INFERENCE_FIELDS,
  PEAK_FLOPS_FIELD,
  PLANNING_FIELDS,
  TRAINING_FIELDS,
  cliOption,
  rangeText,
} from '@llm-calc/fields';
import { fieldOption, groupOptions } from './from-registry';
import type { OptionSpec } from './option-spec';

/** Options every command accepts. */
export const COMMON_OPTIONS: readonly OptionSpec[] = [
  { name: 'help', short: 'h', kind: 'boolean', description: 'show this help' },
  { name: 'debug', kind: 'boolean', description: 'print stack traces of internal errors' },
];

export const JSON_OPTION: OptionSpec = { name: 'json', kind: 'boolean', description: 'print JSON instead of text' };

/** Request-level options (top-level fields of the request): the registry's inference fields. */
export const REQUEST_OPTIONS: readonly OptionSpec[] = [
  { name: 'model', kind: 'string', field: 'model', valueName: 'ID', description: 'model preset id (see list-models)' },
  { name: 'gpu', kind: 'string', field: 'gpu', valueName: 'ID', description: 'GPU preset id (see list-gpus)' },
  ...groupOptions(INFERENCE_FIELDS),
];

/** Custom model options: any of them (or --config) makes the request carry custom_model. */
export const CUSTOM_MODEL_OPTIONS: readonly OptionSpec[] = groupOptions(CUSTOM_MODEL_FIELDS, 'custom_model');

/** Custom GPU options: any of them makes the request carry custom_gpu. */
export const CUSTOM_GPU_OPTIONS: readonly OptionSpec[] = [
  ...groupOptions(CUSTOM_GPU_FIELDS, 'custom_gpu', ['interconnect_bandwidth_bytes_per_second']),
  {
    name: cliOption(PEAK_FLOPS_FIELD),
    kind: 'peak-flops',
    field: 'custom_gpu.peak_flops',
    valueName: 'LIST',
    description: `dense peak FLOP/s per format, e.g. "bf16=9.89e14,fp16=9.89e14" (formats: ${COMPUTE_FORMATS.join(' ')}; each ${rangeText(PEAK_FLOPS_FIELD)})`,
  },
  fieldOption(CUSTOM_GPU_FIELDS.interconnect_bandwidth_bytes_per_second, 'custom_gpu.interconnect_bandwidth_bytes_per_second'),
];

export const CONFIG_OPTION: OptionSpec = {
  name: 'config',
  kind: 'string',
  valueName: 'PATH',
  description: 'a Hugging Face config.json as the custom model (other custom options override it)',
};

export const CALCULATE_OPTIONS: readonly OptionSpec[] = [
  ...REQUEST_OPTIONS,
  CONFIG_OPTION,
  ...CUSTOM_MODEL_OPTIONS,
  ...CUSTOM_GPU_OPTIONS,
  JSON_OPTION,
  ...COMMON_OPTIONS,
];

/**
 * What one command sends: its option table (fields of one request DTO) and, for a required field
 * the user did not give at all, what to give instead.
 */
export interface RequestForm {
  /** The command's name, for "calculate takes options only". */
  command: string;
  options: readonly OptionSpec[];
  /** Top-level field -> the options that supply it ("--gpu ID or --gpu-memory-bytes, ..."). */
  missingHints: Readonly<Record<string, string>>;
}

const MODEL_HINT = '--model ID, --config config.json or custom model options such as --hidden-size';
const GPU_HINT = '--gpu ID or --gpu-memory-bytes, --gpu-bandwidth and --gpu-peak-flops';

/** What to do instead, when a required model or GPU is missing altogether. */
export const MODEL_AND_GPU_HINTS: Readonly<Record<string, string>> = { model: MODEL_HINT, gpu: GPU_HINT };
export const MODEL_HINTS: Readonly<Record<string, string>> = { model: MODEL_HINT };

export const CALCULATE_FORM: RequestForm = { command: 'calculate', options: CALCULATE_OPTIONS, missingHints: MODEL_AND_GPU_HINTS };

// ---- Planning commands: the same request options, plus each endpoint's own fields. ----

/** compare: the workload of calculate on several GPU presets, so no --gpu and no custom GPU. */
export const GPUS_OPTION: OptionSpec = {
  name: 'gpus',
  kind: 'list',
  field: 'gpus',
  valueName: 'IDS',
  description: 'comma-separated GPU preset ids, e.g. h100-sxm,a100-sxm-80gb [every preset]',
};
export const COMPARE_REQUEST_OPTIONS: readonly OptionSpec[] = [
  ...REQUEST_OPTIONS.filter((s) => s.name !== 'gpu' && s.name !== 'price-per-gpu-hour'),
  {
    ...fieldOption(INFERENCE_FIELDS.price_per_gpu_hour),
    description: "USD per GPU-hour for every GPU compared [each preset's indicative price]",
  },
  GPUS_OPTION,
  fieldOption(PLANNING_FIELDS.fewest_gpus),
];
export const COMPARE_OPTIONS: readonly OptionSpec[] = [
  ...COMPARE_REQUEST_OPTIONS,
  CONFIG_OPTION,
  ...CUSTOM_MODEL_OPTIONS,
  JSON_OPTION,
  ...COMMON_OPTIONS,
];
export const COMPARE_FORM: RequestForm = { command: 'compare', options: COMPARE_OPTIONS, missingHints: MODEL_HINTS };

export const FIT_FORM: RequestForm = { command: 'fit', options: CALCULATE_OPTIONS, missingHints: MODEL_AND_GPU_HINTS };

/** sweep: calculate's options, one of which is varied. */
export const SWEEP_VARY_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'vary',
    kind: 'string',
    field: 'vary',
    valueName: 'FIELD',
    description: 'the input to vary: batch_size, sequence_length or num_gpus (required)',
  },
  {
    name: 'values',
    kind: 'int-list',
    field: 'values',
    valueName: 'LIST',
    description: 'its values, whole numbers >= 1, comma-separated (at most 1,000), e.g. 1,2,4,8 (required)',
  },
];
export const SWEEP_OPTIONS: readonly OptionSpec[] = [...SWEEP_VARY_OPTIONS, ...CALCULATE_OPTIONS];
export const SWEEP_FORM: RequestForm = { command: 'sweep', options: SWEEP_OPTIONS, missingHints: MODEL_AND_GPU_HINTS };

/** calibrate: calculate's options plus one measurement. */
export const MEASUREMENT_OPTIONS: readonly OptionSpec[] = [
  fieldOption(PLANNING_FIELDS.measured_tokens_per_second),
  fieldOption(PLANNING_FIELDS.measured_prefill_seconds),
];
export const CALIBRATE_OPTIONS: readonly OptionSpec[] = [...MEASUREMENT_OPTIONS, ...CALCULATE_OPTIONS];
export const CALIBRATE_FORM: RequestForm = {
  command: 'calibrate',
  options: CALIBRATE_OPTIONS,
  missingHints: {
    ...MODEL_AND_GPU_HINTS,
    measured_tokens_per_second: '--measured-tokens-per-second N or --measured-prefill-seconds S',
  },
};

/** train: POST /api/training's fields; its defaults are the contract's (planning.ts training()). */
export const TRAIN_REQUEST_OPTIONS: readonly OptionSpec[] = [
  { name: 'model', kind: 'string', field: 'model', valueName: 'ID', description: 'model preset id (see list-models)' },
  { name: 'gpu', kind: 'string', field: 'gpu', valueName: 'ID', description: 'GPU preset id (see list-gpus)' },
  ...groupOptions(TRAINING_FIELDS),
];
export const TRAIN_OPTIONS: readonly OptionSpec[] = [
  ...TRAIN_REQUEST_OPTIONS,
  CONFIG_OPTION,
  ...CUSTOM_MODEL_OPTIONS,
  ...CUSTOM_GPU_OPTIONS,
  JSON_OPTION,
  ...COMMON_OPTIONS,
];
export const TRAIN_FORM: RequestForm = { command: 'train', options: TRAIN_OPTIONS, missingHints: MODEL_AND_GPU_HINTS };
