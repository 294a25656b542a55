import { CUSTOM_MODEL_FIELDS, INFERENCE_FIELDS, SELECTION_FIELDS, type FieldSpec } from '@llm-calc/fields';

/** Each request field's help text, from the field registry (the same words as the CLI's --help and the API docs). */
const FIELD_HELP = Object.fromEntries(
  ([CUSTOM_MODEL_FIELDS, SELECTION_FIELDS, INFERENCE_FIELDS] as Record<string, FieldSpec>[])
    .flatMap((g) => Object.values(g))
    .map((f) => [f.key, f.help]),
) as Record<keyof typeof CUSTOM_MODEL_FIELDS | keyof typeof INFERENCE_FIELDS | keyof typeof SELECTION_FIELDS, string>;

/**
 * What every input and result figure means and how it is computed (shared/docs/calculation-model.md).
 * Fields' texts come from the registry; the rest (results, tools) are the page's own.
 */
export const HELP = {
  ...FIELD_HELP,
  // Model
  mode: 'Preset: send the catalogue id, so the server uses its cited architecture. Custom: send the fields below.',
  preset: 'A model from the catalogue. Picking one fills the custom fields below so you can start from it and edit.',
  // Inference
  // Hardware
  // Model tools
  saved_models: 'Custom models saved on the server under a name. Load one into the custom fields, then Calculate.',
  import_config:
    'Paste a Hugging Face config.json (or upload the file): its keys are mapped to the custom fields. Keys that do not change the calculation are listed as not understood.',
  calibrate:
    'Give a speed you measured for this exact configuration: the efficiency that reproduces it is fitted. Decode tokens/s (one sequence) fits the memory efficiency, a prefill time the compute efficiency.',
  // Results: model
  total_parameters: 'All weights: L × (attention + FFN + norms) + embedding + output head. Weights memory uses this.',
  active_parameters:
    'Weights used per token: equal to the total for dense models; for MoE only the k routed (+ shared) experts. Compute uses this.',
  // Results: memory
  weights_bytes: 'Weights = total parameters × bytes per weight. The model adds 5% on top (shown apart).',
  kv_cache_bytes:
    'KV cache = 2 × layers × KV heads × head dim × (prompt + output tokens) × batch × bytes per element (MLA and sliding windows use their own size). The model adds 5% on top (shown apart).',
  activations_bytes:
    'Peak transient working set of one forward pass at prefill: about batch × prompt × (2d + 2 d_ff) × bytes, +10%. One layer is live at a time.',
  overheads:
    'The allowances the model adds on top of the raw sizes: +5% on weights, +5% on the KV cache, +10% on activations, then 5% system overhead (CUDA context, allocator fragmentation, buffers).',
  system_overhead_bytes: 'CUDA context, allocator fragmentation and buffers: 5% of weights + KV cache + activations.',
  total_bytes: 'Total = (weights + KV cache + activations) × 1.05, across all GPUs.',
  per_gpu_bytes: 'Per GPU: weights and KV cache divide by tensor × pipeline parallel, activations by tensor parallel.',
  gpu_memory_bytes: 'The capacity of one GPU (vendor label: 80 GB = 80 × 10^9 bytes).',
  fits: "Fits when the per-GPU need is no more than one GPU's memory.",
  headroom_bytes: 'GPU memory − per-GPU need; negative when it does not fit.',
  max_batch_size: 'The largest batch at this context that still fits (0 when not even 1 fits).',
  max_sequence_length: 'The longest prompt + output context at this batch that still fits.',
  min_gpus:
    'The fewest GPUs (tensor parallel) that hold this configuration, counting only GPU counts that divide the attention heads (serving frameworks require it). None: more GPUs than heads would be needed, so add pipeline parallelism.',
  // Results: compute
  attention_flops:
    'Attention FLOPs of the prefill (whole prompt, whole batch): projections (2 × attention parameters per token) + scores (4 × h × d_h × context per layer).',
  feedforward_flops:
    'Feed-forward FLOPs of the prefill: 2 × active FFN parameters × prompt tokens × batch (a multiply-add counts 2 FLOPs).',
  prefill_flops: 'The whole prompt across the batch: per-token FLOPs summed over positions (causal mask: mean context ≈ S/2).',
  per_token_flops: 'One generated token at the final context: 2 × active parameters + attention scores.',
  compute_precision: "The format the GPU's matrix units run for this weight format (weight-only formats compute at 16 bit).",
  // Results: performance
  tokens_per_second: 'Per sequence: 1 / decode-step time at the mean context of the generation.',
  aggregate_tokens_per_second: 'Across the batch: batch / decode-step time.',
  prefill_latency_seconds:
    'Time to process the prompt (time to first token): max(FLOPs / (peak × efficiency), bytes / (bandwidth × memory efficiency)).',
  per_token_latency_seconds: 'One decode step at the mean context: the longer of compute and memory time, plus communication.',
  time_for_1000_tokens_seconds: 'Prefill plus the decode of 1000 new tokens as the context grows.',
  total_latency_seconds: 'Prefill plus the decode of all output tokens as the context grows: the time to the last token of one request.',
  prefill_bound:
    "Roofline: compute-bound when arithmetic intensity (FLOPs per byte) is above the GPU's ridge point (peak FLOP/s ÷ bandwidth), memory-bound below it.",
  decode_bound: 'Roofline of one decode step: at small batch each step reads all weights for few FLOPs, so it is usually memory-bound.',
  cost: 'Cost per hour = GPUs × price per GPU-hour; per million tokens = cost per hour ÷ (aggregate tokens/s × 3600) × 10^6.',
} as const;

export type HelpKey = keyof typeof HELP;
