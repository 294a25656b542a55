import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_PRESETS, type ModelPreset } from './model-presets';

/** The fields of reference/models.json that the presets must reproduce. */
interface ReferenceModel {
  id: string;
  name: string;
  family: string;
  hf_repo: string;
  hidden_size: number;
  intermediate_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  num_key_value_heads: number;
  head_dim: number;
  vocab_size: number;
  max_position_embeddings: number;
  sliding_window: number | null;
  tie_word_embeddings: boolean;
  ffn_type: string;
  norm: string;
  attention_bias: boolean;
  moe: {
    num_experts: number;
    experts_per_token: number;
    expert_intermediate_size: number;
    shared_experts: number;
    shared_expert_intermediate_size?: number;
    first_k_dense_replace?: number;
  } | null;
  mla?: {
    q_lora_rank: number | null;
    kv_lora_rank: number;
    qk_nope_head_dim: number;
    qk_rope_head_dim: number;
    v_head_dim: number;
  };
  params_published_b: number;
  active_params_published_b?: number;
  release_year: number;
  source: string;
}

const REFERENCE: ReferenceModel[] = JSON.parse(readFileSync(join(__dirname, '../../reference/models.json'), 'utf8'));

function preset(id: string): ModelPreset {
  const found = MODEL_PRESETS.find((m) => m.id === id);
  if (!found) throw new Error(`no preset for reference model ${id}`);
  return found;
}

/** Weights count from the architecture (matrices and embeddings; norms and biases ignored). */
function countParameters(m: ModelPreset): { total: number; active: number } {
  const h = m.hidden_size;
  const embeddings =
    m.vocab_size * h * (m.tie_word_embeddings ? 1 : 2) + (m.learned_position_embeddings ? (m.max_position_embeddings ?? 0) * h : 0);

  let attention: number;
  if (m.kv_lora_rank !== null) {
    const rope = m.qk_rope_head_dim ?? 0;
    const nope = m.qk_nope_head_dim ?? m.head_dim - rope;
    const v = m.v_head_dim ?? m.head_dim;
    const qk = nope + rope;
    const heads = m.num_attention_heads;
    const q = m.q_lora_rank ? h * m.q_lora_rank + m.q_lora_rank * heads * qk : h * heads * qk;
    const kv = h * (m.kv_lora_rank + rope) + m.kv_lora_rank * heads * (nope + v);
    attention = q + kv + heads * v * h;
  } else {
    const hd = m.head_dim;
    attention = 2 * h * m.num_attention_heads * hd + 2 * h * m.num_kv_heads * hd;
  }

  const matrices = m.ffn_type === 'gated' ? 3 : 2;
  const denseFfn = matrices * h * m.intermediate_size;
  const isMoe = m.num_experts > 1;
  const moeLayers = isMoe ? m.num_layers - m.first_dense_layers : 0;
  const denseLayers = m.num_layers - moeLayers;
  const expert = matrices * h * m.expert_intermediate_size;
  const shared = m.num_shared_experts * matrices * h * (m.shared_expert_intermediate_size ?? m.expert_intermediate_size);
  const router = h * m.num_experts;

  const perMoeLayer = (experts: number) => experts * expert + shared + router;
  const common = embeddings + m.num_layers * attention + denseLayers * denseFfn;
  return {
    total: common + moeLayers * perMoeLayer(m.num_experts),
    active: common + moeLayers * perMoeLayer(m.experts_per_token),
  };
}

describe('MODEL_PRESETS against reference/models.json', () => {
  it('reads the reference file', () => {
    expect(REFERENCE).toHaveLength(43);
  });

  it('has a preset for every reference model', () => {
    const missing = REFERENCE.filter((r) => !MODEL_PRESETS.some((m) => m.id === r.id));
    expect(missing.map((r) => r.id)).toEqual([]);
  });

  describe.each(REFERENCE.map((r) => [r.id, r] as const))('%s', (_id, ref) => {
    const m = preset(ref.id);

    it('has the reference name, family, repo, year and source', () => {
      expect(m.name).toBe(ref.name);
      expect(m.family).toBe(ref.family);
      expect(m.hf_repo).toBe(ref.hf_repo);
      expect(m.release_year).toBe(ref.release_year);
      expect(m.source).toBe(ref.source);
    });

    it('has the reference dimensions', () => {
      expect({
        hidden_size: m.hidden_size,
        intermediate_size: m.intermediate_size,
        num_layers: m.num_layers,
        num_attention_heads: m.num_attention_heads,
        num_kv_heads: m.num_kv_heads,
        head_dim: m.head_dim,
        vocab_size: m.vocab_size,
        tie_word_embeddings: m.tie_word_embeddings,
        sliding_window: m.sliding_window,
        max_position_embeddings: m.max_position_embeddings,
      }).toEqual({
        hidden_size: ref.hidden_size,
        intermediate_size: ref.intermediate_size,
        num_layers: ref.num_hidden_layers,
        num_attention_heads: ref.num_attention_heads,
        num_kv_heads: ref.num_key_value_heads,
        head_dim: ref.head_dim,
        vocab_size: ref.vocab_size,
        tie_word_embeddings: ref.tie_word_embeddings,
        sliding_window: ref.sliding_window,
        max_position_embeddings: ref.max_position_embeddings,
      });
    });

    it('has the reference FFN, norm and bias types', () => {
      expect(m.ffn_type).toBe(/^(SwiGLU|GeGLU)$/.test(ref.ffn_type) ? 'gated' : 'plain');
      expect(m.norm_type).toBe(ref.norm === 'LayerNorm' ? 'layernorm' : 'rmsnorm');
      expect(m.attention_bias).toBe(ref.attention_bias);
    });

    it('has the reference MoE fields', () => {
      const moe = ref.moe;
      expect({
        num_experts: m.num_experts,
        experts_per_token: m.experts_per_token,
        expert_intermediate_size: m.expert_intermediate_size,
        num_shared_experts: m.num_shared_experts,
        shared_expert_intermediate_size: m.shared_expert_intermediate_size ?? null,
        first_dense_layers: m.first_dense_layers,
      }).toEqual(
        moe
          ? {
              num_experts: moe.num_experts,
              experts_per_token: moe.experts_per_token,
              expert_intermediate_size: moe.expert_intermediate_size,
              num_shared_experts: moe.shared_experts,
              shared_expert_intermediate_size: moe.shared_expert_intermediate_size ?? null,
              first_dense_layers: moe.first_k_dense_replace ?? 0,
            }
          : {
              num_experts: 1,
              experts_per_token: 1,
              expert_intermediate_size: ref.intermediate_size,
              num_shared_experts: 0,
              shared_expert_intermediate_size: null,
              first_dense_layers: 0,
            },
      );
    });

    it('has the reference MLA fields', () => {
      const mla = ref.mla;
      expect({
        kv_lora_rank: m.kv_lora_rank,
        qk_rope_head_dim: m.qk_rope_head_dim,
        q_lora_rank: m.q_lora_rank ?? null,
        qk_nope_head_dim: m.qk_nope_head_dim ?? null,
        v_head_dim: m.v_head_dim ?? null,
      }).toEqual({
        kv_lora_rank: mla?.kv_lora_rank ?? null,
        qk_rope_head_dim: mla?.qk_rope_head_dim ?? null,
        q_lora_rank: mla?.q_lora_rank ?? null,
        qk_nope_head_dim: mla?.qk_nope_head_dim ?? null,
        v_head_dim: mla?.v_head_dim ?? null,
      });
    });

    it('has the published parameter counts as absolute numbers', () => {
      expect(m.published_parameters).toBeCloseTo(ref.params_published_b * 1e9, -3);
      if (ref.active_params_published_b === undefined) {
        expect(m.published_active_parameters).toBeNull();
      } else {
        expect(m.published_active_parameters).toBeCloseTo(ref.active_params_published_b * 1e9, -3);
      }
    });
  });
});

/**
 * The models added beyond reference/models.json, as read from copies of their config.json
 * (hidden, intermediate, layers, heads, kv heads, head_dim, vocab, tied, positions).
 * A second, independent copy so that a mistyped figure fails.
 */
// prettier-ignore
const ADDED: Record<string, [number, number, number, number, number, number, number, boolean, number]> = {
  'mistral-small-24b': [5120, 32768, 40, 32, 8, 128, 131072, false, 32768],
  'phi-3.5-mini':      [3072, 8192, 32, 32, 32, 96, 32064, false, 131072],
  'phi-4-mini':        [3072, 8192, 32, 24, 8, 128, 200064, true, 131072],
  'qwen2.5-1.5b':      [1536, 8960, 28, 12, 2, 128, 151936, true, 131072],
  'qwen2.5-3b':        [2048, 11008, 36, 16, 2, 128, 151936, true, 32768],
  'qwen3-4b':          [2560, 9728, 36, 32, 8, 128, 151936, true, 40960],
  'qwen3-14b':         [5120, 17408, 40, 40, 8, 128, 151936, false, 40960],
  'deepseek-r1':       [7168, 18432, 61, 128, 128, 192, 129280, false, 163840],
};

describe('MODEL_PRESETS added beyond the reference', () => {
  it('covers every added model', () => {
    const referenceIds = new Set(REFERENCE.map((r) => r.id));
    const added = MODEL_PRESETS.filter((m) => !referenceIds.has(m.id)).map((m) => m.id);
    expect(added.sort()).toEqual(Object.keys(ADDED).sort());
  });

  it.each(Object.entries(ADDED))('%s matches its config.json', (id, dims) => {
    const m = preset(id);
    expect([
      m.hidden_size,
      m.intermediate_size,
      m.num_layers,
      m.num_attention_heads,
      m.num_kv_heads,
      m.head_dim,
      m.vocab_size,
      m.tie_word_embeddings,
      m.max_position_embeddings,
    ]).toEqual(dims);
    expect(m.source).toBe(`https://huggingface.co/${m.hf_repo}/blob/main/config.json`);
    expect(m.notes).toMatch(/^Added \(not in reference\/\)/);
  });
});

describe('MODEL_PRESETS catalogue', () => {
  it('has at least 45 models with unique lower-case ids and unique names', () => {
    expect(MODEL_PRESETS.length).toBeGreaterThanOrEqual(45);
    const ids = MODEL_PRESETS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9.-]*$/);
    const names = MODEL_PRESETS.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('adds well-known models beyond the reference file', () => {
    const referenceIds = new Set(REFERENCE.map((r) => r.id));
    const added = MODEL_PRESETS.filter((m) => !referenceIds.has(m.id)).map((m) => m.id);
    expect(added.length).toBeGreaterThanOrEqual(4);
    expect(added).toEqual(expect.arrayContaining(['qwen2.5-3b', 'qwen3-14b', 'deepseek-r1']));
  });

  it('keeps each family contiguous (catalogue order is picker order)', () => {
    const seen = new Set<string>();
    let previous = '';
    for (const m of MODEL_PRESETS) {
      if (m.family !== previous) {
        expect(seen.has(m.family)).toBe(false);
        seen.add(m.family);
        previous = m.family;
      }
    }
  });

  describe.each(MODEL_PRESETS.map((m) => [m.id, m] as const))('%s', (_id, m) => {
    it('is cited and described in one line', () => {
      expect(m.source.trim()).not.toBe('');
      expect(m.source).toMatch(/^https:\/\/huggingface\.co\/.+\/config\.json/);
      expect(m.name.trim()).not.toBe('');
      expect(m.family.trim()).not.toBe('');
      expect(m.notes).not.toMatch(/\n/);
      expect(m.notes.length).toBeLessThanOrEqual(160);
    });

    it('has positive whole-number dimensions', () => {
      for (const value of [
        m.hidden_size,
        m.intermediate_size,
        m.num_layers,
        m.num_attention_heads,
        m.num_kv_heads,
        m.head_dim,
        m.vocab_size,
        m.num_experts,
        m.experts_per_token,
        m.expert_intermediate_size,
      ]) {
        expect(Number.isInteger(value) && value > 0).toBe(true);
      }
      expect(m.experts_per_token).toBeLessThanOrEqual(m.num_experts);
      expect(m.first_dense_layers).toBeLessThan(m.num_layers);
    });

    it('has KV heads that divide the attention heads (except MLA)', () => {
      if (m.kv_lora_rank === null) {
        expect(m.num_attention_heads % m.num_kv_heads).toBe(0);
        expect(m.qk_rope_head_dim).toBeNull();
      } else {
        expect(m.qk_rope_head_dim).not.toBeNull();
      }
    });

    it('has a coherent sliding window', () => {
      if (m.sliding_window_pattern !== null) expect(m.sliding_window).not.toBeNull();
      if (m.sliding_window !== null) expect(m.sliding_window).toBeGreaterThan(0);
    });

    it('has an architecture whose weight count matches the published parameters (within 5%)', () => {
      expect(m.published_parameters).not.toBeNull();
      const { total, active } = countParameters(m);
      expect(Math.abs(total / (m.published_parameters ?? 0) - 1)).toBeLessThan(0.05);
      if (m.num_experts > 1) {
        expect(m.published_active_parameters).not.toBeNull();
        expect(Math.abs(active / (m.published_active_parameters ?? 0) - 1)).toBeLessThan(0.05);
      } else {
        expect(m.published_active_parameters).toBeNull();
      }
    });
  });

  it('gives Gemma 2 an alternating and Gemma 3 a 5:1 local/global pattern', () => {
    for (const m of MODEL_PRESETS) {
      if (m.family === 'Gemma 2') expect([m.sliding_window, m.sliding_window_pattern]).toEqual([4096, 2]);
      if (m.family === 'Gemma 3') expect(m.sliding_window_pattern).toBe(6);
      if (m.family !== 'Gemma 2' && m.family !== 'Gemma 3') expect(m.sliding_window_pattern).toBeNull();
    }
  });

  it('marks the GPT-2/Phi-2/Falcon/Qwen2.5 peculiarities', () => {
    const byId = (id: string) => preset(id);
    expect(byId('gpt2')).toMatchObject({
      ffn_type: 'plain',
      norm_type: 'layernorm',
      attention_bias: true,
      mlp_bias: true,
      learned_position_embeddings: true,
    });
    expect(byId('phi-2')).toMatchObject({
      ffn_type: 'plain',
      norm_type: 'layernorm',
      attention_bias: true,
      mlp_bias: true,
    });
    expect(byId('falcon-40b')).toMatchObject({
      ffn_type: 'plain',
      norm_type: 'layernorm',
      attention_bias: false,
    });
    for (const m of MODEL_PRESETS.filter((p) => p.family === 'Qwen2.5')) expect(m.attention_bias).toBe(true);
    expect(byId('llama-3.1-8b')).toMatchObject({
      attention_bias: false,
      mlp_bias: false,
      norm_type: 'rmsnorm',
    });
  });

  it('gives DeepSeek-R1 the DeepSeek-V3 architecture', () => {
    const identity = new Set(['id', 'name', 'hf_repo', 'source', 'notes', 'release_year']);
    const architecture = (m: ModelPreset) => Object.fromEntries(Object.entries(m).filter(([key]) => !identity.has(key)));
    expect(architecture(preset('deepseek-r1'))).toEqual(architecture(preset('deepseek-v3')));
  });
});
