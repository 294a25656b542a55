import { COMPARE_RESPONSE, compareResult } from '../testing/planning-fixtures';
import { fitLabel } from './compare-chart';
import { chartBars, cheapestFitting, compareCsv, entryName, sortCompareResults } from './compare-results';

const ids = (rows: { gpu: string }[]) => rows.map((r) => r.gpu);
const results = COMPARE_RESPONSE.results;

describe('sortCompareResults', () => {
  it('keeps the API order without a sort', () => {
    expect(ids(sortCompareResults(results, '', ''))).toEqual(ids(results));
    expect(ids(sortCompareResults(results, 'name', ''))).toEqual(ids(results));
  });

  it('sorts by price both ways, GPUs that do not fit after those that do, no price and unsupported GPUs last', () => {
    expect(ids(sortCompareResults(results, 'cost_per_million_tokens', 'asc'))).toEqual([
      'rtx-3090',
      'h100-sxm',
      'rtx-4080',
      'apple-m2-ultra',
      'v100-sxm2-32gb',
    ]);
    expect(ids(sortCompareResults(results, 'cost_per_million_tokens', 'desc'))).toEqual([
      'h100-sxm',
      'rtx-3090',
      'rtx-4080',
      'apple-m2-ultra',
      'v100-sxm2-32gb',
    ]);
  });

  it('sorts throughput descending and names alphabetically, ignoring case', () => {
    expect(ids(sortCompareResults(results, 'aggregate_tokens_per_second', 'desc'))).toEqual([
      'h100-sxm',
      'rtx-3090',
      'apple-m2-ultra',
      'rtx-4080',
      'v100-sxm2-32gb',
    ]);
    const named = [compareResult({ gpu: 'b', name: 'b' }), compareResult({ gpu: 'a', name: 'A' })];
    expect(ids(sortCompareResults(named, 'name', 'asc'))).toEqual(['a', 'b']);
  });

  it('puts the GPUs that fit first when sorting by fit, keeping ties in the API order', () => {
    expect(ids(sortCompareResults(results, 'fits', 'desc'))).toEqual([
      'h100-sxm',
      'rtx-3090',
      'apple-m2-ultra',
      'rtx-4080',
      'v100-sxm2-32gb',
    ]);
  });

  it('does not change its input', () => {
    const before = ids(results);
    sortCompareResults(results, 'per_gpu_bytes', 'asc');
    expect(ids(results)).toEqual(before);
  });
});

describe('cheapestFitting', () => {
  it('finds the GPU the API names', () => {
    expect(cheapestFitting(COMPARE_RESPONSE)?.name).toBe('NVIDIA GeForce RTX 3090');
    expect(cheapestFitting({ ...COMPARE_RESPONSE, cheapest_fitting: null })).toBeNull();
    expect(cheapestFitting(null)).toBeNull();
  });
});

describe('chartBars', () => {
  it('plots only GPUs that fit, most tokens/s first', () => {
    expect(chartBars(results, 'aggregate_tokens_per_second').map((b) => [b.gpu, b.value])).toEqual([
      ['h100-sxm', 160.9],
      ['rtx-3090', 45],
      ['apple-m2-ultra', 38.4],
    ]);
  });

  it('plots price for GPUs that fit and have one, cheapest first', () => {
    expect(chartBars(results, 'cost_per_million_tokens').map((b) => b.gpu)).toEqual(['rtx-3090', 'h100-sxm']);
  });
});

describe('compareCsv', () => {
  it('writes one row per GPU in base units, marking the cheapest', () => {
    const lines = compareCsv(results, 'rtx-3090').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'gpu,name,family,num_gpus,tensor_parallel,pipeline_parallel,supported,reason,fits,cheapest_fitting,per_gpu_bytes,gpu_memory_bytes,tokens_per_second,' +
        'aggregate_tokens_per_second,prefill_latency_seconds,cost_per_hour_usd,cost_per_million_tokens_usd',
    );
    expect(lines).toHaveLength(6);
    expect(lines[1]).toBe(
      "v100-sxm2-32gb,NVIDIA V100 SXM2 32GB,NVIDIA Volta,1,1,1,false,precision 'bf16' is not supported on NVIDIA V100 SXM2 32GB,false,false,,32000000000,,,,,",
    );
    expect(lines[3]).toBe(
      'rtx-3090,NVIDIA GeForce RTX 3090,NVIDIA GeForce,1,1,1,true,,true,true,18800000000,24000000000,45,45,0.2,0.25,1.54',
    );
  });
});

describe('entryName', () => {
  it('puts the count in front of groups of GPUs, and labels their chart bars so', () => {
    expect(entryName({ name: 'NVIDIA H100 SXM5 80GB', num_gpus: 1 })).toBe('NVIDIA H100 SXM5 80GB');
    expect(entryName({ name: 'NVIDIA H100 SXM5 80GB', num_gpus: 2 })).toBe('2 × NVIDIA H100 SXM5 80GB');
    const grouped = [compareResult({ gpu: 'h100-sxm', name: 'NVIDIA H100', num_gpus: 2, tensor_parallel: 2 })];
    expect(chartBars(grouped, 'aggregate_tokens_per_second')[0].name).toBe('2 × NVIDIA H100');
  });
});

describe('fitLabel', () => {
  it('keeps names that fit and shortens long ones for narrow charts', () => {
    expect(fitLabel('NVIDIA L4', 320)).toBe('NVIDIA L4');
    expect(fitLabel('NVIDIA GB200 (per Blackwell GPU, NVL72)', 320)).toBe('NVIDIA GB200 (per…');
    expect(fitLabel('NVIDIA GB200 (per Blackwell GPU, NVL72)', 1200)).toBe('NVIDIA GB200 (per Blackwell GPU, NVL72)');
  });
});
