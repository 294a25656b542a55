/**
 * Communication under tensor and pipeline parallelism (calculation-model.md "Tensor parallelism";
 * Megatron-LM: two all-reduces per layer, one after attention and one after the FFN).
 */

/** Per-collective launch and synchronisation latency, seconds (NCCL small-message latency is a few µs). */
export const COLLECTIVE_LATENCY_SECONDS = 5e-6;

/** Used when a GPU's interconnect bandwidth is unknown (0): PCIe 4.0 x16, per direction. */
export const FALLBACK_INTERCONNECT_BYTES_PER_SECOND = 32e9;

/** Ring all-reduce of `bytes` over t GPUs: 2 (t-1)/t of the data crosses each link, plus latency. */
export function allReduceSeconds(bytes: number, tensorParallel: number, linkBytesPerSecond: number): number {
  if (tensorParallel <= 1) return 0;
  const bw = linkBytesPerSecond > 0 ? linkBytesPerSecond : FALLBACK_INTERCONNECT_BYTES_PER_SECOND;
  return ((2 * (tensorParallel - 1)) / tensorParallel) * (bytes / bw) + COLLECTIVE_LATENCY_SECONDS;
}

/** Point-to-point activation transfers between p pipeline stages for one forward pass. */
export function pipelineTransferSeconds(bytes: number, pipelineParallel: number, linkBytesPerSecond: number): number {
  if (pipelineParallel <= 1) return 0;
  const bw = linkBytesPerSecond > 0 ? linkBytesPerSecond : FALLBACK_INTERCONNECT_BYTES_PER_SECOND;
  return (pipelineParallel - 1) * (bytes / bw + COLLECTIVE_LATENCY_SECONDS);
}

/**
 * Communication of one forward pass over `tokens` tokens (B*S in prefill, B in decode):
 * 2 all-reduces per layer of tokens*d*b_a bytes, plus the pipeline hand-offs.
 */
export function forwardCommunicationSeconds(args: {
  tokens: number;
  hiddenSize: number;
  numLayers: number;
  bytesPerActivation: number;
  tensorParallel: number;
  pipelineParallel: number;
  linkBytesPerSecond: number;
}): number {
  const message = args.tokens * args.hiddenSize * args.bytesPerActivation;
  return (
    2 * args.numLayers * allReduceSeconds(message, args.tensorParallel, args.linkBytesPerSecond) +
    pipelineTransferSeconds(message, args.pipelineParallel, args.linkBytesPerSecond)
  );
}
