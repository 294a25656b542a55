import { calculateResponse } from '../testing/fixtures';
import { sharedInputsFromParams } from '../calculator/share-params';
import { INITIAL_HISTORY_VIEW, paramsFromView, viewFromParams } from './history-query';
import { reopenParams } from './reopen-link';

describe('the history view in the URL', () => {
  it('a plain /visualize is the default view, and the default view writes no parameters', () => {
    expect(viewFromParams({})).toEqual(INITIAL_HISTORY_VIEW);
    expect(paramsFromView(INITIAL_HISTORY_VIEW)).toEqual({});
  });

  it('round-trips page, size, sort, order and filters with the API parameter names', () => {
    const view = {
      ...INITIAL_HISTORY_VIEW,
      pageIndex: 2,
      pageSize: 50,
      sort: 'tokens_per_second' as const,
      order: 'asc' as const,
      q: 'fp8',
      model: 'llama',
      gpu: 'h100',
      source: 'cli' as const,
    };
    const params = paramsFromView(view);
    expect(params).toEqual({
      page: '3',
      page_size: '50',
      sort: 'tokens_per_second',
      order: 'asc',
      q: 'fp8',
      model: 'llama',
      gpu: 'h100',
      source: 'cli',
    });
    expect(viewFromParams(params)).toEqual(view);
  });

  it('ignores what does not parse rather than asking the server for it', () => {
    const view = viewFromParams({ page: '0', page_size: '33', sort: 'evil', order: 'sideways', source: 'db', model: 'x'.repeat(300) });
    expect(view).toEqual({ ...INITIAL_HISTORY_VIEW, model: 'x'.repeat(200) });
    expect(viewFromParams({ page: '2.5' }).pageIndex).toBe(0);
  });
});

describe('reopening a run in the calculator', () => {
  it("carries a preset run's inputs as share-link parameters the calculator reads back", () => {
    const run = calculateResponse({
      inputs: {
        ...calculateResponse().inputs,
        num_gpus: 3,
        tensor_parallel: 1,
        output_tokens: 256,
        precision: 'fp8',
        price_per_gpu_hour: 2.5,
      },
    });
    const params = reopenParams(run);
    expect(params).toMatchObject({
      model: 'llama-3.1-8b',
      gpu: 'h100-sxm',
      num_gpus: '3',
      output_tokens: '256',
      precision: 'fp8',
      price_per_gpu_hour: '2.5',
    });
    const shared = sharedInputsFromParams(params ?? {});
    expect(shared).toMatchObject({
      mode: 'preset',
      preset: 'llama-3.1-8b',
      inference: { sequence_length: 4096, output_tokens: 256, batch_size: 1, precision: 'fp8', kv_cache_precision: 'bf16' },
      hardware: {
        gpu: 'h100-sxm',
        num_gpus: 3,
        tensor_parallel: 1,
        pipeline_parallel: 1,
        efficiency: 0.3,
        memory_efficiency: 0.8,
        price_per_gpu_hour: 2.5,
      },
    });
  });

  it('carries a custom model field by field; a custom GPU cannot be linked', () => {
    const base = calculateResponse();
    const custom = calculateResponse({
      inputs: {
        ...base.inputs,
        model: null,
        custom_model: {
          name: 'Mine',
          hidden_size: 2048,
          intermediate_size: 8192,
          num_layers: 16,
          num_attention_heads: 16,
          num_kv_heads: 4,
          head_dim: 128,
          vocab_size: 32000,
          tie_word_embeddings: true,
          ffn_type: 'gated',
        } as never,
      },
    });
    const shared = sharedInputsFromParams(reopenParams(custom) ?? {});
    expect(shared?.mode).toBe('custom');
    expect(shared?.custom).toMatchObject({ name: 'Mine', hidden_size: 2048, num_layers: 16, num_kv_heads: 4, tie_word_embeddings: true });
    expect(reopenParams(calculateResponse({ inputs: { ...base.inputs, gpu: null, custom_gpu: {} as never } }))).toBeNull();
  });
});
