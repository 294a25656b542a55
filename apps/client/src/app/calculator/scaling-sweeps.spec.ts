import { FALLBACK_MAX_CONTEXT, logSpaced, scalingSweepRequests } from './scaling-sweeps';

describe('scaling sweeps', () => {
  it('spaces context lengths evenly on a log scale, ends included', () => {
    const values = logSpaced(512, 131072);
    expect(values).toHaveLength(12);
    expect(values[0]).toBe(512);
    expect(values[11]).toBe(131072);
    const ratios = values.slice(1).map((v, i) => v / values[i]);
    for (const r of ratios) expect(r).toBeCloseTo(Math.pow(256, 1 / 11), 1);
  });

  it('builds the three sweep bodies from the calculated request', () => {
    const request = { model: 'm', gpu: 'g', batch_size: 4, pipeline_parallel: 2, num_gpus: 2 };
    const sweeps = scalingSweepRequests(request, 8192);
    expect(sweeps.context).toMatchObject({ ...request, vary: 'sequence_length' });
    expect(sweeps.context.values.at(-1)).toBe(8192);
    expect(sweeps.batch.values).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
    expect(sweeps.gpus).toEqual({ ...request, vary: 'num_gpus', values: [2, 4, 8, 16] });
    expect(scalingSweepRequests({}, null).context.values.at(-1)).toBe(FALLBACK_MAX_CONTEXT);
    expect(scalingSweepRequests({}, null).gpus.values).toEqual([1, 2, 4, 8]);
  });
});
