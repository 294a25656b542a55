import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPUTE_FORMATS, type ComputeFormat } from '@llm-calc/engine';
import { GPU_PRESETS, GPU_PRICE_BASIS, type GpuPreset } from './gpu-presets';

/** A compute figure in reference/gpus.json: a number, "n/a" (unsupported) or null (unpublished). */
type Figure = number | 'n/a' | null;

interface ReferenceGpu {
  id: string;
  name: string;
  vendor: string;
  category: string;
  architecture: string;
  memory_gb: number;
  memory_type: string | null;
  memory_bandwidth_gbs: number;
  fp32_tflops: Figure;
  fp32_matrix_tflops?: Figure;
  tf32_tflops: Figure;
  fp16_tflops: Figure;
  bf16_tflops: Figure;
  fp8_tflops: Figure;
  int8_tops: Figure;
  fp4_tflops: Figure;
  tdp_w: number | null;
  nvlink_gbs: number | null;
  infinity_fabric_gbs?: number | null;
  pcie_gen: number | null;
  release_year: number;
  source: string;
}

/**
 * The MI250X is listed per OAM package (2 GCDs); the catalogue models what software sees, one
 * GCD: capacity, bandwidth, compute, link and power halved.
 */
function perGcd(ref: ReferenceGpu): ReferenceGpu {
  const half = (f: Figure | undefined): Figure => (typeof f === 'number' ? f / 2 : (f ?? null));
  return {
    ...ref,
    name: `${ref.name} (one GCD, as software sees it)`,
    architecture: 'CDNA 2 (one of 2 GCDs)',
    memory_gb: ref.memory_gb / 2,
    memory_bandwidth_gbs: ref.memory_bandwidth_gbs / 2,
    fp32_tflops: half(ref.fp32_tflops),
    fp32_matrix_tflops: half(ref.fp32_matrix_tflops),
    tf32_tflops: half(ref.tf32_tflops),
    fp16_tflops: half(ref.fp16_tflops),
    bf16_tflops: half(ref.bf16_tflops),
    fp8_tflops: half(ref.fp8_tflops),
    int8_tops: half(ref.int8_tops),
    fp4_tflops: half(ref.fp4_tflops),
    tdp_w: ref.tdp_w === null ? null : ref.tdp_w / 2,
    infinity_fabric_gbs: ref.infinity_fabric_gbs ? ref.infinity_fabric_gbs / 2 : ref.infinity_fabric_gbs,
  };
}

const REFERENCE: ReferenceGpu[] = (JSON.parse(readFileSync(join(__dirname, '../../reference/gpus.json'), 'utf8')) as ReferenceGpu[]).map(
  (r) => (r.id === 'mi250x' ? perGcd(r) : r),
);

/** The reference figure for a format (AMD fp32: the matrix-core rate when given). */
function referenceFigure(ref: ReferenceGpu, format: ComputeFormat): Figure {
  switch (format) {
    case 'fp32':
      return typeof ref.fp32_matrix_tflops === 'number' ? ref.fp32_matrix_tflops : ref.fp32_tflops;
    case 'tf32':
      return ref.tf32_tflops;
    case 'fp16':
      return ref.fp16_tflops;
    case 'bf16':
      return ref.bf16_tflops;
    case 'fp8':
      return ref.fp8_tflops;
    case 'int8':
      return ref.int8_tops;
    case 'fp4':
      return ref.fp4_tflops;
  }
}

function preset(id: string): GpuPreset {
  const found = GPU_PRESETS.find((g) => g.id === id);
  if (!found) throw new Error(`no preset for reference GPU ${id}`);
  return found;
}

/**
 * |actual / expected - 1| < 0.1%. The brief allows 2%, but the presets copy the reference
 * figures, so a tighter bound also catches digit swaps (989.5 -> 998.5 is only 0.9%).
 */
function expectClose(actual: number | undefined, expected: number): void {
  expect(actual).toBeDefined();
  expect(Math.abs((actual ?? 0) / expected - 1)).toBeLessThan(0.001);
}

const PCIE_PER_DIRECTION: Record<number, number> = {
  3: 16e9,
  4: 32e9,
  5: 64e9,
};

describe('GPU_PRESETS against reference/gpus.json', () => {
  it('reads the reference file', () => {
    expect(REFERENCE).toHaveLength(35);
  });

  it('has a preset for every reference GPU', () => {
    const missing = REFERENCE.filter((r) => !GPU_PRESETS.some((g) => g.id === r.id));
    expect(missing.map((r) => r.id)).toEqual([]);
  });

  describe.each(REFERENCE.map((r) => [r.id, r] as const))('%s', (_id, ref) => {
    const g = preset(ref.id);

    it('has the reference name and descriptive fields', () => {
      expect({
        name: g.name,
        vendor: g.vendor,
        category: g.category,
        architecture: g.architecture,
        memory_type: g.memory_type,
        tdp_w: g.tdp_w,
        release_year: g.release_year,
      }).toEqual({
        name: ref.name,
        vendor: ref.vendor,
        category: ref.category,
        architecture: ref.architecture,
        memory_type: ref.memory_type,
        tdp_w: ref.tdp_w,
        release_year: ref.release_year,
      });
    });

    it('cites a document of the reference source', () => {
      const url = g.source.match(/https?:\/\/\S+/)?.[0];
      expect(url).toBeDefined();
      expect(ref.source).toContain(url ?? '');
    });

    it('has the reference memory and bandwidth', () => {
      // The label is decimal GB; the memory is the binary size it stands for.
      expectClose(g.memory_bytes, ref.memory_gb * 2 ** 30);
      expect(g.memory_label_gb).toBe(ref.memory_gb);
      expectClose(g.memory_bandwidth_bytes_per_second, ref.memory_bandwidth_gbs * 1e9);
    });

    it.each(COMPUTE_FORMATS.map((f) => [f]))('has the reference %s figure', (format) => {
      const figure = referenceFigure(ref, format);
      const value = g.peak_flops[format];
      if (typeof figure === 'number') {
        expectClose(value, figure * 1e12);
        expect(g.estimated_fields).not.toContain(format);
      } else if (figure === 'n/a') {
        expect(value).toBeUndefined();
        expect(g.estimated_fields).not.toContain(format);
      } else if (value === undefined) {
        expect(g.estimated_fields).not.toContain(format);
      } else {
        // Unpublished but supported: an estimate, flagged as such.
        expect(g.estimated_fields).toContain(format);
        expect(value).toBeGreaterThan(0);
      }
    });

    it('has the per-direction interconnect bandwidth of its link', () => {
      const link = g.interconnect_bandwidth_bytes_per_second;
      if (g.estimated_fields.includes('interconnect_bandwidth_bytes_per_second')) {
        expect(link).toBeGreaterThan(PCIE_PER_DIRECTION[ref.pcie_gen ?? 4]);
      } else if (ref.nvlink_gbs) {
        expect(link).toBe((ref.nvlink_gbs * 1e9) / 2);
      } else if (ref.infinity_fabric_gbs) {
        expect(link).toBe((ref.infinity_fabric_gbs * 1e9) / 2);
      } else if (ref.pcie_gen) {
        expect(link).toBe(PCIE_PER_DIRECTION[ref.pcie_gen]);
      } else {
        expect(link).toBe(0);
      }
    });
  });

  it('matches a few hand-checked figures exactly (dense, not sparse)', () => {
    expect(preset('h100-sxm').peak_flops.bf16).toBe(989.5e12);
    expect(preset('h100-sxm').memory_bandwidth_bytes_per_second).toBe(3.35e12);
    expect(preset('mi300x').peak_flops.fp16).toBe(1307.4e12);
    expect(preset('l4').peak_flops.bf16).toBe(121e12);
    expect(preset('a100-sxm-80gb').memory_bytes).toBe(80 * 2 ** 30);
    expect(preset('rtx-4090').memory_bytes).toBe(24 * 2 ** 30);
    expect(preset('mi250x').memory_bytes).toBe(64 * 2 ** 30);
    expect(preset('v100-sxm2-32gb').peak_flops.bf16).toBeUndefined();
    expect(preset('a100-sxm-80gb').peak_flops.fp8).toBeUndefined();
    expect(preset('h100-sxm').interconnect_bandwidth_bytes_per_second).toBe(450e9);
    expect(preset('rtx-4090').interconnect_bandwidth_bytes_per_second).toBe(32e9);
  });
});

describe('GPU_PRESETS catalogue', () => {
  it('has at least 32 GPUs with unique lower-case ids and unique names', () => {
    expect(GPU_PRESETS.length).toBeGreaterThanOrEqual(32);
    const ids = GPU_PRESETS.map((g) => g.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9.-]*$/);
    const names = GPU_PRESETS.map((g) => g.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('keeps each family contiguous and within one vendor', () => {
    const seen = new Set<string>();
    let previous = '';
    for (const g of GPU_PRESETS) {
      if (g.family !== previous) {
        expect(seen.has(g.family)).toBe(false);
        seen.add(g.family);
        previous = g.family;
      }
      expect(g.family.startsWith(g.vendor)).toBe(true);
    }
    expect([...seen]).toEqual(expect.arrayContaining(['NVIDIA Hopper', 'NVIDIA GeForce', 'AMD Instinct', 'Apple Silicon', 'Intel Gaudi']));
  });

  describe.each(GPU_PRESETS.map((g) => [g.id, g] as const))('%s', (_id, g) => {
    it('is cited', () => {
      expect(g.source.trim()).not.toBe('');
      expect(g.source).toMatch(/https?:\/\//);
      expect(g.notes).not.toMatch(/\n/);
    });

    it('has positive memory, bandwidth and at least one compute figure', () => {
      expect(g.memory_bytes).toBeGreaterThan(0);
      expect(g.memory_bandwidth_bytes_per_second).toBeGreaterThan(0);
      const entries = Object.entries(g.peak_flops);
      expect(entries.length).toBeGreaterThan(0);
      for (const [format, flops] of entries) {
        expect(COMPUTE_FORMATS).toContain(format);
        expect(Number.isFinite(flops) && flops > 1e12).toBe(true);
      }
      expect(g.interconnect_bandwidth_bytes_per_second).toBeGreaterThanOrEqual(0);
    });

    it('lists only real fields as estimated, and says so in notes', () => {
      for (const field of g.estimated_fields) {
        const isFormat = (COMPUTE_FORMATS as readonly string[]).includes(field);
        if (isFormat) expect(g.peak_flops[field as ComputeFormat]).toBeDefined();
        else expect(Object.keys(g)).toContain(field);
      }
      if (g.estimated_fields.length > 0) expect(g.notes).toMatch(/estimat|assum/i);
    });

    it('has a plausible hourly price (null only where not rented)', () => {
      if (g.vendor === 'Apple') {
        expect(g.price_per_gpu_hour).toBeNull();
      } else {
        expect(g.price_per_gpu_hour).not.toBeNull();
        expect(g.price_per_gpu_hour).toBeGreaterThan(0.1);
        expect(g.price_per_gpu_hour).toBeLessThan(15);
      }
    });
  });

  it('lets the calculator run on Apple silicon (fp32/fp16/bf16 estimates)', () => {
    for (const g of GPU_PRESETS.filter((p) => p.vendor === 'Apple')) {
      expect(g.peak_flops.fp32).toBeGreaterThan(0);
      expect(g.peak_flops.fp16).toBeGreaterThan(0);
      expect(g.peak_flops.bf16).toBeGreaterThan(0);
      expect(g.estimated_fields).toEqual(expect.arrayContaining(['fp32', 'fp16', 'bf16']));
      expect(g.interconnect_bandwidth_bytes_per_second).toBe(0);
    }
  });

  it('classifies memory and links: HBM / GDDR / unified, NVLink / PCIe (P2P or not) / none', () => {
    expect(preset('h100-sxm')).toMatchObject({ memory_kind: 'HBM', interconnect_kind: 'nvlink' });
    expect(preset('rtx-4090')).toMatchObject({ memory_kind: 'GDDR', interconnect_kind: 'pcie' });
    expect(preset('l40s')).toMatchObject({ memory_kind: 'GDDR', interconnect_kind: 'pcie-p2p' });
    expect(preset('apple-m3-max')).toMatchObject({ memory_kind: 'unified', interconnect_kind: 'none' });
    expect(preset('mi300x')).toMatchObject({ memory_kind: 'HBM', interconnect_kind: 'nvlink' });
    expect(preset('rtx-4090').fp16_accumulate_flops).toBe(330.3e12);
    expect(preset('h100-sxm').fp16_accumulate_flops).toBeUndefined();
  });

  it('prices the datacenter flagships in the expected order', () => {
    const price = (id: string) => preset(id).price_per_gpu_hour ?? 0;
    expect(price('a100-sxm-80gb')).toBeLessThan(price('h100-sxm'));
    expect(price('h100-sxm')).toBeLessThan(price('h200-sxm'));
    expect(price('h200-sxm')).toBeLessThan(price('b200'));
    expect(price('rtx-4090')).toBeLessThan(price('l40s'));
  });

  it('documents the price basis', () => {
    expect(GPU_PRICE_BASIS).toMatch(/2026/);
    expect(GPU_PRICE_BASIS).toMatch(/USD per GPU-hour/);
  });
});
