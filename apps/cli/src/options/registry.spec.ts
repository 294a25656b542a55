/**
 * Every field of the registry (@llm-calc/fields) reaches the CLI: an option of the same name
 * (cliOption) filling the same request path, a kind that reads the field's type, help that shows
 * the registry's default, and through the CLI's own path (parse -> build -> contract) the
 * registry's range: the lowest accepted value passes, the one below is refused on that field.
 */
import { CalculateRequestDto, CompareRequestDto, SweepRequestDto, CalibrateRequestDto, TrainingRequestDto } from '@llm-calc/dto';
import {
  cliOption,
  CUSTOM_GPU_FIELDS,
  CUSTOM_MODEL_FIELDS,
  fieldsOf,
  INFERENCE_FIELDS,
  PEAK_FLOPS_FIELD,
  PLANNING_FIELDS,
  SELECTION_FIELDS,
  TRAINING_FIELDS,
  type FieldSpec,
} from '@llm-calc/fields';
import { buildRequest } from '../request/build';
import { RequestProblems, validateRequest } from '../request/contract-problems';
import type { OptionSpec } from './option-spec';
import { parseOptions } from './parse';
import { CALCULATE_FORM, CALIBRATE_FORM, COMPARE_FORM, SWEEP_FORM, TRAIN_FORM, type RequestForm } from './tables';

interface Case {
  spec: FieldSpec;
  path: string;
  form: RequestForm;
  dto: new () => object;
  base: string[];
}

const MODEL = ['--model', 'llama-3.1-8b'];
const PRESETS = [...MODEL, '--gpu', 'h100-sxm'];
const CUSTOM_MODEL = [
  '--hidden-size',
  '4096',
  '--intermediate-size',
  '14336',
  '--num-layers',
  '32',
  '--num-attention-heads',
  '32',
  '--vocab-size',
  '128256',
  '--gpu',
  'h100-sxm',
];
const CUSTOM_GPU = [...MODEL, '--gpu-memory-bytes', '80e9', '--gpu-bandwidth', '3.35e12', '--gpu-peak-flops', 'bf16=9.89e14'];

const cases: Case[] = [
  ...fieldsOf(INFERENCE_FIELDS).map((spec) => ({ spec, path: spec.key, form: CALCULATE_FORM, dto: CalculateRequestDto, base: PRESETS })),
  ...fieldsOf(SELECTION_FIELDS).map((spec) => ({ spec, path: spec.key, form: CALCULATE_FORM, dto: CalculateRequestDto, base: [] })),
  ...fieldsOf(CUSTOM_MODEL_FIELDS).map((spec) => ({
    spec,
    path: `custom_model.${spec.key}`,
    form: CALCULATE_FORM,
    dto: CalculateRequestDto,
    base: CUSTOM_MODEL,
  })),
  ...[...fieldsOf(CUSTOM_GPU_FIELDS), PEAK_FLOPS_FIELD].map((spec) => ({
    spec,
    path: `custom_gpu.${spec.key}`,
    form: CALCULATE_FORM,
    dto: CalculateRequestDto,
    base: CUSTOM_GPU,
  })),
  ...fieldsOf(TRAINING_FIELDS).map((spec) => ({ spec, path: spec.key, form: TRAIN_FORM, dto: TrainingRequestDto, base: PRESETS })),
  { spec: PLANNING_FIELDS.gpus, path: 'gpus', form: COMPARE_FORM, dto: CompareRequestDto, base: MODEL },
  { spec: PLANNING_FIELDS.fewest_gpus, path: 'fewest_gpus', form: COMPARE_FORM, dto: CompareRequestDto, base: MODEL },
  { spec: PLANNING_FIELDS.vary, path: 'vary', form: SWEEP_FORM, dto: SweepRequestDto, base: [...PRESETS, '--values', '1'] },
  { spec: PLANNING_FIELDS.values, path: 'values', form: SWEEP_FORM, dto: SweepRequestDto, base: [...PRESETS, '--vary', 'batch_size'] },
  {
    spec: PLANNING_FIELDS.measured_tokens_per_second,
    path: 'measured_tokens_per_second',
    form: CALIBRATE_FORM,
    dto: CalibrateRequestDto,
    base: PRESETS,
  },
  {
    spec: PLANNING_FIELDS.measured_prefill_seconds,
    path: 'measured_prefill_seconds',
    form: CALIBRATE_FORM,
    dto: CalibrateRequestDto,
    base: PRESETS,
  },
];

function optionFor(c: Case): OptionSpec | undefined {
  return c.form.options.find((o) => o.field === c.path);
}

/** The request paths the contract refuses for these arguments. */
function refusedFields(c: Case, option: OptionSpec, value: string): string[] {
  // The base's own value of this option gives way (an option given twice is refused).
  const at = c.base.indexOf(`--${option.name}`);
  const base = at < 0 ? c.base : [...c.base.slice(0, at), ...c.base.slice(at + 2)];
  const args = parseOptions([...base, `--${option.name}`, value], c.form.options);
  const { request } = buildRequest(c.form, args, () => ({}));
  try {
    validateRequest(c.dto, request);
  } catch (e) {
    if (e instanceof RequestProblems) return e.problems.map((p) => p.field);
    throw e;
  }
  return [];
}

const KINDS: Record<FieldSpec['type'], readonly OptionSpec['kind'][]> = {
  integer: ['int', 'int-list'],
  number: ['number', 'peak-flops'],
  boolean: ['boolean'],
  enum: ['string', 'int'],
  string: ['string', 'list'],
};

function shownDefault(spec: FieldSpec): string | undefined {
  if (spec.default === undefined) return undefined;
  if (typeof spec.default === 'boolean') return spec.default ? 'on' : 'off';
  return String(spec.default);
}

describe('every registry field has a CLI option', () => {
  it.each(cases.map((c) => [c.path, c.form.command, c] as const))('%s (%s)', (_path, _command, c) => {
    const option = optionFor(c);
    expect(option).toBeDefined();
    if (!option) return;
    expect(option.name).toBe(cliOption(c.spec));
    expect(KINDS[c.spec.type]).toContain(option.kind);
    // A registry default is the one --help shows ("[4096]", "[on]").
    const bracket = /\[([^\]]*)\]$/.exec(option.description)?.[1];
    const shown = shownDefault(c.spec);
    if (shown === undefined || c.spec.key === 'name') return;
    if (typeof c.spec.default === 'number') expect(Number(bracket)).toBe(c.spec.default);
    else expect(bracket).toBe(shown);
  });

  const ranged = cases.filter(
    (c) => (c.spec.type === 'integer' || c.spec.type === 'number') && c.spec.min !== undefined && c.spec.key !== 'peak_flops',
  );
  it.each(ranged.map((c) => [c.path, c.form.command, c] as const))(
    '%s (%s): the registry minimum through the CLI',
    (_path, _command, c) => {
      const option = optionFor(c) as OptionSpec;
      const min = c.spec.min as number;
      const lowest = c.spec.exclusiveMin ? (min === 0 ? 1e-6 : min + 1e-6) : min;
      const below = c.spec.exclusiveMin ? min : min - 1;
      expect(refusedFields(c, option, String(lowest))).not.toContain(c.path);
      expect(refusedFields(c, option, String(below))).toContain(c.path);
      if (c.spec.max !== undefined && Number.isFinite(c.spec.max) && c.path !== 'values') {
        expect(refusedFields(c, option, String(c.spec.max * 2 + 1))).toContain(c.path);
      }
    },
  );
});
