/** Cost (calculation-model.md "Cost"): GPUs * price per GPU-hour, spread over the tokens made. */
export interface CostEstimate {
  pricePerGpuHour: number | null;
  costPerHour: number | null;
  /** USD per million generated tokens at the aggregate rate. */
  costPerMillionTokens: number | null;
}

/**
 * Cost of serving at a given aggregate speed: cost per hour = GPUs × price per GPU-hour (USD);
 * cost per million generated tokens = cost per hour ÷ (aggregate tokens/s × 3600) × 10^6
 * (docs/calculation-model.md, "Cost"). Null figures when no price is known or nothing is generated.
 */
export function inferenceCost(pricePerGpuHour: number | null, numGpus: number, aggregateTokensPerSecond: number): CostEstimate {
  if (pricePerGpuHour == null) return { pricePerGpuHour: null, costPerHour: null, costPerMillionTokens: null };
  const costPerHour = pricePerGpuHour * numGpus;
  const costPerMillionTokens = aggregateTokensPerSecond > 0 ? (costPerHour / (aggregateTokensPerSecond * 3600)) * 1e6 : null;
  return { pricePerGpuHour, costPerHour, costPerMillionTokens };
}
