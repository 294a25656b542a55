import { TIGHT_HEADROOM_FRACTION, VERDICT_LABELS, memoryVerdict } from './memory-verdict';

describe('memoryVerdict', () => {
  const gpu = 80e9;

  it('does not fit whenever the calculation says so, whatever the headroom', () => {
    expect(memoryVerdict({ fits: false, headroom_bytes: -1e9, gpu_memory_bytes: gpu })).toBe('no');
    // The verdict follows `fits`, not the sign of the headroom.
    expect(memoryVerdict({ fits: false, headroom_bytes: 10e9, gpu_memory_bytes: gpu })).toBe('no');
  });

  it('is tight below 5% of the GPU left over, and fits from 5% on', () => {
    expect(TIGHT_HEADROOM_FRACTION).toBe(0.05);
    expect(memoryVerdict({ fits: true, headroom_bytes: 7e6, gpu_memory_bytes: gpu })).toBe('tight'); // 7 MB left
    expect(memoryVerdict({ fits: true, headroom_bytes: 0, gpu_memory_bytes: gpu })).toBe('tight');
    expect(memoryVerdict({ fits: true, headroom_bytes: 3.99e9, gpu_memory_bytes: gpu })).toBe('tight');
    expect(memoryVerdict({ fits: true, headroom_bytes: 4e9, gpu_memory_bytes: gpu })).toBe('fits'); // exactly 5%
    expect(memoryVerdict({ fits: true, headroom_bytes: 61.2e9, gpu_memory_bytes: gpu })).toBe('fits');
  });

  it('scales the threshold with the GPU: 1 GB left is tight on 24 GB (5% = 1.2 GB), not on 16 GB (0.8 GB)', () => {
    expect(memoryVerdict({ fits: true, headroom_bytes: 1e9, gpu_memory_bytes: 24e9 })).toBe('tight');
    expect(memoryVerdict({ fits: true, headroom_bytes: 1e9, gpu_memory_bytes: 16e9 })).toBe('fits');
  });

  it('has a label for every verdict', () => {
    expect(VERDICT_LABELS).toEqual({ fits: 'Fits', tight: 'Fits, little headroom', no: 'Does not fit' });
  });
});
