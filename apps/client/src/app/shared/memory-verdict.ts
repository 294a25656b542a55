/**
 * Whether a configuration fits, and whether it fits with room to spare. The model already adds
 * a 5% system allowance; real servers reserve more (CUDA graphs, allocator pools, vLLM's
 * gpu_memory_utilization of 0.9), so less than 5% of the GPU left over is flagged as tight.
 */
export type MemoryVerdict = 'fits' | 'tight' | 'no';

export const TIGHT_HEADROOM_FRACTION = 0.05;

export function memoryVerdict(memory: { fits: boolean; headroom_bytes: number; gpu_memory_bytes: number }): MemoryVerdict {
  if (!memory.fits) return 'no';
  return memory.headroom_bytes < TIGHT_HEADROOM_FRACTION * memory.gpu_memory_bytes ? 'tight' : 'fits';
}

export const VERDICT_LABELS: Readonly<Record<MemoryVerdict, string>> = {
  fits: 'Fits',
  tight: 'Fits, little headroom',
  no: 'Does not fit',
};
