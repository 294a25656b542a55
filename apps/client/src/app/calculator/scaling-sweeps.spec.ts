import { FALLBACK_MAX_CONTEXT, roundContexts, scalingSweepRequests } from './scaling-sweeps';

describe('scaling sweeps', () => {
  it("uses round context lengths: powers of two, ending at the model's trained context", () => {
    expect(roundContexts(512, 131072)).toEqual([512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072]);
    expect(roundContexts(512, 8192)).toEqual([512, 768, 1024, 1536, 2048, 3072, 4096, 6144, 8192]);
    expect(roundContexts(512, 163840).slice(-2)).toEqual([131072, 163840]);
    for (const v of roundContexts(512, 131072)) expect(Math.log2(v) % 1).toBe(0);
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
