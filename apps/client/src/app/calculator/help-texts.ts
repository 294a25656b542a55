/**
 * What every input and result figure means and how it is computed (shared/docs/calculation-model.md).
 * One dictionary, so the tooltips stay consistent with each other and with the engine.
 */
export const HELP = {
  // Model
  mode: 'Preset: send the catalogue id, so the server uses its cited architecture. Custom: send the fields below.',
  preset: 'A model from the catalogue. Picking one fills the custom fields below so you can start from it and edit.',
  name: 'A label for this model in results and history. Shown as text, never as markup.',
  hidden_size: 'd: width of the residual stream (config.json hidden_size).',
  intermediate_size: 'd_ff: inner size of the dense feed-forward block (also of MoE models\' first dense layers).',
  num_layers: 'L: number of transformer blocks (num_hidden_layers).',
  num_attention_heads: 'h: query heads per layer.',
  num_kv_heads: 'h_kv: key/value heads. Equal to h is MHA, 1 is MQA, in between GQA; fewer heads mean a smaller KV cache.',
  head_dim: 'd_h: size of each attention head, usually d / h.',
  vocab_size: 'V: vocabulary size. Embedding = V × d parameters; the output head another V × d unless tied.',
  tie_word_embeddings: 'The output head reuses the embedding matrix, saving V × d parameters.',
  ffn_type: 'Gated (SwiGLU/GeGLU: 3 matrices, 3 × d × d_ff) as in Llama, Mistral, Qwen, Gemma; plain (2 matrices) as in GPT-2, Falcon.',
  num_experts: 'MoE: routed experts per layer (empty or 1 = dense). Weights memory counts all experts.',
  experts_per_token: 'MoE: experts each token is routed to (k). Compute counts only these (active parameters).',
  expert_intermediate_size: 'MoE: inner size of each expert\'s FFN (d_e). Empty = intermediate_size.',
  num_shared_experts: 'MoE: experts every token passes through, besides the routed ones.',
  first_dense_layers: 'MoE: leading layers with a dense FFN of intermediate_size (DeepSeek first_k_dense_replace).',
  kv_lora_rank: 'DeepSeek MLA: rank of the compressed KV latent. Set, the KV cache holds kv_lora_rank + qk_rope_head_dim elements per token per layer.',
  qk_rope_head_dim: 'DeepSeek MLA: the decoupled RoPE key dimension, shared across heads.',
  sliding_window: 'Sliding-window attention: local layers keep only this many tokens in their KV cache.',
  sliding_window_pattern: 'Every Nth layer attends globally, the others locally (Gemma 2: 2, Gemma 3: 6). Empty with a window = every layer local.',
  // Inference
  sequence_length: 'Prompt (context) tokens per sequence, prefilled at once.',
  output_tokens: 'Tokens generated per sequence. The KV cache holds prompt + output tokens.',
  batch_size: 'Sequences processed together. More batch raises aggregate throughput and the KV cache.',
  precision: 'Storage format of the weights. GGUF formats include their block scales (q4_k_m ≈ 4.85 bits per weight). A format the GPU cannot run is disabled.',
  kv_cache_precision: 'Element format of the KV cache (bytes per element b_kv).',
  // Hardware
  gpu: 'The accelerator: its memory, bandwidth and dense peak FLOP/s per format come from the catalogue.',
  num_gpus: 'GPUs in the deployment.',
  tensor_parallel: 'Tensor parallelism t: each layer\'s matrices split across t GPUs; weights, KV cache and compute divide by t, plus two all-reduces per layer.',
  pipeline_parallel: 'Pipeline parallelism p: layers split into p stages; memory divides by p, single-stream latency does not improve.',
  efficiency: 'Compute efficiency: the fraction of peak FLOP/s that matrix multiplications reach. Default 0.42, fitted to measured prefill runs; the original tool\'s "efficiency factor" was typically 0.2–0.3.',
  memory_efficiency: 'Memory-bandwidth efficiency: the fraction of peak bandwidth that decode reaches. Default 0.75, fitted to measured decode runs (60–90% on NVIDIA GPUs).',
  price_per_gpu_hour: 'USD per GPU-hour, filled from the GPU\'s indicative cloud price when you pick a GPU. Edit it to your own rate; empty leaves it to the server (the GPU\'s price, or no cost when it has none).',
  // Model tools
  saved_models: 'Custom models saved on the server under a name. Load one into the custom fields, then Calculate.',
  import_config: 'Paste a Hugging Face config.json (or upload the file): its keys are mapped to the custom fields. Keys that do not change the calculation are listed as not understood.',
  calibrate: 'Give a speed you measured for this exact configuration: the efficiency that reproduces it is fitted. Decode tokens/s (one sequence) fits the memory efficiency, a prefill time the compute efficiency.',
  // Results: model
  total_parameters: 'All weights: L × (attention + FFN + norms) + embedding + output head. Weights memory uses this.',
  active_parameters: 'Weights used per token: equal to the total for dense models; for MoE only the k routed (+ shared) experts. Compute uses this.',
  // Results: memory
  weights_bytes: 'Weights = total parameters × bytes per weight. The model adds 5% on top (shown apart).',
  kv_cache_bytes: 'KV cache = 2 × layers × KV heads × head dim × (prompt + output tokens) × batch × bytes per element (MLA and sliding windows use their own size). The model adds 5% on top (shown apart).',
  activations_bytes: 'Peak transient working set of one forward pass at prefill: about batch × prompt × (2d + 2 d_ff) × bytes, +10%. One layer is live at a time.',
  overheads: 'The allowances the model adds on top of the raw sizes: +5% on weights, +5% on the KV cache, +10% on activations, then 5% system overhead (CUDA context, allocator fragmentation, buffers).',
  system_overhead_bytes: 'CUDA context, allocator fragmentation and buffers: 5% of weights + KV cache + activations.',
  total_bytes: 'Total = (weights + KV cache + activations) × 1.05, across all GPUs.',
  per_gpu_bytes: 'Per GPU: weights and KV cache divide by tensor × pipeline parallel, activations by tensor parallel.',
  gpu_memory_bytes: 'The capacity of one GPU (vendor label: 80 GB = 80 × 10^9 bytes).',
  fits: 'Fits when the per-GPU need is no more than one GPU\'s memory.',
  headroom_bytes: 'GPU memory − per-GPU need; negative when it does not fit.',
  max_batch_size: 'The largest batch at this context that still fits (0 when not even 1 fits).',
  max_sequence_length: 'The longest prompt + output context at this batch that still fits.',
  min_gpus: 'The fewest GPUs (tensor parallel) that hold this configuration, counting only GPU counts that divide the attention heads (serving frameworks require it). None: more GPUs than heads would be needed, so add pipeline parallelism.',
  // Results: compute
  attention_flops: 'Attention FLOPs of the prefill (whole prompt, whole batch): projections (2 × attention parameters per token) + scores (4 × h × d_h × context per layer).',
  feedforward_flops: 'Feed-forward FLOPs of the prefill: 2 × active FFN parameters × prompt tokens × batch (a multiply-add counts 2 FLOPs).',
  prefill_flops: 'The whole prompt across the batch: per-token FLOPs summed over positions (causal mask: mean context ≈ S/2).',
  per_token_flops: 'One generated token at the final context: 2 × active parameters + attention scores.',
  compute_precision: 'The format the GPU\'s matrix units run for this weight format (weight-only formats compute at 16 bit).',
  // Results: performance
  tokens_per_second: 'Per sequence: 1 / decode-step time at the mean context of the generation.',
  aggregate_tokens_per_second: 'Across the batch: batch / decode-step time.',
  prefill_latency_seconds: 'Time to process the prompt (time to first token): max(FLOPs / (peak × efficiency), bytes / (bandwidth × memory efficiency)).',
  per_token_latency_seconds: 'One decode step at the mean context: the longer of compute and memory time, plus communication.',
  time_for_1000_tokens_seconds: 'Prefill plus the decode of 1000 new tokens as the context grows.',
  total_latency_seconds: 'Prefill plus the decode of all output tokens as the context grows: the time to the last token of one request.',
  prefill_bound: 'Roofline: compute-bound when arithmetic intensity (FLOPs per byte) is above the GPU\'s ridge point (peak FLOP/s ÷ bandwidth), memory-bound below it.',
  decode_bound: 'Roofline of one decode step: at small batch each step reads all weights for few FLOPs, so it is usually memory-bound.',
  cost: 'Cost per hour = GPUs × price per GPU-hour; per million tokens = cost per hour ÷ (aggregate tokens/s × 3600) × 10^6.',
} as const;

export type HelpKey = keyof typeof HELP;
