import type { ModelArchitecture } from '@llm-calc/engine';

/**
 * A catalogue model: its architecture (the engine's `ModelArchitecture`, snake_case like
 * Hugging Face config.json) plus where it comes from.
 */
export interface ModelPreset extends ModelArchitecture {
  /** Stable, lower-case identifier used by the API, CLI and URLs (e.g. `llama-3.1-8b`). */
  id: string;
  /** Picker group (e.g. `Llama 3.1`, `Qwen3`). */
  family: string;
  /** The primary document: the official Hugging Face config.json. */
  source: string;
  hf_repo: string | null;
  release_year: number | null;
  /** Official parameter count, absolute (6.74e9, not 6.74). */
  published_parameters: number | null;
  /** MoE: official active parameters per token, absolute; null for dense models. */
  published_active_parameters: number | null;
  /** One line: what is unusual or uncertain about the entry. */
  notes: string;
}

/** Attention/FFN details that differ from the Llama-style defaults; families spread them in. */
type Traits = Partial<
  Pick<
    ModelArchitecture,
    'ffn_type' | 'sliding_window' | 'sliding_window_pattern' | 'attention_bias' | 'mlp_bias' | 'norm_type' | 'learned_position_embeddings'
  >
>;

/** What every catalogue row states; `dense()` and `moe()` fill in the rest. */
type Row = Traits &
  Pick<
    ModelPreset,
    | 'id'
    | 'name'
    | 'family'
    | 'hf_repo'
    | 'source'
    | 'release_year'
    | 'hidden_size'
    | 'intermediate_size'
    | 'num_layers'
    | 'num_attention_heads'
    | 'num_kv_heads'
    | 'head_dim'
    | 'vocab_size'
    | 'tie_word_embeddings'
  > & {
    max_position_embeddings: number | null;
    /** Official parameter count in billions. */
    params_b: number | null;
    notes?: string;
  };

/** DeepSeek multi-head latent attention (config.json names). */
interface Mla {
  kv_lora_rank: number;
  qk_rope_head_dim: number;
  q_lora_rank: number | null;
  qk_nope_head_dim: number;
  v_head_dim: number;
}

type MoeRow = Row &
  Pick<ModelPreset, 'num_experts' | 'experts_per_token' | 'expert_intermediate_size'> & {
    num_shared_experts?: number;
    shared_expert_intermediate_size?: number;
    /** DeepSeek first_k_dense_replace. */
    first_dense_layers?: number;
    /** Official active parameters per token in billions. */
    active_params_b: number;
    mla?: Mla;
  };

const billions = (b: number | null): number | null => (b === null ? null : Math.round(b * 1e9));

/** A dense (non-MoE) decoder with Llama-style defaults: gated FFN, RMSNorm, no biases, global attention. */
function dense(row: Row): ModelPreset {
  return build(row, {
    num_experts: 1,
    experts_per_token: 1,
    expert_intermediate_size: row.intermediate_size,
    num_shared_experts: 0,
    shared_expert_intermediate_size: null,
    first_dense_layers: 0,
    active_params_b: null,
    mla: null,
  });
}

/** A mixture-of-experts decoder (optionally with DeepSeek MLA attention). */
function moe(row: MoeRow): ModelPreset {
  return build(row, {
    num_experts: row.num_experts,
    experts_per_token: row.experts_per_token,
    expert_intermediate_size: row.expert_intermediate_size,
    num_shared_experts: row.num_shared_experts ?? 0,
    shared_expert_intermediate_size: row.shared_expert_intermediate_size ?? null,
    first_dense_layers: row.first_dense_layers ?? 0,
    active_params_b: row.active_params_b,
    mla: row.mla ?? null,
  });
}

interface MixtureFields {
  num_experts: number;
  experts_per_token: number;
  expert_intermediate_size: number;
  num_shared_experts: number;
  shared_expert_intermediate_size: number | null;
  first_dense_layers: number;
  active_params_b: number | null;
  mla: Mla | null;
}

function build(row: Row, m: MixtureFields): ModelPreset {
  return {
    id: row.id,
    name: row.name,
    family: row.family,
    hidden_size: row.hidden_size,
    intermediate_size: row.intermediate_size,
    num_layers: row.num_layers,
    num_attention_heads: row.num_attention_heads,
    num_kv_heads: row.num_kv_heads,
    head_dim: row.head_dim,
    vocab_size: row.vocab_size,
    tie_word_embeddings: row.tie_word_embeddings,
    ffn_type: row.ffn_type ?? 'gated',
    num_experts: m.num_experts,
    experts_per_token: m.experts_per_token,
    expert_intermediate_size: m.expert_intermediate_size,
    num_shared_experts: m.num_shared_experts,
    shared_expert_intermediate_size: m.shared_expert_intermediate_size,
    first_dense_layers: m.first_dense_layers,
    kv_lora_rank: m.mla?.kv_lora_rank ?? null,
    qk_rope_head_dim: m.mla?.qk_rope_head_dim ?? null,
    q_lora_rank: m.mla?.q_lora_rank ?? null,
    qk_nope_head_dim: m.mla?.qk_nope_head_dim ?? null,
    v_head_dim: m.mla?.v_head_dim ?? null,
    sliding_window: row.sliding_window ?? null,
    sliding_window_pattern: row.sliding_window_pattern ?? null,
    attention_bias: row.attention_bias ?? false,
    mlp_bias: row.mlp_bias ?? false,
    norm_type: row.norm_type ?? 'rmsnorm',
    learned_position_embeddings: row.learned_position_embeddings ?? false,
    max_position_embeddings: row.max_position_embeddings,
    hf_repo: row.hf_repo,
    source: row.source,
    release_year: row.release_year,
    published_parameters: billions(row.params_b),
    published_active_parameters: billions(m.active_params_b),
    notes: row.notes ?? '',
  };
}

const hfConfig = (repo: string): string => `https://huggingface.co/${repo}/blob/main/config.json`;

// Family traits (only what differs from the Llama-style defaults).
/** Qwen2 / Qwen2.5: biases on the q/k/v projections. */
const QWEN2_5: Traits = { attention_bias: true };
/** Gemma 2: layers alternate local (window 4096) and global attention. */
const GEMMA_2: Traits = { sliding_window: 4096, sliding_window_pattern: 2 };
/** Gemma 3: 5 local layers to 1 global; the window differs by size. */
const GEMMA_3: Traits = { sliding_window_pattern: 6 };
/** GPT-2: plain GELU MLP, LayerNorm, biases everywhere, learned absolute positions. */
const GPT_2: Traits = {
  ffn_type: 'plain',
  norm_type: 'layernorm',
  attention_bias: true,
  mlp_bias: true,
  learned_position_embeddings: true,
};
/** Falcon: plain GELU MLP (4x hidden), LayerNorm, no biases. */
const FALCON: Traits = { ffn_type: 'plain', norm_type: 'layernorm' };

/** DeepSeek-V3 and DeepSeek-R1 share one architecture (R1 is V3 post-trained). */
const DEEPSEEK_V3_ARCH = {
  hidden_size: 7168,
  intermediate_size: 18432,
  num_layers: 61,
  num_attention_heads: 128,
  num_kv_heads: 128,
  head_dim: 192,
  vocab_size: 129280,
  tie_word_embeddings: false,
  max_position_embeddings: 163840,
  num_experts: 256,
  experts_per_token: 8,
  expert_intermediate_size: 2048,
  num_shared_experts: 1,
  shared_expert_intermediate_size: 2048,
  first_dense_layers: 3,
  mla: {
    kv_lora_rank: 512,
    qk_rope_head_dim: 64,
    q_lora_rank: 1536,
    qk_nope_head_dim: 128,
    v_head_dim: 128,
  },
  params_b: 671,
  active_params_b: 37,
} as const;

/**
 * The model catalogue, grouped by family (catalogue order is picker order).
 * Every figure comes from the official config.json named in `source`; the entries that are
 * also in `reference/models.json` are checked against it by the tests.
 */
// prettier-ignore
export const MODEL_PRESETS: readonly ModelPreset[] = [
  // Llama 2
  dense({
    id: 'llama-2-7b', name: 'Llama 2 7B', family: 'Llama 2', hf_repo: 'meta-llama/Llama-2-7b-hf',
    hidden_size: 4096, intermediate_size: 11008, num_layers: 32,
    num_attention_heads: 32, num_kv_heads: 32, head_dim: 128, vocab_size: 32000,
    tie_word_embeddings: false, max_position_embeddings: 4096,
    params_b: 7, release_year: 2023,
    source: hfConfig('meta-llama/Llama-2-7b-hf'),
    notes: 'Multi-head attention (no GQA).',
  }),
  dense({
    id: 'llama-2-13b', name: 'Llama 2 13B', family: 'Llama 2', hf_repo: 'meta-llama/Llama-2-13b-hf',
    hidden_size: 5120, intermediate_size: 13824, num_layers: 40,
    num_attention_heads: 40, num_kv_heads: 40, head_dim: 128, vocab_size: 32000,
    tie_word_embeddings: false, max_position_embeddings: 4096,
    params_b: 13, release_year: 2023,
    source: hfConfig('meta-llama/Llama-2-13b-hf'),
    notes: 'Multi-head attention (no GQA).',
  }),
  dense({
    id: 'llama-2-70b', name: 'Llama 2 70B', family: 'Llama 2', hf_repo: 'meta-llama/Llama-2-70b-hf',
    hidden_size: 8192, intermediate_size: 28672, num_layers: 80,
    num_attention_heads: 64, num_kv_heads: 8, head_dim: 128, vocab_size: 32000,
    tie_word_embeddings: false, max_position_embeddings: 4096,
    params_b: 70, release_year: 2023,
    source: hfConfig('meta-llama/Llama-2-70b-hf'),
  }),

  // Llama 3
  dense({
    id: 'llama-3-8b', name: 'Meta Llama 3 8B', family: 'Llama 3', hf_repo: 'meta-llama/Meta-Llama-3-8B',
    hidden_size: 4096, intermediate_size: 14336, num_layers: 32,
    num_attention_heads: 32, num_kv_heads: 8, head_dim: 128, vocab_size: 128256,
    tie_word_embeddings: false, max_position_embeddings: 8192,
    params_b: 8, release_year: 2024,
    source: hfConfig('meta-llama/Meta-Llama-3-8B'),
  }),
  dense({
    id: 'llama-3-70b', name: 'Meta Llama 3 70B', family: 'Llama 3', hf_repo: 'meta-llama/Meta-Llama-3-70B',
    hidden_size: 8192, intermediate_size: 28672, num_layers: 80,
    num_attention_heads: 64, num_kv_heads: 8, head_dim: 128, vocab_size: 128256,
    tie_word_embeddings: false, max_position_embeddings: 8192,
    params_b: 70, release_year: 2024,
    source: hfConfig('meta-llama/Meta-Llama-3-70B'),
  }),

  // Llama 3.1
  dense({
    id: 'llama-3.1-8b', name: 'Llama 3.1 8B', family: 'Llama 3.1', hf_repo: 'meta-llama/Llama-3.1-8B',
    hidden_size: 4096, intermediate_size: 14336, num_layers: 32,
    num_attention_heads: 32, num_kv_heads: 8, head_dim: 128, vocab_size: 128256,
    tie_word_embeddings: false, max_position_embeddings: 131072,
    params_b: 8.03, release_year: 2024,
    source: hfConfig('meta-llama/Llama-3.1-8B'),
    notes: '128k context via llama3 RoPE scaling (factor 8 over 8192).',
  }),
  dense({
    id: 'llama-3.1-70b', name: 'Llama 3.1 70B', family: 'Llama 3.1', hf_repo: 'meta-llama/Llama-3.1-70B',
    hidden_size: 8192, intermediate_size: 28672, num_layers: 80,
    num_attention_heads: 64, num_kv_heads: 8, head_dim: 128, vocab_size: 128256,
    tie_word_embeddings: false, max_position_embeddings: 131072,
    params_b: 70.6, release_year: 2024,
    source: hfConfig('meta-llama/Llama-3.1-70B'),
    notes: '128k context via llama3 RoPE scaling (factor 8 over 8192).',
  }),
  dense({
    id: 'llama-3.1-405b', name: 'Llama 3.1 405B', family: 'Llama 3.1', hf_repo: 'meta-llama/Llama-3.1-405B',
    hidden_size: 16384, intermediate_size: 53248, num_layers: 126,
    num_attention_heads: 128, num_kv_heads: 8, head_dim: 128, vocab_size: 128256,
    tie_word_embeddings: false, max_position_embeddings: 131072,
    params_b: 405, release_year: 2024,
    source: hfConfig('meta-llama/Llama-3.1-405B'),
    notes: 'Official config has 8 KV heads; some third-party copies show 16.',
  }),

  // Llama 3.2
  dense({
    id: 'llama-3.2-1b', name: 'Llama 3.2 1B', family: 'Llama 3.2', hf_repo: 'meta-llama/Llama-3.2-1B',
    hidden_size: 2048, intermediate_size: 8192, num_layers: 16,
    num_attention_heads: 32, num_kv_heads: 8, head_dim: 64, vocab_size: 128256,
    tie_word_embeddings: true, max_position_embeddings: 131072,
    params_b: 1.23, release_year: 2024,
    source: hfConfig('meta-llama/Llama-3.2-1B'),
    notes: 'Tied embeddings; 128k context via llama3 RoPE scaling (factor 32).',
  }),
  dense({
    id: 'llama-3.2-3b', name: 'Llama 3.2 3B', family: 'Llama 3.2', hf_repo: 'meta-llama/Llama-3.2-3B',
    hidden_size: 3072, intermediate_size: 8192, num_layers: 28,
    num_attention_heads: 24, num_kv_heads: 8, head_dim: 128, vocab_size: 128256,
    tie_word_embeddings: true, max_position_embeddings: 131072,
    params_b: 3.21, release_year: 2024,
    source: hfConfig('meta-llama/Llama-3.2-3B'),
    notes: 'Tied embeddings; 128k context via llama3 RoPE scaling (factor 32).',
  }),

  // Llama 3.3
  dense({
    id: 'llama-3.3-70b', name: 'Llama 3.3 70B Instruct', family: 'Llama 3.3', hf_repo: 'meta-llama/Llama-3.3-70B-Instruct',
    hidden_size: 8192, intermediate_size: 28672, num_layers: 80,
    num_attention_heads: 64, num_kv_heads: 8, head_dim: 128, vocab_size: 128256,
    tie_word_embeddings: false, max_position_embeddings: 131072,
    params_b: 70.6, release_year: 2024,
    source: hfConfig('meta-llama/Llama-3.3-70B-Instruct'),
    notes: 'Architecture identical to Llama 3.1 70B.',
  }),

  // Mistral
  dense({
    id: 'mistral-7b-v0.1', name: 'Mistral 7B v0.1', family: 'Mistral', hf_repo: 'mistralai/Mistral-7B-v0.1',
    hidden_size: 4096, intermediate_size: 14336, num_layers: 32,
    num_attention_heads: 32, num_kv_heads: 8, head_dim: 128, vocab_size: 32000,
    tie_word_embeddings: false, max_position_embeddings: 32768, sliding_window: 4096,
    params_b: 7.3, release_year: 2023,
    source: hfConfig('mistralai/Mistral-7B-v0.1'),
    notes: 'Every layer uses a 4096-token sliding window; computed count ~7.24B.',
  }),
  dense({
    id: 'mistral-7b-v0.3', name: 'Mistral 7B v0.3', family: 'Mistral', hf_repo: 'mistralai/Mistral-7B-v0.3',
    hidden_size: 4096, intermediate_size: 14336, num_layers: 32,
    num_attention_heads: 32, num_kv_heads: 8, head_dim: 128, vocab_size: 32768,
    tie_word_embeddings: false, max_position_embeddings: 32768,
    params_b: 7.25, release_year: 2024,
    source: hfConfig('mistralai/Mistral-7B-v0.3'),
    notes: 'Vocab extended to 32768, rope_theta 1e6, no sliding window; 7.25B is not an official figure.',
  }),
  dense({
    id: 'mistral-nemo-12b', name: 'Mistral NeMo 12B (2407)', family: 'Mistral', hf_repo: 'mistralai/Mistral-Nemo-Base-2407',
    hidden_size: 5120, intermediate_size: 14336, num_layers: 40,
    num_attention_heads: 32, num_kv_heads: 8, head_dim: 128, vocab_size: 131072,
    tie_word_embeddings: false, max_position_embeddings: 1024000,
    params_b: 12, release_year: 2024,
    source: hfConfig('mistralai/Mistral-Nemo-Base-2407'),
    notes: 'head_dim 128 != hidden/heads (160); config says 1,024,000 positions but the advertised context is 128k.',
  }),
  dense({
    id: 'mistral-small-24b', name: 'Mistral Small 3 24B (2501)', family: 'Mistral', hf_repo: 'mistralai/Mistral-Small-24B-Base-2501',
    hidden_size: 5120, intermediate_size: 32768, num_layers: 40,
    num_attention_heads: 32, num_kv_heads: 8, head_dim: 128, vocab_size: 131072,
    tie_word_embeddings: false, max_position_embeddings: 32768,
    params_b: 24, release_year: 2025,
    source: hfConfig('mistralai/Mistral-Small-24B-Base-2501'),
    notes: 'Added (not in reference/). head_dim 128 != hidden/heads (160); rope_theta 1e8; computed count ~23.6B.',
  }),

  // Mixtral
  moe({
    id: 'mixtral-8x7b', name: 'Mixtral 8x7B v0.1', family: 'Mixtral', hf_repo: 'mistralai/Mixtral-8x7B-v0.1',
    hidden_size: 4096, intermediate_size: 14336, num_layers: 32,
    num_attention_heads: 32, num_kv_heads: 8, head_dim: 128, vocab_size: 32000,
    tie_word_embeddings: false, max_position_embeddings: 32768,
    num_experts: 8, experts_per_token: 2, expert_intermediate_size: 14336,
    params_b: 46.7, active_params_b: 12.9, release_year: 2023,
    source: hfConfig('mistralai/Mixtral-8x7B-v0.1'),
    notes: 'All 32 layers are MoE (8 experts, top-2).',
  }),
  moe({
    id: 'mixtral-8x22b', name: 'Mixtral 8x22B v0.1', family: 'Mixtral', hf_repo: 'mistralai/Mixtral-8x22B-Instruct-v0.1',
    hidden_size: 6144, intermediate_size: 16384, num_layers: 56,
    num_attention_heads: 48, num_kv_heads: 8, head_dim: 128, vocab_size: 32768,
    tie_word_embeddings: false, max_position_embeddings: 65536,
    num_experts: 8, experts_per_token: 2, expert_intermediate_size: 16384,
    params_b: 141, active_params_b: 39, release_year: 2024,
    source: hfConfig('mistralai/Mixtral-8x22B-Instruct-v0.1'),
    notes: 'vocab_size 32768 (Instruct config); the community base conversion has 32000.',
  }),

  // Phi
  dense({
    id: 'phi-2', name: 'Phi-2', family: 'Phi', hf_repo: 'microsoft/phi-2',
    hidden_size: 2560, intermediate_size: 10240, num_layers: 32,
    num_attention_heads: 32, num_kv_heads: 32, head_dim: 80, vocab_size: 51200,
    tie_word_embeddings: false, max_position_embeddings: 2048,
    ffn_type: 'plain', norm_type: 'layernorm', attention_bias: true, mlp_bias: true,
    params_b: 2.7, release_year: 2023,
    source: hfConfig('microsoft/phi-2'),
    notes: 'Parallel attention+MLP block, partial rotary (0.4), biases on all linear layers.',
  }),
  dense({
    id: 'phi-3-mini-4k', name: 'Phi-3-mini-4k-instruct', family: 'Phi', hf_repo: 'microsoft/Phi-3-mini-4k-instruct',
    hidden_size: 3072, intermediate_size: 8192, num_layers: 32,
    num_attention_heads: 32, num_kv_heads: 32, head_dim: 96, vocab_size: 32064,
    tie_word_embeddings: false, max_position_embeddings: 4096, sliding_window: 2047,
    params_b: 3.8, release_year: 2024,
    source: hfConfig('microsoft/Phi-3-mini-4k-instruct'),
    notes: 'Fused gate_up_proj (SwiGLU); config sliding_window 2047 on every layer.',
  }),
  dense({
    id: 'phi-3-medium-4k', name: 'Phi-3-medium-4k-instruct', family: 'Phi', hf_repo: 'microsoft/Phi-3-medium-4k-instruct',
    hidden_size: 5120, intermediate_size: 17920, num_layers: 40,
    num_attention_heads: 40, num_kv_heads: 10, head_dim: 128, vocab_size: 32064,
    tie_word_embeddings: false, max_position_embeddings: 4096, sliding_window: 2047,
    params_b: 14, release_year: 2024,
    source: hfConfig('microsoft/Phi-3-medium-4k-instruct'),
    notes: 'Config sliding_window 2047 on every layer.',
  }),
  dense({
    id: 'phi-3.5-mini', name: 'Phi-3.5-mini-instruct', family: 'Phi', hf_repo: 'microsoft/Phi-3.5-mini-instruct',
    hidden_size: 3072, intermediate_size: 8192, num_layers: 32,
    num_attention_heads: 32, num_kv_heads: 32, head_dim: 96, vocab_size: 32064,
    tie_word_embeddings: false, max_position_embeddings: 131072,
    params_b: 3.82, release_year: 2024,
    source: hfConfig('microsoft/Phi-3.5-mini-instruct'),
    notes: 'Added (not in reference/). LongRoPE 128k; config sliding_window 262144 exceeds the context, so all layers are global.',
  }),
  dense({
    id: 'phi-4', name: 'Phi-4 (14B)', family: 'Phi', hf_repo: 'microsoft/phi-4',
    hidden_size: 5120, intermediate_size: 17920, num_layers: 40,
    num_attention_heads: 40, num_kv_heads: 10, head_dim: 128, vocab_size: 100352,
    tie_word_embeddings: false, max_position_embeddings: 16384,
    params_b: 14.7, release_year: 2024,
    source: hfConfig('microsoft/phi-4'),
    notes: 'Not Phi-4-mini (see phi-4-mini).',
  }),
  dense({
    id: 'phi-4-mini', name: 'Phi-4-mini-instruct (3.8B)', family: 'Phi', hf_repo: 'microsoft/Phi-4-mini-instruct',
    hidden_size: 3072, intermediate_size: 8192, num_layers: 32,
    num_attention_heads: 24, num_kv_heads: 8, head_dim: 128, vocab_size: 200064,
    tie_word_embeddings: true, max_position_embeddings: 131072,
    params_b: 3.84, release_year: 2025,
    source: hfConfig('microsoft/Phi-4-mini-instruct'),
    notes: 'Added (not in reference/). Partial rotary (0.75), LongRoPE 128k; config sliding_window 262144 exceeds the context (all global).',
  }),

  // Qwen2.5
  dense({
    ...QWEN2_5,
    id: 'qwen2.5-0.5b', name: 'Qwen2.5 0.5B', family: 'Qwen2.5', hf_repo: 'Qwen/Qwen2.5-0.5B',
    hidden_size: 896, intermediate_size: 4864, num_layers: 24,
    num_attention_heads: 14, num_kv_heads: 2, head_dim: 64, vocab_size: 151936,
    tie_word_embeddings: true, max_position_embeddings: 32768,
    params_b: 0.49, release_year: 2024,
    source: hfConfig('Qwen/Qwen2.5-0.5B'),
    notes: 'QKV projections have bias; tied embeddings.',
  }),
  dense({
    ...QWEN2_5,
    id: 'qwen2.5-1.5b', name: 'Qwen2.5 1.5B', family: 'Qwen2.5', hf_repo: 'Qwen/Qwen2.5-1.5B',
    hidden_size: 1536, intermediate_size: 8960, num_layers: 28,
    num_attention_heads: 12, num_kv_heads: 2, head_dim: 128, vocab_size: 151936,
    tie_word_embeddings: true, max_position_embeddings: 131072,
    params_b: 1.54, release_year: 2024,
    source: hfConfig('Qwen/Qwen2.5-1.5B'),
    notes: 'Added (not in reference/). QKV bias; tied embeddings; -Instruct config lists 32768 positions.',
  }),
  dense({
    ...QWEN2_5,
    id: 'qwen2.5-3b', name: 'Qwen2.5 3B', family: 'Qwen2.5', hf_repo: 'Qwen/Qwen2.5-3B',
    hidden_size: 2048, intermediate_size: 11008, num_layers: 36,
    num_attention_heads: 16, num_kv_heads: 2, head_dim: 128, vocab_size: 151936,
    tie_word_embeddings: true, max_position_embeddings: 32768,
    params_b: 3.09, release_year: 2024,
    source: hfConfig('Qwen/Qwen2.5-3B'),
    notes: 'Added (not in reference/). QKV bias; tied embeddings.',
  }),
  dense({
    ...QWEN2_5,
    id: 'qwen2.5-7b', name: 'Qwen2.5 7B', family: 'Qwen2.5', hf_repo: 'Qwen/Qwen2.5-7B',
    hidden_size: 3584, intermediate_size: 18944, num_layers: 28,
    num_attention_heads: 28, num_kv_heads: 4, head_dim: 128, vocab_size: 152064,
    tie_word_embeddings: false, max_position_embeddings: 131072,
    params_b: 7.61, release_year: 2024,
    source: hfConfig('Qwen/Qwen2.5-7B'),
    notes: 'QKV bias; base config 131072 positions, -Instruct 32768 (128k via YaRN).',
  }),
  dense({
    ...QWEN2_5,
    id: 'qwen2.5-14b', name: 'Qwen2.5 14B', family: 'Qwen2.5', hf_repo: 'Qwen/Qwen2.5-14B',
    hidden_size: 5120, intermediate_size: 13824, num_layers: 48,
    num_attention_heads: 40, num_kv_heads: 8, head_dim: 128, vocab_size: 152064,
    tie_word_embeddings: false, max_position_embeddings: 131072,
    params_b: 14.7, release_year: 2024,
    source: hfConfig('Qwen/Qwen2.5-14B'),
    notes: 'QKV bias; base config 131072 positions, -Instruct 32768 (128k via YaRN).',
  }),
  dense({
    ...QWEN2_5,
    id: 'qwen2.5-32b', name: 'Qwen2.5 32B', family: 'Qwen2.5', hf_repo: 'Qwen/Qwen2.5-32B',
    hidden_size: 5120, intermediate_size: 27648, num_layers: 64,
    num_attention_heads: 40, num_kv_heads: 8, head_dim: 128, vocab_size: 152064,
    tie_word_embeddings: false, max_position_embeddings: 131072,
    params_b: 32.5, release_year: 2024,
    source: hfConfig('Qwen/Qwen2.5-32B'),
    notes: 'QKV bias; base config 131072 positions, -Instruct 32768 (128k via YaRN).',
  }),
  dense({
    ...QWEN2_5,
    id: 'qwen2.5-72b', name: 'Qwen2.5 72B', family: 'Qwen2.5', hf_repo: 'Qwen/Qwen2.5-72B',
    hidden_size: 8192, intermediate_size: 29568, num_layers: 80,
    num_attention_heads: 64, num_kv_heads: 8, head_dim: 128, vocab_size: 152064,
    tie_word_embeddings: false, max_position_embeddings: 131072,
    params_b: 72.7, release_year: 2024,
    source: hfConfig('Qwen/Qwen2.5-72B'),
    notes: 'QKV bias; base config 131072 positions, -Instruct 32768 (128k via YaRN).',
  }),

  // Qwen3
  dense({
    id: 'qwen3-4b', name: 'Qwen3 4B', family: 'Qwen3', hf_repo: 'Qwen/Qwen3-4B',
    hidden_size: 2560, intermediate_size: 9728, num_layers: 36,
    num_attention_heads: 32, num_kv_heads: 8, head_dim: 128, vocab_size: 151936,
    tie_word_embeddings: true, max_position_embeddings: 40960,
    params_b: 4.0, release_year: 2025,
    source: hfConfig('Qwen/Qwen3-4B'),
    notes: 'Added (not in reference/). QK-norm; head_dim 128 != hidden/heads (80); tied embeddings.',
  }),
  dense({
    id: 'qwen3-8b', name: 'Qwen3 8B', family: 'Qwen3', hf_repo: 'Qwen/Qwen3-8B',
    hidden_size: 4096, intermediate_size: 12288, num_layers: 36,
    num_attention_heads: 32, num_kv_heads: 8, head_dim: 128, vocab_size: 151936,
    tie_word_embeddings: false, max_position_embeddings: 40960,
    params_b: 8.2, release_year: 2025,
    source: hfConfig('Qwen/Qwen3-8B'),
    notes: 'QK-norm, no QKV bias; native context 32768, 131072 with YaRN.',
  }),
  dense({
    id: 'qwen3-14b', name: 'Qwen3 14B', family: 'Qwen3', hf_repo: 'Qwen/Qwen3-14B',
    hidden_size: 5120, intermediate_size: 17408, num_layers: 40,
    num_attention_heads: 40, num_kv_heads: 8, head_dim: 128, vocab_size: 151936,
    tie_word_embeddings: false, max_position_embeddings: 40960,
    params_b: 14.8, release_year: 2025,
    source: hfConfig('Qwen/Qwen3-14B'),
    notes: 'Added (not in reference/). QK-norm, no QKV bias.',
  }),
  dense({
    id: 'qwen3-32b', name: 'Qwen3 32B', family: 'Qwen3', hf_repo: 'Qwen/Qwen3-32B',
    hidden_size: 5120, intermediate_size: 25600, num_layers: 64,
    num_attention_heads: 64, num_kv_heads: 8, head_dim: 128, vocab_size: 151936,
    tie_word_embeddings: false, max_position_embeddings: 40960,
    params_b: 32.8, release_year: 2025,
    source: hfConfig('Qwen/Qwen3-32B'),
    notes: 'head_dim 128 with 64 heads: q_proj 5120->8192.',
  }),
  moe({
    id: 'qwen3-30b-a3b', name: 'Qwen3 30B-A3B (MoE)', family: 'Qwen3', hf_repo: 'Qwen/Qwen3-30B-A3B',
    hidden_size: 2048, intermediate_size: 6144, num_layers: 48,
    num_attention_heads: 32, num_kv_heads: 4, head_dim: 128, vocab_size: 151936,
    tie_word_embeddings: false, max_position_embeddings: 40960,
    num_experts: 128, experts_per_token: 8, expert_intermediate_size: 768,
    params_b: 30.5, active_params_b: 3.3, release_year: 2025,
    source: hfConfig('Qwen/Qwen3-30B-A3B'),
    notes: 'Every layer is MoE; the dense intermediate_size in the config is unused.',
  }),
  moe({
    id: 'qwen3-235b-a22b', name: 'Qwen3 235B-A22B (MoE)', family: 'Qwen3', hf_repo: 'Qwen/Qwen3-235B-A22B',
    hidden_size: 4096, intermediate_size: 12288, num_layers: 94,
    num_attention_heads: 64, num_kv_heads: 4, head_dim: 128, vocab_size: 151936,
    tie_word_embeddings: false, max_position_embeddings: 40960,
    num_experts: 128, experts_per_token: 8, expert_intermediate_size: 1536,
    params_b: 235, active_params_b: 22, release_year: 2025,
    source: hfConfig('Qwen/Qwen3-235B-A22B'),
    notes: 'Every layer is MoE; the dense intermediate_size in the config is unused.',
  }),

  // Gemma 2
  dense({
    ...GEMMA_2,
    id: 'gemma-2-2b', name: 'Gemma 2 2B', family: 'Gemma 2', hf_repo: 'google/gemma-2-2b',
    hidden_size: 2304, intermediate_size: 9216, num_layers: 26,
    num_attention_heads: 8, num_kv_heads: 4, head_dim: 256, vocab_size: 256000,
    tie_word_embeddings: true, max_position_embeddings: 8192,
    params_b: 2.6, release_year: 2024,
    source: hfConfig('google/gemma-2-2b'),
    notes: 'Alternating local (4096) / global layers; logit soft-capping; GeGLU.',
  }),
  dense({
    ...GEMMA_2,
    id: 'gemma-2-9b', name: 'Gemma 2 9B', family: 'Gemma 2', hf_repo: 'google/gemma-2-9b',
    hidden_size: 3584, intermediate_size: 14336, num_layers: 42,
    num_attention_heads: 16, num_kv_heads: 8, head_dim: 256, vocab_size: 256000,
    tie_word_embeddings: true, max_position_embeddings: 8192,
    params_b: 9.24, release_year: 2024,
    source: hfConfig('google/gemma-2-9b'),
    notes: 'Alternating local (4096) / global layers; logit soft-capping; GeGLU.',
  }),
  dense({
    ...GEMMA_2,
    id: 'gemma-2-27b', name: 'Gemma 2 27B', family: 'Gemma 2', hf_repo: 'google/gemma-2-27b',
    hidden_size: 4608, intermediate_size: 36864, num_layers: 46,
    num_attention_heads: 32, num_kv_heads: 16, head_dim: 128, vocab_size: 256000,
    tie_word_embeddings: true, max_position_embeddings: 8192,
    params_b: 27.2, release_year: 2024,
    source: hfConfig('google/gemma-2-27b'),
    notes: 'Alternating local (4096) / global layers; logit soft-capping; GeGLU.',
  }),

  // Gemma 3
  dense({
    ...GEMMA_3,
    id: 'gemma-3-1b', name: 'Gemma 3 1B', family: 'Gemma 3', hf_repo: 'google/gemma-3-1b-pt',
    hidden_size: 1152, intermediate_size: 6912, num_layers: 26,
    num_attention_heads: 4, num_kv_heads: 1, head_dim: 256, vocab_size: 262144,
    tie_word_embeddings: true, max_position_embeddings: 32768, sliding_window: 512,
    params_b: 1, release_year: 2025,
    source: hfConfig('google/gemma-3-1b-pt'),
    notes: 'Text-only; 5 local (window 512) : 1 global layers.',
  }),
  dense({
    ...GEMMA_3,
    id: 'gemma-3-4b', name: 'Gemma 3 4B', family: 'Gemma 3', hf_repo: 'google/gemma-3-4b-pt',
    hidden_size: 2560, intermediate_size: 10240, num_layers: 34,
    num_attention_heads: 8, num_kv_heads: 4, head_dim: 256, vocab_size: 262208,
    tie_word_embeddings: true, max_position_embeddings: 131072, sliding_window: 1024,
    params_b: 4, release_year: 2025,
    source: `${hfConfig('google/gemma-3-4b-pt')} (text_config)`,
    notes: 'Multimodal: dims are text_config; published total includes the ~0.42B vision encoder.',
  }),
  dense({
    ...GEMMA_3,
    id: 'gemma-3-12b', name: 'Gemma 3 12B', family: 'Gemma 3', hf_repo: 'google/gemma-3-12b-pt',
    hidden_size: 3840, intermediate_size: 15360, num_layers: 48,
    num_attention_heads: 16, num_kv_heads: 8, head_dim: 256, vocab_size: 262208,
    tie_word_embeddings: true, max_position_embeddings: 131072, sliding_window: 1024,
    params_b: 12, release_year: 2025,
    source: `${hfConfig('google/gemma-3-12b-pt')} (text_config)`,
    notes: 'Multimodal: dims are text_config; published total includes the ~0.42B vision encoder.',
  }),
  dense({
    ...GEMMA_3,
    id: 'gemma-3-27b', name: 'Gemma 3 27B', family: 'Gemma 3', hf_repo: 'google/gemma-3-27b-pt',
    hidden_size: 5376, intermediate_size: 21504, num_layers: 62,
    num_attention_heads: 32, num_kv_heads: 16, head_dim: 128, vocab_size: 262208,
    tie_word_embeddings: true, max_position_embeddings: 131072, sliding_window: 1024,
    params_b: 27, release_year: 2025,
    source: `${hfConfig('google/gemma-3-27b-pt')} (text_config)`,
    notes: 'Multimodal: dims are text_config; published total includes the ~0.42B vision encoder.',
  }),

  // DeepSeek
  moe({
    ...DEEPSEEK_V3_ARCH,
    id: 'deepseek-v3', name: 'DeepSeek-V3', family: 'DeepSeek', hf_repo: 'deepseek-ai/DeepSeek-V3',
    release_year: 2024,
    source: hfConfig('deepseek-ai/DeepSeek-V3'),
    notes: 'MLA: cache is 512 latent + 64 RoPE key per token per layer; layers 0-2 dense; 1 MTP layer not counted.',
  }),
  moe({
    ...DEEPSEEK_V3_ARCH,
    id: 'deepseek-r1', name: 'DeepSeek-R1', family: 'DeepSeek', hf_repo: 'deepseek-ai/DeepSeek-R1',
    release_year: 2025,
    source: hfConfig('deepseek-ai/DeepSeek-R1'),
    notes: 'Added (not in reference/). Reasoning model post-trained from DeepSeek-V3-Base; same architecture.',
  }),

  // GPT-2
  dense({
    ...GPT_2,
    id: 'gpt2', name: 'GPT-2 (124M)', family: 'GPT-2', hf_repo: 'openai-community/gpt2',
    hidden_size: 768, intermediate_size: 3072, num_layers: 12,
    num_attention_heads: 12, num_kv_heads: 12, head_dim: 64, vocab_size: 50257,
    tie_word_embeddings: true, max_position_embeddings: 1024,
    params_b: 0.124, release_year: 2019,
    source: hfConfig('openai-community/gpt2'),
    notes: 'Config keys n_embd/n_layer/n_head/n_positions; FFN 4x hidden; learned positions.',
  }),
  dense({
    ...GPT_2,
    id: 'gpt2-xl', name: 'GPT-2 XL (1.5B)', family: 'GPT-2', hf_repo: 'openai-community/gpt2-xl',
    hidden_size: 1600, intermediate_size: 6400, num_layers: 48,
    num_attention_heads: 25, num_kv_heads: 25, head_dim: 64, vocab_size: 50257,
    tie_word_embeddings: true, max_position_embeddings: 1024,
    params_b: 1.56, release_year: 2019,
    source: hfConfig('openai-community/gpt2-xl'),
    notes: 'From the well-known config; not checked against a second copy.',
  }),

  // Falcon
  dense({
    ...FALCON,
    id: 'falcon-7b', name: 'Falcon 7B', family: 'Falcon', hf_repo: 'tiiuae/falcon-7b',
    hidden_size: 4544, intermediate_size: 18176, num_layers: 32,
    num_attention_heads: 71, num_kv_heads: 1, head_dim: 64, vocab_size: 65024,
    tie_word_embeddings: true, max_position_embeddings: 2048,
    params_b: 7, release_year: 2023,
    source: hfConfig('tiiuae/falcon-7b'),
    notes: 'Multi-query attention; parallel attention/MLP; 2048 context implicit; tying uncertain (HF count 7.22B suggests untied).',
  }),
  dense({
    ...FALCON,
    id: 'falcon-40b', name: 'Falcon 40B', family: 'Falcon', hf_repo: 'tiiuae/falcon-40b',
    hidden_size: 8192, intermediate_size: 32768, num_layers: 60,
    num_attention_heads: 128, num_kv_heads: 8, head_dim: 64, vocab_size: 65024,
    tie_word_embeddings: true, max_position_embeddings: 2048,
    params_b: 40, release_year: 2023,
    source: hfConfig('tiiuae/falcon-40b'),
    notes: 'new_decoder_architecture: 8 KV groups, parallel attention/MLP; tying uncertain (HF count 41.8B suggests untied).',
  }),

  // OLMo 2
  dense({
    id: 'olmo-2-7b', name: 'OLMo 2 7B (1124)', family: 'OLMo 2', hf_repo: 'allenai/OLMo-2-1124-7B',
    hidden_size: 4096, intermediate_size: 11008, num_layers: 32,
    num_attention_heads: 32, num_kv_heads: 32, head_dim: 128, vocab_size: 100352,
    tie_word_embeddings: false, max_position_embeddings: 4096,
    params_b: 7.3, release_year: 2024,
    source: hfConfig('allenai/OLMo-2-1124-7B'),
    notes: 'QK-norm; post-norm style RMSNorm placement.',
  }),
  dense({
    id: 'olmo-2-13b', name: 'OLMo 2 13B (1124)', family: 'OLMo 2', hf_repo: 'allenai/OLMo-2-1124-13B',
    hidden_size: 5120, intermediate_size: 13824, num_layers: 40,
    num_attention_heads: 40, num_kv_heads: 40, head_dim: 128, vocab_size: 100352,
    tie_word_embeddings: false, max_position_embeddings: 4096,
    params_b: 13.7, release_year: 2024,
    source: hfConfig('allenai/OLMo-2-1124-13B'),
    notes: 'QK-norm; post-norm style RMSNorm placement.',
  }),
];
