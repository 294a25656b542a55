import { cliCommand, shellQuote } from './cli-command';

describe('shellQuote', () => {
  it('leaves plain words alone and single-quotes the rest', () => {
    expect(shellQuote('llama-3.1-8b')).toBe('llama-3.1-8b');
    expect(shellQuote('0.42')).toBe('0.42');
    expect(shellQuote('my model')).toBe("'my model'");
    expect(shellQuote("Bob's model")).toBe("'Bob'\\''s model'");
    expect(shellQuote('$(rm -rf ~); `x` "y" \\z')).toBe('\'$(rm -rf ~); `x` "y" \\z\'');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('a\nb')).toBe("'a\nb'");
  });
});

describe('cliCommand', () => {
  it('writes every request field as its kebab-case option', () => {
    expect(
      cliCommand({
        model: 'llama-3.1-8b',
        gpu: 'h100-sxm',
        precision: 'bf16',
        batch_size: 4,
        sequence_length: 8192,
        output_tokens: 1000,
        efficiency: 0.42,
        memory_efficiency: 0.75,
        price_per_gpu_hour: 2.5,
      }),
    ).toBe(
      'npm run calc -- calculate --model llama-3.1-8b --gpu h100-sxm --sequence-length 8192 --output-tokens 1000 --batch-size 4 --precision bf16 ' +
        '--efficiency 0.42 --memory-efficiency 0.75 --price-per-gpu-hour 2.5',
    );
  });

  it('expands a custom model, with --model-name, flags and quoting', () => {
    const command = cliCommand({
      custom_model: {
        name: "it's -- mine",
        hidden_size: 1024,
        intermediate_size: 4096,
        num_layers: 8,
        num_attention_heads: 8,
        num_kv_heads: 2,
        head_dim: 128,
        vocab_size: 32000,
        tie_word_embeddings: false,
        ffn_type: 'gated',
        num_experts: 1,
        experts_per_token: 1,
        expert_intermediate_size: 4096,
        num_shared_experts: 0,
        first_dense_layers: 0,
        kv_lora_rank: null,
        qk_rope_head_dim: null,
        sliding_window: 4096,
        sliding_window_pattern: null,
        attention_bias: true,
        norm_type: 'layernorm',
      },
      gpu: 'a100-80gb',
    });
    expect(command).toBe(
      "npm run calc -- calculate --model-name 'it'\\''s -- mine' --hidden-size 1024 --intermediate-size 4096 --num-layers 8 " +
        '--num-attention-heads 8 --num-kv-heads 2 --head-dim 128 --vocab-size 32000 --no-tie-word-embeddings --ffn-type gated ' +
        '--num-experts 1 --experts-per-token 1 --expert-intermediate-size 4096 --num-shared-experts 0 --first-dense-layers 0 ' +
        '--sliding-window 4096 --attention-bias --norm-type layernorm --gpu a100-80gb',
    );
  });

  it('keeps a value that starts with a dash a value', () => {
    expect(cliCommand({ custom_model: { name: '-rf' } as never })).toBe('npm run calc -- calculate --model-name=-rf');
    expect(cliCommand({ custom_model: { name: '--x y' } as never })).toBe("npm run calc -- calculate '--model-name=--x y'");
  });
});
