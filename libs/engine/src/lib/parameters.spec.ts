import {
  attentionParamsPerLayer,
  attentionType,
  ffnParams,
  isMla,
  isMoe,
  moeLayerCount,
  normParamsPerLayer,
  parameterCounts,
} from '../index';
import type { ModelArchitecture } from '../index';
import { DEEPSEEK_V3, GEMMA_2_9B, LLAMA_2_7B, LLAMA_31_8B, MIXTRAL_8X7B } from '../testing/fixtures';

/** |actual / expected - 1| <= tol */
function expectRelativelyClose(actual: number, expected: number, tol: number): void {
  expect(Math.abs(actual / expected - 1)).toBeLessThanOrEqual(tol);
}

describe('parameterCounts: worked examples', () => {
  it('Llama-2-7B has exactly 6,738,415,616 parameters', () => {
    // d = 4096, d_ff = 11008, L = 32, h = h_kv = 32, d_h = 128, V = 32000, untied.
    // attention/layer = 4 d^2                 =  67,108,864
    // FFN/layer (gated) = 3 d d_ff            = 135,266,304
    // norms/layer = 2 d                       =       8,192
    // per layer                               = 202,383,360; x 32 = 6,476,267,520
    // embedding + head = 2 V d                =   262,144,000
    // final norm = d                          =         4,096
    // total                                   = 6,738,415,616 (HF model card: 6.74B)
    const c = parameterCounts(LLAMA_2_7B);
    expect(c.attentionPerLayer).toBe(67_108_864);
    expect(c.embedding).toBe(131_072_000);
    expect(c.head).toBe(131_072_000);
    expect(c.total).toBe(6_738_415_616);
    expect(c.active).toBe(c.total);
  });

  it('Llama 3.1 8B has exactly 8,030,261,248 parameters', () => {
    // d = 4096, d_ff = 14336, L = 32, h = 32, h_kv = 8, d_h = 128, V = 128256, untied.
    // attention/layer = 2 d^2 + 2 d (8*128)   = 33,554,432 + 8,388,608 = 41,943,040
    // FFN/layer = 3 * 4096 * 14336            = 176,160,768
    // per layer incl. 2d norms                = 218,112,000; x 32 = 6,979,584,000
    // embeddings 2 * 128256 * 4096            = 1,050,673,152; final norm 4096
    // total                                   = 8,030,261,248
    const c = parameterCounts(LLAMA_31_8B);
    expect(c.attentionPerLayer).toBe(41_943_040);
    expect(c.ffnTotal).toBe(32 * 176_160_768);
    expect(c.total).toBe(8_030_261_248);
  });

  it('Mixtral 8x7B: 46.70e9 total, 12.88e9 active (reference/models.json params_computed_b 46.703, active 12.88)', () => {
    // Llama-3.1-8B attention (41,943,040) with V = 32000; expert = 3*4096*14336 = 176,160,768,
    // router d*E = 32,768. Per layer total = att + 8 experts + router + 2d norms.
    // total  = 32 * (41,943,040 + 8*176,160,768 + 32,768 + 8,192) + 4096 + 2*32000*4096 = 46,702,792,704
    // active = 32 * (41,943,040 + 2*176,160,768 + 32,768 + 8,192) + 4096 + 262,144,000  = 12,879,925,248
    const c = parameterCounts(MIXTRAL_8X7B);
    expect(c.total).toBe(46_702_792_704);
    expect(c.active).toBe(12_879_925_248);
    expectRelativelyClose(c.total, 46.7e9, 1e-3);
    expectRelativelyClose(c.active, 12.88e9, 1e-3);
    expect(c.perExpert).toBe(176_160_768);
    expect(c.moeLayers).toBe(32);
  });

  it('DeepSeek-V3: 671.0e9 total, 37.55e9 active (reference/models.json params_computed_b 671.026, active_params_computed_b 37.552)', () => {
    // MLA attention/layer: q = d*q_rank + q_rank + q_rank*h*192 = 48,760,320;
    //   kv down = d*(512+64) + 512 = 4,129,280; kv up = 512*128*(128+128) = 16,777,216;
    //   out = 128*128*7168 = 117,440,512; sum = 187,107,328.
    // FFN: 3 dense layers of 3*7168*18432; 58 MoE layers of 256 routed + 1 shared expert of
    //   3*7168*2048 each plus router 7168*256. Norms 2d per layer + d. Embedding + head 2*129280*7168.
    // total = 671,026,404,352; active (8 routed + shared) = 37,552,282,624.
    const c = parameterCounts(DEEPSEEK_V3);
    expect(c.attentionPerLayer).toBe(187_107_328);
    expect(c.moeLayers).toBe(58);
    expect(c.total).toBe(671_026_404_352);
    expect(c.active).toBe(37_552_282_624);
    expectRelativelyClose(c.total, 671.026e9, 1e-5);
    expectRelativelyClose(c.active, 37.552e9, 1e-4);
  });

  it('Gemma 2 9B: 9.241e9 with tied embeddings (reference/models.json params_computed_b 9.241)', () => {
    // attention = d*h*d_h*2 + 2*d*h_kv*d_h = 3584*4096*2 + 2*3584*2048 = 44,040,192
    // FFN = 3*3584*14336 = 154,140,672; norms 2d. L = 42.
    // total = 42*(44,040,192 + 154,140,672 + 7,168) + 3584 + 256000*3584 = 9,241,404,928
    const c = parameterCounts(GEMMA_2_9B);
    expect(c.head).toBe(0);
    expect(c.total).toBe(9_241_404_928);
    expectRelativelyClose(c.total, 9.241e9, 1e-4);
  });

  it('tied embeddings drop exactly V*d, but the head still multiplies', () => {
    const untied = parameterCounts(LLAMA_31_8B);
    const tied = parameterCounts({ ...LLAMA_31_8B, tie_word_embeddings: true });
    expect(untied.total - tied.total).toBe(128256 * 4096);
    expect(tied.head).toBe(0);
    expect(tied.headMatmul).toBe(untied.headMatmul);
    expect(tied.headMatmul).toBe(128256 * 4096);
  });

  it('a plain FFN uses 2 matrices, a gated one 3', () => {
    const plain: ModelArchitecture = { ...LLAMA_2_7B, ffn_type: 'plain' };
    expect(ffnParams(plain, 11008)).toBe(2 * 4096 * 11008);
    expect(ffnParams(LLAMA_2_7B, 11008)).toBe(3 * 4096 * 11008);
    // the whole model loses one d*d_ff matrix per layer
    expect(parameterCounts(LLAMA_2_7B).total - parameterCounts(plain).total).toBe(32 * 4096 * 11008);
  });

  it('biases: q/k/v biases add h*d_h + 2*h_kv*d_h, mlp_bias adds the output and FFN biases', () => {
    const base = attentionParamsPerLayer(LLAMA_31_8B);
    expect(attentionParamsPerLayer({ ...LLAMA_31_8B, attention_bias: true }) - base).toBe(32 * 128 + 2 * 8 * 128);
    expect(attentionParamsPerLayer({ ...LLAMA_31_8B, mlp_bias: true }) - base).toBe(4096);
    // gated: 2 inner biases (gate, up) + d (down); plain: d_ff + d
    expect(ffnParams({ ...LLAMA_31_8B, mlp_bias: true }, 100) - ffnParams(LLAMA_31_8B, 100)).toBe(200 + 4096);
    const plain: ModelArchitecture = { ...LLAMA_31_8B, ffn_type: 'plain' };
    expect(ffnParams({ ...plain, mlp_bias: true }, 100) - ffnParams(plain, 100)).toBe(100 + 4096);
  });

  it('LayerNorm doubles the norm weights; learned positions add max_position_embeddings * d', () => {
    expect(normParamsPerLayer(LLAMA_2_7B)).toBe(2 * 4096);
    expect(normParamsPerLayer({ ...LLAMA_2_7B, norm_type: 'layernorm' })).toBe(4 * 4096);
    const ln = parameterCounts({ ...LLAMA_2_7B, norm_type: 'layernorm' });
    // 32 layers * 2 extra d + one extra final d
    expect(ln.total - parameterCounts(LLAMA_2_7B).total).toBe(32 * 2 * 4096 + 4096);
    const pos = parameterCounts({ ...LLAMA_2_7B, learned_position_embeddings: true });
    expect(pos.total - parameterCounts(LLAMA_2_7B).total).toBe(4096 * 4096);
  });

  it('GPT-2 small (124M): plain FFN, biases, LayerNorm, learned positions, tied head', () => {
    // d = 768, L = 12, h = 12, d_h = 64, d_ff = 3072, V = 50257, 1024 positions.
    // attention = 4 d^2 + 3d (qkv bias) + d (out bias) = 2,362,368
    // FFN = 2 d d_ff + d_ff + d = 4,722,432; norms 2 * 2d = 3,072; per layer 7,087,872; x12 = 85,054,464
    // embeddings (50257 + 1024) * 768 = 39,383,808; final LayerNorm 2d = 1,536
    // total = 124,439,808 (the published GPT-2 count)
    const gpt2: ModelArchitecture = {
      ...LLAMA_2_7B,
      name: 'gpt2',
      hidden_size: 768,
      intermediate_size: 3072,
      expert_intermediate_size: 3072,
      num_layers: 12,
      num_attention_heads: 12,
      num_kv_heads: 12,
      head_dim: 64,
      vocab_size: 50257,
      tie_word_embeddings: true,
      ffn_type: 'plain',
      attention_bias: true,
      mlp_bias: true,
      norm_type: 'layernorm',
      learned_position_embeddings: true,
      max_position_embeddings: 1024,
    };
    expect(parameterCounts(gpt2).total).toBe(124_439_808);
  });

  it('active = total for dense models, blockMatmulActive excludes embeddings and norms', () => {
    const c = parameterCounts(LLAMA_2_7B);
    expect(c.blockMatmulActive).toBe(32 * (67_108_864 + 135_266_304));
    expect(c.headMatmul).toBe(32000 * 4096);
  });

  it('classifies attention and MoE', () => {
    expect(attentionType(LLAMA_2_7B)).toBe('MHA');
    expect(attentionType(LLAMA_31_8B)).toBe('GQA');
    expect(attentionType({ ...LLAMA_31_8B, num_kv_heads: 1 })).toBe('MQA');
    expect(attentionType(DEEPSEEK_V3)).toBe('MLA');
    expect(isMla(DEEPSEEK_V3)).toBe(true);
    expect(isMla(LLAMA_31_8B)).toBe(false);
    expect(isMoe(MIXTRAL_8X7B)).toBe(true);
    expect(isMoe(LLAMA_31_8B)).toBe(false);
    expect(moeLayerCount(LLAMA_31_8B)).toBe(0);
    expect(moeLayerCount(DEEPSEEK_V3)).toBe(61 - 3);
  });
});
