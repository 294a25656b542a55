import { inferenceCost } from '../index';

describe('inferenceCost', () => {
  it('cost per hour = GPUs * price; per million tokens = cost per hour / (tokens/s * 3600) * 1e6', () => {
    // 4 GPUs * $2.50 = $10/h; 1000 tokens/s = 3.6e6 tokens/h -> $10 / 3.6 = $2.777... per million
    const c = inferenceCost(2.5, 4, 1000);
    expect(c.pricePerGpuHour).toBe(2.5);
    expect(c.costPerHour).toBe(10);
    expect(c.costPerMillionTokens).toBeCloseTo(10 / 3.6, 12);
  });

  it('no price -> all null', () => {
    expect(inferenceCost(null, 4, 1000)).toEqual({ pricePerGpuHour: null, costPerHour: null, costPerMillionTokens: null });
  });

  it('no throughput -> no cost per token, but a cost per hour', () => {
    expect(inferenceCost(3, 2, 0)).toEqual({ pricePerGpuHour: 3, costPerHour: 6, costPerMillionTokens: null });
  });

  it('a free GPU costs nothing', () => {
    expect(inferenceCost(0, 8, 500)).toEqual({ pricePerGpuHour: 0, costPerHour: 0, costPerMillionTokens: 0 });
  });
});
