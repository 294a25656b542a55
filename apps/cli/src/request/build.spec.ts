import { CalculateRequestDto, validatePlain } from '@llm-calc/dto';
import { UsageError } from '../errors';
import { parseOptions } from '../options/parse';
import { CALCULATE_OPTIONS } from '../options/tables';
import { buildCalculateRequest, type ConfigReader } from './build';
import { RequestProblems, validateRequest, type RequestProblem } from './contract-problems';
import { annotate } from './problems';

const noConfig: ConfigReader = () => {
  throw new Error('no config expected');
};

function build(argv: string[], readConfig: ConfigReader = noConfig) {
  return buildCalculateRequest(parseOptions(argv, CALCULATE_OPTIONS), readConfig);
}

function contractProblems(request: Record<string, unknown>): readonly RequestProblem[] {
  try {
    validateRequest(CalculateRequestDto, request);
  } catch (e) {
    if (e instanceof RequestProblems) return e.problems;
    throw e;
  }
  return [];
}

function usageMessages(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof UsageError) return e.messages;
    throw e;
  }
  throw new Error('expected a UsageError');
}

describe('buildCalculateRequest', () => {
  it('maps every request option to its snake_case field', () => {
    const { request } = build([
      '--model',
      'llama-3.1-8b',
      '--gpu',
      'h100-sxm',
      '--sequence-length',
      '8192',
      '--output-tokens',
      '256',
      '--batch-size',
      '4',
      '--precision',
      'fp8',
      '--kv-cache-precision',
      'fp8',
      '--num-gpus',
      '2',
      '--tensor-parallel',
      '2',
      '--pipeline-parallel',
      '1',
      '--efficiency',
      '0.5',
      '--memory-efficiency',
      '0.9',
      '--no-flash-attention',
      '--price-per-gpu-hour',
      '3.5',
    ]);
    expect(request).toEqual({
      model: 'llama-3.1-8b',
      gpu: 'h100-sxm',
      sequence_length: 8192,
      output_tokens: 256,
      batch_size: 4,
      precision: 'fp8',
      kv_cache_precision: 'fp8',
      num_gpus: 2,
      tensor_parallel: 2,
      pipeline_parallel: 1,
      efficiency: 0.5,
      memory_efficiency: 0.9,
      flash_attention: false,
      price_per_gpu_hour: 3.5,
    });
    expect(() => validatePlain(CalculateRequestDto, request)).not.toThrow();
  });

  it('assembles custom_model and custom_gpu from their options', () => {
    const { request } = build([
      '--model-name',
      'tiny',
      '--hidden-size',
      '4096',
      '--intermediate-size',
      '14336',
      '--num-layers',
      '32',
      '--num-attention-heads',
      '32',
      '--num-kv-heads',
      '8',
      '--head-dim',
      '128',
      '--vocab-size',
      '128256',
      '--tie-word-embeddings',
      '--ffn-type',
      'gated',
      '--num-experts',
      '8',
      '--experts-per-token',
      '2',
      '--expert-intermediate-size',
      '1408',
      '--num-shared-experts',
      '1',
      '--first-dense-layers',
      '1',
      '--kv-lora-rank',
      '512',
      '--qk-rope-head-dim',
      '64',
      '--sliding-window',
      '4096',
      '--sliding-window-pattern',
      '2',
      '--gpu-name',
      'My GPU',
      '--gpu-memory-bytes',
      '48e9',
      '--gpu-bandwidth',
      '9.6e11',
      '--gpu-peak-flops',
      'fp16=1.8e14,bf16=1.8e14',
      '--gpu-interconnect',
      '6.4e10',
    ]);
    expect(request).toEqual({
      custom_model: {
        name: 'tiny',
        hidden_size: 4096,
        intermediate_size: 14336,
        num_layers: 32,
        num_attention_heads: 32,
        num_kv_heads: 8,
        head_dim: 128,
        vocab_size: 128256,
        tie_word_embeddings: true,
        ffn_type: 'gated',
        num_experts: 8,
        experts_per_token: 2,
        expert_intermediate_size: 1408,
        num_shared_experts: 1,
        first_dense_layers: 1,
        kv_lora_rank: 512,
        qk_rope_head_dim: 64,
        sliding_window: 4096,
        sliding_window_pattern: 2,
      },
      custom_gpu: {
        name: 'My GPU',
        memory_bytes: 48e9,
        memory_bandwidth_bytes_per_second: 9.6e11,
        peak_flops: { fp16: 1.8e14, bf16: 1.8e14 },
        interconnect_bandwidth_bytes_per_second: 6.4e10,
      },
    });
    expect(() => validatePlain(CalculateRequestDto, request)).not.toThrow();
  });

  it('reports every malformed number and parse problem at once, naming the options', () => {
    const messages = usageMessages(() => build(['--model', 'x', '--sequence-length', '12abc', '--batch-size', '', '--bogus', 'extra']));
    expect(messages).toEqual([
      'unknown option --bogus',
      'calculate takes options only; unexpected argument "extra"',
      '--sequence-length must be a number (got "12abc")',
      '--batch-size must be a number (got "")',
    ]);
  });

  it('leaves ranges to the contract, whose problems then name the option', () => {
    const { request, origins } = build([
      '--model',
      'llama-3.1-8b',
      '--gpu',
      'h100-sxm',
      '--batch-size',
      '0',
      '--precision',
      'fp7',
      '--num-kv-heads',
      '1.5',
    ]);
    const messages = contractProblems(request).map((p) => annotate(p, origins));
    expect(messages).toContain('batch_size must not be less than 1 (--batch-size)');
    expect(messages.find((m) => m.startsWith('precision must be one of'))).not.toMatch(/\(--precision\)$/);
    expect(messages.some((m) => m.startsWith('custom_model.num_kv_heads must be an integer') && m.endsWith('(--num-kv-heads)'))).toBe(true);
  });

  it('takes --config as the custom model and lets options override it', () => {
    const { request, notes, origins } = build(['--config', 'cfg/config.json', '--num-layers', '2', '--gpu', 'h100-sxm'], () => ({
      hidden_size: 64,
      intermediate_size: 256,
      num_hidden_layers: 4,
      num_attention_heads: 4,
      vocab_size: 1000,
      tie_word_embeddings: true,
      rope_theta: 10000,
      fancy_new_thing: 1,
    }));
    expect(request['custom_model']).toEqual({
      name: 'cfg',
      hidden_size: 64,
      intermediate_size: 256,
      num_layers: 2,
      num_attention_heads: 4,
      vocab_size: 1000,
      tie_word_embeddings: true,
    });
    expect(notes).toEqual(['keys of cfg/config.json not understood (ignored): fancy_new_thing']);
    expect(origins.get('custom_model.num_layers')).toBe('--num-layers');
    expect(origins.get('custom_model.hidden_size')).toBe('cfg/config.json hidden_size');
  });
});
