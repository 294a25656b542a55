import { collapseMissingKeys, humanizeMessage, humanizeMessages } from './server-messages';

describe('humanizeMessage', () => {
  it('names fields as the form labels them and writes the product sign', () => {
    expect(humanizeMessage('num_gpus must be a multiple of tensor_parallel * pipeline_parallel (4)')).toEqual({
      field: 'num_gpus',
      text: 'Number of GPUs must be a multiple of Tensor parallel × Pipeline parallel (4)',
    });
  });

  it('formats long whole numbers but leaves ids, decimals and short numbers alone', () => {
    expect(
      humanizeMessage(
        'The context (10001000 tokens = sequence_length + output_tokens) exceeds the 131072 tokens Llama 3.1 8B was trained for',
      ).text,
    ).toBe(
      'The context (10,001,000 tokens = Sequence length (prompt tokens) + Output tokens) exceeds the 131,072 tokens Llama 3.1 8B was trained for',
    );
    expect(humanizeMessage("gpu 'h100-80000' at 0.123456 and 4096").text).toBe("GPU 'h100-80000' at 0.123456 and 4096");
  });

  it('drops hints meant for developers and names the field of a nested one', () => {
    expect(humanizeMessage("model 'gpt-5' is not a known preset. Did you mean: gpt2? (GET /api/available_models lists them)")).toEqual({
      field: 'model',
      text: "Model 'gpt-5' is not a known preset. Did you mean: gpt2?",
    });
    expect(humanizeMessage('custom_model.hidden_size must not be less than 1')).toEqual({
      field: 'hidden_size',
      text: 'Hidden size must not be less than 1',
    });
  });

  it('leaves a one-word field inside a sentence as a word', () => {
    expect(humanizeMessage('the chosen model does not fit this gpu').text).toBe('the chosen model does not fit this gpu');
  });

  it('keeps each distinct line once', () => {
    expect(humanizeMessages(['batch_size must be an integer', 'batch_size must be an integer']).map((m) => m.text)).toEqual([
      'Batch size must be an integer',
    ]);
  });
});

describe('collapseMissingKeys', () => {
  const lines = [
    'config.json: vocab_size must be an integer number',
    'config.json: vocab_size must not be less than 1',
    'config.json: vocab_size must not be greater than 10000000',
    'config.json: hidden_size must not be less than 1',
  ];

  it('says once that a key the config lacks is missing, and keeps the other lines', () => {
    const config = { model_type: 'gemma3', text_config: { hidden_size: 0 } };
    expect(collapseMissingKeys(lines, config)).toEqual([
      'vocab_size is missing from this config: add it (see the model card) and import again',
      'config.json: hidden_size must not be less than 1',
    ]);
  });

  it('reads the server\'s one-line form too ("is required")', () => {
    expect(
      collapseMissingKeys(['config.json: vocab_size is required', 'config.json: text_config.head_dim is required'], { text_config: {} }),
    ).toEqual([
      'vocab_size is missing from this config: add it (see the model card) and import again',
      'head_dim is missing from this config: add it (see the model card) and import again',
    ]);
  });

  it('keeps the lines of a key that is present with a bad value', () => {
    expect(collapseMissingKeys(lines.slice(0, 1), { vocab_size: 'many' })).toEqual(lines.slice(0, 1));
  });
});
