import { ACTIVATION_RECOMPUTE, TRAINING_PRECISIONS } from '@llm-calc/engine';
import { defineFields } from './field';
import { MAX_TOKENS } from './request-fields';

/** Inputs a sweep may vary. */
export const SWEEP_VARIABLES = ['batch_size', 'sequence_length', 'num_gpus'] as const;
export type SweepVariable = (typeof SWEEP_VARIABLES)[number];

/** The planning endpoints' own fields, beside those of an inference request. */
export const PLANNING_FIELDS = defineFields({
  gpus: {
    type: 'string',
    label: 'GPUs',
    help: 'GPU preset ids to compare (every preset when absent).',
    maxLength: 100,
    cliValue: 'IDS',
  },
  fewest_gpus: {
    type: 'boolean',
    label: 'Fewest GPUs of each kind',
    help: 'Each GPU with the fewest of its kind that hold the workload (tensor parallel, pipeline 1), instead of the same num_gpus for all.',
    default: false,
  },
  vary: {
    type: 'enum',
    label: 'Vary',
    help: 'The input to vary: batch_size, sequence_length or num_gpus.',
    values: SWEEP_VARIABLES,
    required: true,
    cliValue: 'FIELD',
  },
  values: {
    type: 'integer',
    label: 'Values',
    help: 'The values of the varied input: whole numbers, at most 1,000 of them.',
    min: 1,
    max: MAX_TOKENS,
    required: true,
    cliValue: 'LIST',
  },
  measured_tokens_per_second: {
    type: 'number',
    label: 'Measured tokens/s (per sequence)',
    help: 'A single-sequence decode speed you measured for this configuration: fits the memory efficiency.',
    unit: 'tokens/s',
    min: 1e-3,
    max: 1e9,
    cliValue: 'N',
  },
  measured_prefill_seconds: {
    type: 'number',
    label: 'Measured prefill time (s)',
    help: 'A prefill time of the prompt × batch you measured for this configuration: fits the compute efficiency.',
    unit: 'seconds',
    min: 1e-6,
    max: 1e7,
    cliValue: 'S',
  },
});

/** Most values a sweep takes. */
export const MAX_SWEEP_VALUES = 1000;

/** POST /api/training's fields besides the model and GPU. */
export const TRAINING_FIELDS = defineFields({
  num_gpus: {
    type: 'integer',
    label: 'Number of GPUs',
    help: 'GPUs training together (data parallel).',
    unit: 'GPUs',
    default: 8,
    min: 1,
    max: 1_000_000,
    cliValue: 'N',
  },
  training_tokens: {
    type: 'number',
    label: 'Training tokens',
    help: 'Tokens to train on (e.g. 1e12 or 15e12).',
    unit: 'tokens',
    default: 1e12,
    min: 1,
    max: 1e16,
    cliValue: 'N',
  },
  sequence_length: {
    type: 'integer',
    label: 'Sequence length',
    help: 'Tokens per training sequence.',
    unit: 'tokens',
    default: 4096,
    min: 1,
    max: 10_000_000,
    cliValue: 'N',
  },
  micro_batch_size: {
    type: 'integer',
    label: 'Micro-batch size',
    help: 'Sequences per GPU per step.',
    unit: 'sequences',
    default: 1,
    min: 1,
    max: 100_000,
    cliValue: 'N',
  },
  precision: {
    type: 'enum',
    label: 'Precision',
    help: 'Training format (mixed precision with fp32 master weights and Adam states).',
    default: 'bf16',
    values: TRAINING_PRECISIONS,
    cliValue: 'FMT',
  },
  zero_stage: {
    type: 'enum',
    label: 'ZeRO stage',
    help: 'ZeRO stage: 0 replicated, 1 optimizer states sharded, 2 + gradients, 3 + weights.',
    default: 1,
    values: [0, 1, 2, 3],
    cliValue: 'N',
  },
  activation_recompute: {
    type: 'enum',
    label: 'Activation recomputation',
    help: 'Activation recomputation: none keeps every activation, selective recomputes attention, full recomputes each layer (8ND instead of 6ND).',
    default: 'selective',
    values: ACTIVATION_RECOMPUTE,
    cliValue: 'MODE',
  },
  mfu: {
    type: 'number',
    label: 'MFU',
    help: 'Model FLOPs utilization: the fraction of peak FLOP/s a training step reaches.',
    unit: 'fraction',
    default: 0.4,
    min: 0.01,
    max: 1,
    cliValue: 'X',
  },
  price_per_gpu_hour: {
    type: 'number',
    label: 'Price per GPU-hour (USD)',
    help: "USD per GPU-hour; empty uses the GPU's indicative cloud price.",
    unit: 'USD per GPU-hour',
    defaultText: "the GPU preset's indicative price",
    min: 0,
    max: 1_000_000,
    cliValue: 'USD',
  },
});
