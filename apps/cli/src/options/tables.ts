/**
 * The option tables of every command: for each option its kebab-case name, how its text is read
 * and which contract field it fills (options/option-spec.ts). Parsing, help text, request building and
 * the naming of options in messages all come from these tables; defaults shown in help come from
 * the contract (REQUEST_DEFAULTS), so that help never drifts from what is computed.
 */
import { ACTIVATION_RECOMPUTE, COMPUTE_FORMATS, KV_CACHE_FORMATS, TRAINING_PRECISIONS, WEIGHT_FORMATS } from '@llm-calc/engine';
import { REQUEST_DEFAULTS } from '@llm-calc/application';
import { RUNTIME_CHOICES } from '@llm-calc/fields';
import { flagOption as flag, intOption as int, numberOption as num, type OptionSpec } from './option-spec';

/** Options every command accepts. */
export const COMMON_OPTIONS: readonly OptionSpec[] = [
  { name: 'help', short: 'h', kind: 'boolean', description: 'show this help' },
  { name: 'debug', kind: 'boolean', description: 'print stack traces of internal errors' },
];

export const JSON_OPTION: OptionSpec = { name: 'json', kind: 'boolean', description: 'print JSON instead of text' };

// Defaults shown in help come from the contract, so that help never drifts from what is computed.
const D = REQUEST_DEFAULTS;

/** Request-level options (top-level fields of the request). */
export const REQUEST_OPTIONS: readonly OptionSpec[] = [
  { name: 'model', kind: 'string', field: 'model', valueName: 'ID', description: 'model preset id (see list-models)' },
  { name: 'gpu', kind: 'string', field: 'gpu', valueName: 'ID', description: 'GPU preset id (see list-gpus)' },
  int('sequence-length', 'sequence_length', `prompt (context) tokens per sequence [${D.sequence_length}]`),
  int('output-tokens', 'output_tokens', `tokens to generate per sequence [${D.output_tokens}]`),
  int('batch-size', 'batch_size', `concurrent sequences [${D.batch_size}]`),
  { name: 'precision', kind: 'string', field: 'precision', valueName: 'FMT', description: `weight format: ${WEIGHT_FORMATS.join(' ')} [${D.precision}]` },
  { name: 'kv-cache-precision', kind: 'string', field: 'kv_cache_precision', valueName: 'FMT', description: `KV-cache format: ${KV_CACHE_FORMATS.join(' ')} [${D.kv_cache_precision}]` },
  int('num-gpus', 'num_gpus', 'GPUs in all [tensor-parallel x pipeline-parallel]'),
  int('tensor-parallel', 'tensor_parallel', 'tensor-parallel degree [num-gpus / pipeline-parallel]'),
  int('pipeline-parallel', 'pipeline_parallel', 'pipeline-parallel degree [1]'),
  {
    name: 'runtime',
    kind: 'string',
    field: 'runtime',
    valueName: 'ID',
    description: `serving stack: ${RUNTIME_CHOICES.join(' ')}; auto = llama.cpp for GGUF, MLX on Apple, vLLM otherwise (GET /api/runtimes) [${D.runtime}]`,
  },
  int('gpu-layers', 'gpu_layers', 'llama.cpp partial offload: layers kept on the GPU, the rest run from host memory [all layers]'),
  num('host-bandwidth', 'host_memory_bandwidth_bytes_per_second', `host memory bandwidth for offloaded layers in bytes/s (DDR4 dual channel: 45e9) [${D.host_memory_bandwidth_bytes_per_second}]`, 'BYTES_PER_S'),
  num('gpu-memory-utilization', 'gpu_memory_utilization', "pool servers (vLLM, SGLang, TensorRT-LLM): fraction of GPU memory reserved, in (0, 1] [the runtime's default, vLLM 0.9]"),
  num('efficiency', 'efficiency', `compute efficiency, fraction of peak FLOP/s in (0, 1]; replaces the runtime's fitted curve [the runtime's; roofline ${D.efficiency}]`),
  num('memory-efficiency', 'memory_efficiency', `memory-bandwidth efficiency in (0, 1]; replaces the runtime's fitted share [the runtime's; roofline ${D.memory_efficiency}]`),
  flag('flash-attention', 'flash_attention', 'fused attention, no S^2 score matrix (--no-flash-attention to turn off) [on]'),
  num('price-per-gpu-hour', 'price_per_gpu_hour', 'USD per GPU-hour [the GPU preset\'s indicative price]', 'USD'),
];

/** Custom model options: any of them (or --config) makes the request carry custom_model. */
export const CUSTOM_MODEL_OPTIONS: readonly OptionSpec[] = [
  { name: 'model-name', kind: 'string', field: 'custom_model.name', valueName: 'NAME', description: 'display name of the custom model' },
  int('hidden-size', 'custom_model.hidden_size', 'model width d'),
  int('intermediate-size', 'custom_model.intermediate_size', 'dense feed-forward inner size'),
  int('num-layers', 'custom_model.num_layers', 'decoder layers'),
  int('num-attention-heads', 'custom_model.num_attention_heads', 'query heads'),
  int('num-kv-heads', 'custom_model.num_kv_heads', 'key/value heads (GQA/MQA) [num-attention-heads]'),
  int('head-dim', 'custom_model.head_dim', 'per-head dimension [hidden-size / num-attention-heads]'),
  int('vocab-size', 'custom_model.vocab_size', 'vocabulary size'),
  flag('tie-word-embeddings', 'custom_model.tie_word_embeddings', 'input and output embeddings shared [off]'),
  { name: 'ffn-type', kind: 'string', field: 'custom_model.ffn_type', valueName: 'TYPE', description: 'gated (SwiGLU/GeGLU, 3 matrices) or plain (2 matrices) [gated]' },
  int('num-experts', 'custom_model.num_experts', 'routed experts per MoE layer; 1 = dense [1]'),
  int('experts-per-token', 'custom_model.experts_per_token', 'experts each token is routed to [1]'),
  int('expert-intermediate-size', 'custom_model.expert_intermediate_size', 'inner size of each expert [intermediate-size]'),
  int('num-shared-experts', 'custom_model.num_shared_experts', 'always-active shared experts [0]'),
  int('shared-expert-intermediate-size', 'custom_model.shared_expert_intermediate_size', 'inner size of each shared expert [expert-intermediate-size]'),
  int('first-dense-layers', 'custom_model.first_dense_layers', 'leading layers with a dense FFN [0]'),
  int('kv-lora-rank', 'custom_model.kv_lora_rank', 'MLA latent rank (DeepSeek); set to use latent attention'),
  int('qk-rope-head-dim', 'custom_model.qk_rope_head_dim', 'MLA decoupled RoPE key dimension'),
  int('q-lora-rank', 'custom_model.q_lora_rank', 'MLA query low-rank dimension'),
  int('qk-nope-head-dim', 'custom_model.qk_nope_head_dim', 'MLA non-RoPE query/key head dimension'),
  int('v-head-dim', 'custom_model.v_head_dim', 'MLA value head dimension'),
  int('sliding-window', 'custom_model.sliding_window', 'sliding-window size in tokens for local layers'),
  int('sliding-window-pattern', 'custom_model.sliding_window_pattern', 'every Nth layer is global (Gemma 2: 2, Gemma 3: 6)'),
  flag('attention-bias', 'custom_model.attention_bias', 'biases on the q/k/v projections [off]'),
  flag('mlp-bias', 'custom_model.mlp_bias', 'biases on the output projection and FFN [off]'),
  { name: 'norm-type', kind: 'string', field: 'custom_model.norm_type', valueName: 'TYPE', description: 'rmsnorm or layernorm [rmsnorm]' },
  flag('learned-position-embeddings', 'custom_model.learned_position_embeddings', 'learned absolute positions (GPT-2) [off]'),
  int('max-position-embeddings', 'custom_model.max_position_embeddings', 'trained context length (for warnings)'),
];

/** Custom GPU options: any of them makes the request carry custom_gpu. */
export const CUSTOM_GPU_OPTIONS: readonly OptionSpec[] = [
  { name: 'gpu-name', kind: 'string', field: 'custom_gpu.name', valueName: 'NAME', description: 'display name of the custom GPU' },
  num('gpu-memory-bytes', 'custom_gpu.memory_bytes', 'memory capacity in bytes (80 GB = 80e9)', 'BYTES'),
  num('gpu-bandwidth', 'custom_gpu.memory_bandwidth_bytes_per_second', 'memory bandwidth in bytes/s (3.35 TB/s = 3.35e12)', 'BYTES_PER_S'),
  {
    name: 'gpu-peak-flops',
    kind: 'peak-flops',
    field: 'custom_gpu.peak_flops',
    valueName: 'LIST',
    description: `dense peak FLOP/s per format, e.g. "bf16=9.89e14,fp16=9.89e14" (formats: ${COMPUTE_FORMATS.join(' ')})`,
  },
  num('gpu-interconnect', 'custom_gpu.interconnect_bandwidth_bytes_per_second', 'GPU-to-GPU bandwidth per direction in bytes/s (0: unknown) [0]', 'BYTES_PER_S'),
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
  num('price-per-gpu-hour', 'price_per_gpu_hour', "USD per GPU-hour for every GPU compared [each preset's indicative price]", 'USD'),
  GPUS_OPTION,
  flag('fewest-gpus', 'fewest_gpus', 'each GPU with the fewest of its kind that fit (tensor parallel), instead of --num-gpus for all [off]'),
];
export const COMPARE_OPTIONS: readonly OptionSpec[] = [...COMPARE_REQUEST_OPTIONS, CONFIG_OPTION, ...CUSTOM_MODEL_OPTIONS, JSON_OPTION, ...COMMON_OPTIONS];
export const COMPARE_FORM: RequestForm = { command: 'compare', options: COMPARE_OPTIONS, missingHints: MODEL_HINTS };

export const FIT_FORM: RequestForm = { command: 'fit', options: CALCULATE_OPTIONS, missingHints: MODEL_AND_GPU_HINTS };

/** sweep: calculate's options, one of which is varied. */
export const SWEEP_VARY_OPTIONS: readonly OptionSpec[] = [
  { name: 'vary', kind: 'string', field: 'vary', valueName: 'FIELD', description: 'the input to vary: batch_size, sequence_length or num_gpus (required)' },
  { name: 'values', kind: 'int-list', field: 'values', valueName: 'LIST', description: 'its values, whole numbers >= 1, comma-separated (at most 1,000), e.g. 1,2,4,8 (required)' },
];
export const SWEEP_OPTIONS: readonly OptionSpec[] = [...SWEEP_VARY_OPTIONS, ...CALCULATE_OPTIONS];
export const SWEEP_FORM: RequestForm = { command: 'sweep', options: SWEEP_OPTIONS, missingHints: MODEL_AND_GPU_HINTS };

/** calibrate: calculate's options plus one measurement. */
export const MEASUREMENT_OPTIONS: readonly OptionSpec[] = [
  num('measured-tokens-per-second', 'measured_tokens_per_second', 'measured single-sequence decode speed in tokens/s (fits --memory-efficiency)', 'N'),
  num('measured-prefill-seconds', 'measured_prefill_seconds', 'measured prefill time of the prompt x batch in seconds (fits --efficiency)', 'S'),
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
  int('num-gpus', 'num_gpus', 'GPUs, data parallel [8]'),
  num('training-tokens', 'training_tokens', 'tokens to train on, e.g. 1e12 or 15e12 [1e12]', 'N'),
  int('sequence-length', 'sequence_length', 'tokens per training sequence [4096]'),
  int('micro-batch-size', 'micro_batch_size', 'sequences per GPU per step [1]'),
  { name: 'precision', kind: 'string', field: 'precision', valueName: 'FMT', description: `training format: ${TRAINING_PRECISIONS.join(' ')} [bf16]` },
  int('zero-stage', 'zero_stage', 'ZeRO stage: 0 replicated, 1 optimizer states sharded, 2 + gradients, 3 + weights [1]'),
  {
    name: 'activation-recompute',
    kind: 'string',
    field: 'activation_recompute',
    valueName: 'MODE',
    description: `activation recomputation: ${ACTIVATION_RECOMPUTE.join(' ')} [selective]`,
  },
  num('mfu', 'mfu', 'model FLOPs utilization in (0, 1] [0.4]'),
  num('price-per-gpu-hour', 'price_per_gpu_hour', "USD per GPU-hour [the GPU preset's indicative price]", 'USD'),
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
