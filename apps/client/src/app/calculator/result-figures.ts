import type { CalculateResponse, PhaseRooflineWire } from '@llm-calc/contracts';
import { ACTIVATIONS_OVERHEAD, KV_CACHE_OVERHEAD, WEIGHTS_OVERHEAD } from '@llm-calc/engine';
import {
  formatCount,
  formatDuration,
  formatFlops,
  formatParameters,
  formatSignificant,
  formatTokensPerSecond,
  formatUsd,
} from '../shared/format.pipes';
import { type Range, formatRange } from '../shared/range-format';
import { MemoryVerdict, VERDICT_LABELS, memoryVerdict } from '../shared/memory-verdict';
import { runtimeLabel } from './calculator-form';
import { HELP } from './help-texts';

export interface Figure {
  key: string;
  label: string;
  value: string;
  help: string;
  /** A second, smaller line under the value (the overhead counted on top of a raw size). */
  note?: string;
  /** Shown as a "Fits"/"Does not fit" chip instead of plain text. */
  chip?: MemoryVerdict;
}

/**
 * Shown instead of a speed or a price when the configuration does not fit: it would not run. A
 * short red chip on one line (the reason is the memory card's "Does not fit" and the tooltip).
 */
export const DOES_NOT_RUN = 'Does not run';
export const DOES_NOT_RUN_REASON = 'It does not fit in GPU memory, so it would not run at all.';

export interface ResultCard {
  title: 'Model Summary' | 'Memory Requirements' | 'Computational Requirements' | 'Performance Estimates';
  figures: Figure[];
}

function bound(phase: PhaseRooflineWire | undefined, fallback: string, ridge: number): string {
  const which = phase?.bound ?? fallback;
  if (!phase) return `${which}-bound`;
  const intensity = formatSignificant(phase.arithmetic_intensity_flops_per_byte);
  return `${which}-bound (${intensity} FLOP/B vs ridge ${formatSignificant(ridge)} FLOP/B)`;
}

/**
 * The four result cards: every figure of a calculation in readable units, with its help text,
 * its low-high band and what the plain roofline adds on top. Pure: the component only renders it.
 */
export function resultCards(result: CalculateResponse, formatBytes: (bytes: number) => string): ResultCard[] {
  const { model_summary: model, memory, compute, performance, cost, inputs, gpu_summary: gpu } = result;
  const bytes = formatBytes;
  const runs = memory.fits;
  /** A speed or price: only when the configuration could run at all. */
  const ifRuns = (text: string) => (runs ? text : DOES_NOT_RUN);
  /** A speed's low–high band, on a second line under it (only when it runs). */
  const band = (range: Range | null | undefined, format: (n: number) => string) =>
    runs ? (formatRange(range, format) ?? undefined) : undefined;
  /** The chip a speed or price gets when it would not run. */
  const chipIfNot: Pick<Figure, 'chip'> = runs ? {} : { chip: 'no' };
  /**
   * Raw size and the allowance the plain roofline adds on top, shown apart. A runtime profile
   * gives raw sizes and counts its own overheads (CUDA context, workspaces) as system overhead.
   */
  const withOverhead = (total: number, overhead: number): Pick<Figure, 'value' | 'note'> => {
    if (inputs.runtime !== 'roofline') return { value: bytes(total) };
    const raw = total / (1 + overhead);
    return { value: bytes(raw), note: `+ ${bytes(total - raw)} allowance (${Math.round(overhead * 100)}%)` };
  };
  const verdict = memoryVerdict(memory);
  const ridge = performance.ridge_point_flops_per_byte;
  const costFigures: Figure[] =
    cost?.cost_per_hour != null
      ? [
          { key: 'cost_per_hour', label: 'Cost per hour', value: formatUsd(cost.cost_per_hour), help: HELP.cost },
          {
            key: 'cost_per_million_tokens',
            label: 'Cost per million tokens',
            value: ifRuns(formatUsd(cost.cost_per_million_tokens)),
            ...chipIfNot,
            help: HELP.cost,
          },
        ]
      : [];
  return [
    {
      title: 'Model Summary',
      figures: [
        { key: 'name', label: 'Model', value: model.name, help: HELP.name },
        { key: 'family', label: 'Family', value: model.family || '—', help: 'The preset\'s model family (custom models: "Custom").' },
        {
          key: 'total_parameters',
          label: 'Total parameters',
          value: formatParameters(model.total_parameters),
          help: HELP.total_parameters,
        },
        {
          key: 'active_parameters',
          label: 'Active parameters',
          value: formatParameters(model.active_parameters),
          help: HELP.active_parameters,
        },
        { key: 'num_layers', label: 'Layers', value: formatCount(model.num_layers), help: HELP.num_layers },
        { key: 'hidden_size', label: 'Hidden size', value: formatCount(model.hidden_size), help: HELP.hidden_size },
        {
          key: 'attention_type',
          label: 'Attention',
          value: `${model.attention_type}${model.is_moe ? ', mixture of experts' : ''}`,
          help: 'MHA: one KV head per query head; GQA: groups share KV heads; MQA: one KV head; MLA: compressed latent KV.',
        },
      ],
    },
    {
      title: 'Memory Requirements',
      figures: [
        { key: 'weights_bytes', label: 'Weights', ...withOverhead(memory.weights_bytes, WEIGHTS_OVERHEAD), help: HELP.weights_bytes },
        {
          key: 'kv_cache_bytes',
          label: 'KV cache',
          ...withOverhead(memory.kv_cache_bytes, KV_CACHE_OVERHEAD),
          help: HELP.kv_cache_bytes,
        },
        {
          key: 'activations_bytes',
          label: 'Activations',
          ...withOverhead(memory.activations_bytes, ACTIVATIONS_OVERHEAD),
          help: HELP.activations_bytes,
        },
        {
          key: 'system_overhead_bytes',
          label: 'System overhead',
          value: bytes(memory.system_overhead_bytes),
          help: HELP.system_overhead_bytes,
        },
        {
          key: 'total_bytes',
          label: 'Total',
          value: bytes(memory.total_bytes),
          note: formatRange(memory.total_bytes_range, bytes) ?? undefined,
          help: HELP.total_bytes,
        },
        {
          key: 'per_gpu_bytes',
          label: memory.reserved_bytes != null ? 'Per GPU, needed' : 'Per GPU',
          value: bytes(memory.per_gpu_bytes),
          help: HELP.per_gpu_bytes,
        },
        ...(memory.reserved_bytes != null
          ? [
              {
                key: 'reserved_bytes',
                label: 'Per GPU, reserved',
                value: bytes(memory.reserved_bytes),
                note: memory.kv_pool_tokens != null ? `KV pool ${formatCount(memory.kv_pool_tokens)} tokens` : undefined,
                help: 'What a pool-based server (vLLM, SGLang, TensorRT-LLM...) takes at start, gpu_memory_utilization of the GPU: weights, activations and overheads, and a KV cache pool filling the rest. "Needed" is what this workload uses inside it.',
              },
            ]
          : []),
        ...(memory.host_bytes > 0
          ? [
              {
                key: 'host_bytes',
                label: 'Host memory (offloaded)',
                value: bytes(memory.host_bytes),
                note: `${formatCount(memory.gpu_layers)} layers on the GPU`,
                help: 'llama.cpp partial offload: the layers not on the GPU (gpu_layers) are read from host memory at the host bandwidth.',
              },
            ]
          : []),
        { key: 'gpu_memory_bytes', label: 'GPU memory', value: bytes(memory.gpu_memory_bytes), help: HELP.gpu_memory_bytes },
        { key: 'fits', label: 'Fits in GPU memory', value: VERDICT_LABELS[verdict], help: HELP.fits, chip: verdict },
        { key: 'headroom_bytes', label: 'Headroom', value: bytes(memory.headroom_bytes), help: HELP.headroom_bytes },
        { key: 'max_batch_size', label: 'Max batch', value: formatCount(memory.max_batch_size), help: HELP.max_batch_size },
        {
          key: 'max_sequence_length',
          label: 'Max context (tokens)',
          value: formatCount(memory.max_sequence_length),
          help: HELP.max_sequence_length,
        },
        {
          key: 'min_gpus',
          label: 'Min GPUs',
          value: memory.min_gpus == null ? 'None with tensor parallel alone' : formatCount(memory.min_gpus),
          help: HELP.min_gpus,
        },
      ],
    },
    {
      title: 'Computational Requirements',
      figures: [
        { key: 'attention_flops', label: 'Attention (prefill)', value: formatFlops(compute.attention_flops), help: HELP.attention_flops },
        {
          key: 'feedforward_flops',
          label: 'Feed-forward (prefill)',
          value: formatFlops(compute.feedforward_flops),
          help: HELP.feedforward_flops,
        },
        { key: 'prefill_flops', label: 'Prefill total', value: formatFlops(compute.prefill_flops), help: HELP.prefill_flops },
        { key: 'per_token_flops', label: 'Per generated token', value: formatFlops(compute.per_token_flops), help: HELP.per_token_flops },
        {
          key: 'compute_precision',
          label: 'Compute precision',
          value: compute.compute_precision ?? inputs.precision,
          help: HELP.compute_precision,
        },
        {
          key: 'peak_flops',
          label: 'GPU peak (dense)',
          value: gpu ? formatFlops(gpu.peak_flops_per_second, true) : '—',
          help: "The GPU's dense peak FLOP/s in the compute precision, before the compute efficiency.",
        },
      ],
    },
    {
      title: 'Performance Estimates',
      figures: [
        {
          key: 'runtime',
          label: 'Runtime',
          value: runtimeLabel(inputs.runtime),
          help: 'The serving stack the estimate is for (a request\'s "auto" shows the one it picked). Ranges are the spread of its cross-validated errors on measured runs.',
        },
        {
          key: 'tokens_per_second',
          label: 'Tokens/s per sequence',
          value: ifRuns(formatTokensPerSecond(performance.tokens_per_second)),
          note: band(performance.tokens_per_second_range, formatTokensPerSecond),
          ...chipIfNot,
          help: HELP.tokens_per_second,
        },
        {
          key: 'aggregate_tokens_per_second',
          label: `Tokens/s aggregate (batch ${inputs.batch_size})`,
          value: ifRuns(formatTokensPerSecond(performance.aggregate_tokens_per_second)),
          note: band(performance.aggregate_tokens_per_second_range, formatTokensPerSecond),
          ...chipIfNot,
          help: HELP.aggregate_tokens_per_second,
        },
        {
          key: 'prefill_latency_seconds',
          label: 'Prefill latency',
          value: ifRuns(formatDuration(performance.prefill_latency_seconds)),
          note: band(performance.prefill_latency_seconds_range, formatDuration),
          ...chipIfNot,
          help: HELP.prefill_latency_seconds,
        },
        {
          key: 'per_token_latency_seconds',
          label: 'Per-token latency',
          value: ifRuns(formatDuration(performance.per_token_latency_seconds)),
          note: band(performance.per_token_latency_seconds_range, formatDuration),
          ...chipIfNot,
          help: HELP.per_token_latency_seconds,
        },
        {
          key: 'time_for_1000_tokens_seconds',
          label: 'Time for 1000 tokens',
          value: ifRuns(formatDuration(performance.time_for_1000_tokens_seconds)),
          note: band(performance.time_for_1000_tokens_seconds_range, formatDuration),
          ...chipIfNot,
          help: HELP.time_for_1000_tokens_seconds,
        },
        ...(performance.total_latency_seconds != null
          ? [
              {
                key: 'total_latency_seconds',
                label: `Prefill + ${formatCount(inputs.output_tokens)} tokens`,
                value: ifRuns(formatDuration(performance.total_latency_seconds)),
                note: band(performance.total_latency_seconds_range, formatDuration),
                ...chipIfNot,
                help: HELP.total_latency_seconds,
              },
            ]
          : []),
        {
          key: 'prefill_bound',
          label: 'Prefill',
          value: bound(performance.prefill, performance.prefill_bound, ridge),
          help: HELP.prefill_bound,
        },
        {
          key: 'decode_bound',
          label: 'Decode',
          value: bound(performance.decode, performance.decode_bound, ridge),
          help: HELP.decode_bound,
        },
        ...(performance.prefill && performance.decode
          ? [
              {
                key: 'efficiencies',
                label: 'Efficiency used (compute / memory)',
                value: `${formatSignificant(performance.prefill.compute_efficiency)} / ${formatSignificant(performance.decode.memory_efficiency)}`,
                help: "The fraction of peak FLOP/s the prefill reaches and of peak bandwidth the decode reaches: the runtime's fitted values, or the efficiencies given in the form.",
              },
            ]
          : []),
        ...costFigures,
      ],
    },
  ];
}
