import type { ComputeFormat, GpuSpec, LinkKind, MemoryKind, PeakFlops } from '@llm-calc/engine';

/**
 * A catalogue GPU: the engine's `GpuSpec` (base units: bytes, bytes/s, FLOP/s) plus where the
 * figures come from.
 */
export interface GpuPreset extends GpuSpec {
  /** Stable, lower-case identifier used by the API, CLI and URLs (e.g. `h100-sxm`). */
  id: string;
  /** Picker group, by vendor then generation (e.g. `NVIDIA Hopper`, `Apple Silicon`). */
  family: string;
  vendor: string;
  architecture: string;
  /** datacenter | consumer | workstation | apple */
  category: string;
  memory_type: string | null;
  tdp_w: number | null;
  release_year: number | null;
  /** The primary document (datasheet, whitepaper or vendor page). */
  source: string;
  /** Indicative on-demand cloud price, USD per GPU-hour (see GPU_PRICE_BASIS); null = not rented by the hour. */
  price_per_gpu_hour: number | null;
  /** One or two lines: what is derived, disputed or estimated. */
  notes: string;
  /** HBM, GDDR or unified (runtime profiles' bandwidth share depends on it). */
  memory_kind: MemoryKind;
  /** nvlink (incl. Infinity Fabric and scale-up fabrics), pcie-p2p, pcie (no peer-to-peer: GeForce), none. */
  interconnect_kind: LinkKind;
  /** The capacity as the vendor labels it, decimal GB (memory_bytes is the binary capacity it stands for). */
  memory_label_gb: number;
  /**
   * Values that are our estimates rather than published figures: compute format names
   * (`'int8'` = `peak_flops.int8`) or other field names.
   */
  estimated_fields: string[];
}

/** How `price_per_gpu_hour` was chosen. */
export const GPU_PRICE_BASIS =
  'Indicative on-demand cloud list prices, USD per GPU-hour, as of 2026-11 ' +
  '(typical of hyperscalers and GPU clouds; spot, reserved and marketplace prices are lower). ' +
  'Edit for your provider.';

/** Dense peak per format in 1e12 FLOP/s (TOPS for int8), as printed in the sources. */
type Tflops = Partial<Record<ComputeFormat, number>>;

type Row = Pick<
  GpuPreset,
  | 'id'
  | 'name'
  | 'family'
  | 'vendor'
  | 'category'
  | 'architecture'
  | 'memory_type'
  | 'tdp_w'
  | 'release_year'
  | 'price_per_gpu_hour'
  | 'source'
  | 'notes'
> & {
  /** Capacity as the vendor labels it, decimal GB. */
  memory_gb: number;
  /** Peak memory bandwidth, decimal GB/s. */
  bandwidth_gbs: number;
  /** Published dense figures; formats the hardware cannot run are left out. */
  tflops: Tflops;
  /** Formats the hardware runs but for which no figure is published: our estimate (see notes). */
  estimated_tflops?: Tflops;
  /** GPU-to-GPU bytes/s per direction: nvlink(), infinityFabric(), ethernet(), pcie() or NO_LINK. */
  link: number;
  /** Non-compute fields that are estimated or derived differently from the usual rule. */
  estimated?: string[];
  /** The link's kind (see GpuPreset.interconnect_kind). */
  link_kind: LinkKind;
  /** GeForce: dense fp16 with fp16 accumulation, 1e12 FLOP/s. */
  fp16_accumulate_tflops?: number;
};

const GB = 1e9;
const GIB = 2 ** 30;
const TERA = 1e12;

/**
 * HBM stacks, GDDR chips and LPDDR packages come in binary sizes: an "80 GB" H100 holds 80 GiB
 * (85.9e9 bytes), a "24 GB" RTX 4090 24 GiB; the usable part is smaller (driver, context), which
 * the runtime profiles account for. Every catalogue label is such a binary size.
 */
const labelToBytes = (gb: number): number => Math.round(gb * GIB);

function memoryKind(memoryType: string | null): MemoryKind {
  const t = (memoryType ?? '').toUpperCase();
  if (t.includes('HBM')) return 'HBM';
  if (t.includes('UNIFIED') || t.includes('LPDDR')) return 'unified';
  return 'GDDR';
}

/** NVLink: the datasheet's total bidirectional GB/s per GPU, halved to per direction. */
const nvlink = (totalGBs: number): number => (totalGBs * GB) / 2;
/** AMD Infinity Fabric: total bidirectional GB/s per package, halved. */
const infinityFabric = (totalGBs: number): number => (totalGBs * GB) / 2;
/** Integrated RoCE Ethernet (Gaudi): total bidirectional GB/s, halved. */
const ethernet = (totalGBs: number): number => (totalGBs * GB) / 2;
/** PCIe x16 per direction, by generation. */
const pcie = (gen: 3 | 4 | 5): number => ({ 3: 16, 4: 32, 5: 64 })[gen] * GB;
/** Single SoC (Apple): no GPU-to-GPU link. */
const NO_LINK = 0;

function toFlops(tflops: Tflops): PeakFlops {
  const flops: PeakFlops = {};
  for (const [format, value] of Object.entries(tflops) as [ComputeFormat, number][]) {
    flops[format] = Math.round(value * TERA);
  }
  return flops;
}

function gpu(row: Row): GpuPreset {
  const estimated = row.estimated_tflops ?? {};
  for (const format of Object.keys(estimated)) {
    if (format in row.tflops) {
      throw new Error(`${row.id}: ${format} is both published and estimated`);
    }
  }
  return {
    id: row.id,
    name: row.name,
    family: row.family,
    vendor: row.vendor,
    category: row.category,
    architecture: row.architecture,
    memory_bytes: labelToBytes(row.memory_gb),
    memory_label_gb: row.memory_gb,
    memory_kind: memoryKind(row.memory_type),
    interconnect_kind: row.link_kind,
    ...(row.fp16_accumulate_tflops ? { fp16_accumulate_flops: Math.round(row.fp16_accumulate_tflops * TERA) } : {}),
    memory_type: row.memory_type,
    memory_bandwidth_bytes_per_second: Math.round(row.bandwidth_gbs * GB),
    peak_flops: toFlops({ ...row.tflops, ...estimated }),
    interconnect_bandwidth_bytes_per_second: row.link,
    tdp_w: row.tdp_w,
    release_year: row.release_year,
    price_per_gpu_hour: row.price_per_gpu_hour,
    source: row.source,
    notes: row.notes,
    estimated_fields: [...Object.keys(estimated), ...(row.estimated ?? [])],
  };
}

const APPLE_NOTE =
  'memory is the maximum unified memory, shared with CPU/OS (macOS wires ~65-75% to the GPU by default). ' +
  'Apple publishes no GPU TFLOPS: fp32 is a community estimate (cores x 128 ALUs x 2 x clock); ' +
  'fp16/bf16 assumed equal to fp32 (no tensor cores before M5).';

/**
 * The GPU catalogue, grouped by family (catalogue order is picker order). Compute figures are
 * DENSE peaks (no 2:4 sparsity). GeForce fp16/bf16/fp8 are the FP32-accumulate rates.
 * The entries that are also in `reference/gpus.json` are checked against it by the tests.
 */
// prettier-ignore
export const GPU_PRESETS: readonly GpuPreset[] = [
  // NVIDIA Volta
  gpu({
    id: 'v100-sxm2-32gb', name: 'NVIDIA V100 SXM2 32GB',
    family: 'NVIDIA Volta', vendor: 'NVIDIA', category: 'datacenter', architecture: 'Volta (GV100)',
    memory_gb: 32, memory_type: 'HBM2', bandwidth_gbs: 900,
    tflops: { fp32: 15.7, fp16: 125 },
    estimated_tflops: { int8: 62.8 },
    link: nvlink(300), link_kind: 'nvlink', tdp_w: 300, release_year: 2017, price_per_gpu_hour: 0.8,
    source: 'NVIDIA V100 datasheet: https://images.nvidia.com/content/technologies/volta/pdf/volta-v100-datasheet-update-us-1165301-r5.pdf',
    notes: 'No BF16/TF32/FP8. int8 estimated: no INT8 tensor cores, CUDA-core DP4A gives ~4x FP32 (~62.8 TOPS).',
  }),

  // NVIDIA Ampere
  gpu({
    id: 'a100-sxm-40gb', name: 'NVIDIA A100 40GB SXM4',
    family: 'NVIDIA Ampere', vendor: 'NVIDIA', category: 'datacenter', architecture: 'Ampere (GA100)',
    memory_gb: 40, memory_type: 'HBM2', bandwidth_gbs: 1555,
    tflops: { fp32: 19.5, tf32: 156, fp16: 312, bf16: 312, int8: 624 },
    link: nvlink(600), link_kind: 'nvlink', tdp_w: 400, release_year: 2020, price_per_gpu_hour: 1.3,
    source: 'NVIDIA A100 datasheet: https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf',
    notes: 'No FP8. Same peak TFLOPS as the PCIe card (sustained clocks differ).',
  }),
  gpu({
    id: 'a100-sxm-80gb', name: 'NVIDIA A100 80GB SXM4',
    family: 'NVIDIA Ampere', vendor: 'NVIDIA', category: 'datacenter', architecture: 'Ampere (GA100)',
    memory_gb: 80, memory_type: 'HBM2e', bandwidth_gbs: 2039,
    tflops: { fp32: 19.5, tf32: 156, fp16: 312, bf16: 312, int8: 624 },
    link: nvlink(600), link_kind: 'nvlink', tdp_w: 400, release_year: 2020, price_per_gpu_hour: 1.7,
    source: 'NVIDIA A100 datasheet: https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf',
    notes: 'No FP8. 2,039 GB/s is the SXM figure (PCIe 80GB: 1,935).',
  }),
  gpu({
    id: 'a100-pcie-40gb', name: 'NVIDIA A100 40GB PCIe',
    family: 'NVIDIA Ampere', vendor: 'NVIDIA', category: 'datacenter', architecture: 'Ampere (GA100)',
    memory_gb: 40, memory_type: 'HBM2', bandwidth_gbs: 1555,
    tflops: { fp32: 19.5, tf32: 156, fp16: 312, bf16: 312, int8: 624 },
    link: nvlink(600), link_kind: 'nvlink', tdp_w: 250, release_year: 2020, price_per_gpu_hour: 1.2,
    source: 'NVIDIA A100 datasheet: https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf',
    notes: 'No FP8. Interconnect assumes the optional NVLink bridge (pairs, 600 GB/s); without it PCIe Gen4.',
  }),
  gpu({
    id: 'a100-pcie-80gb', name: 'NVIDIA A100 80GB PCIe',
    family: 'NVIDIA Ampere', vendor: 'NVIDIA', category: 'datacenter', architecture: 'Ampere (GA100)',
    memory_gb: 80, memory_type: 'HBM2e', bandwidth_gbs: 1935,
    tflops: { fp32: 19.5, tf32: 156, fp16: 312, bf16: 312, int8: 624 },
    link: nvlink(600), link_kind: 'nvlink', tdp_w: 300, release_year: 2021, price_per_gpu_hour: 1.5,
    source: 'NVIDIA A100 datasheet: https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf',
    notes: 'No FP8. Interconnect assumes the optional NVLink bridge (pairs, 600 GB/s); without it PCIe Gen4.',
  }),
  gpu({
    id: 'a10', name: 'NVIDIA A10',
    family: 'NVIDIA Ampere', vendor: 'NVIDIA', category: 'datacenter', architecture: 'Ampere (GA102)',
    memory_gb: 24, memory_type: 'GDDR6', bandwidth_gbs: 600,
    tflops: { fp32: 31.2, tf32: 62.5, fp16: 125, bf16: 125, int8: 250 },
    link: pcie(4), link_kind: 'pcie-p2p', tdp_w: 150, release_year: 2021, price_per_gpu_hour: 0.75,
    source: 'NVIDIA A10 datasheet: https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a10/pdf/a10-datasheet.pdf',
    notes: 'No FP8, no NVLink.',
  }),
  gpu({
    id: 'a10g', name: 'NVIDIA A10G (AWS EC2 G5)',
    family: 'NVIDIA Ampere', vendor: 'NVIDIA', category: 'datacenter', architecture: 'Ampere (GA102)',
    memory_gb: 24, memory_type: 'GDDR6', bandwidth_gbs: 600,
    tflops: { fp16: 70, bf16: 70 },
    estimated_tflops: { fp32: 31.2 },
    link: pcie(4), link_kind: 'pcie-p2p', tdp_w: null, release_year: 2021, price_per_gpu_hour: 1.0,
    source: 'AWS EC2 G5 instance page: https://aws.amazon.com/ec2/instance-types/g5/ ; tensor figure: https://www.baseten.co/blog/nvidia-a10-vs-a10g-for-ml-model-inference/',
    notes: 'No NVIDIA datasheet. Memory/bandwidth solid; fp16 ~70 from a secondary source; fp32 estimated (reported ~31-35, lower end used). TF32/INT8 unknown.',
  }),

  // NVIDIA Ada (datacenter)
  gpu({
    id: 'l4', name: 'NVIDIA L4',
    family: 'NVIDIA Ada (datacenter)', vendor: 'NVIDIA', category: 'datacenter', architecture: 'Ada Lovelace (AD104)',
    memory_gb: 24, memory_type: 'GDDR6', bandwidth_gbs: 300,
    tflops: { fp32: 30.3, tf32: 60, fp16: 121, bf16: 121, fp8: 242.5, int8: 242.5 },
    link: pcie(4), link_kind: 'pcie-p2p', tdp_w: 72, release_year: 2023, price_per_gpu_hour: 0.8,
    source: 'NVIDIA L4 datasheet: https://resources.nvidia.com/en-us-data-center-overview/l4-gpu-datasheet',
    notes: 'Datasheet prints only sparse tensor figures; these are halved.',
  }),
  gpu({
    id: 'l40', name: 'NVIDIA L40',
    family: 'NVIDIA Ada (datacenter)', vendor: 'NVIDIA', category: 'datacenter', architecture: 'Ada Lovelace (AD102)',
    memory_gb: 48, memory_type: 'GDDR6 (ECC)', bandwidth_gbs: 864,
    tflops: { fp32: 90.5, tf32: 90.5, fp16: 181.05, bf16: 181.05, fp8: 362, int8: 362 },
    link: pcie(4), link_kind: 'pcie-p2p', tdp_w: 300, release_year: 2022, price_per_gpu_hour: 1.0,
    source: 'NVIDIA L40 datasheet: https://images.nvidia.com/content/Solutions/data-center/vgpu-L40-datasheet.pdf',
    notes: 'Tensor rates are half the L40S at the same FP32.',
  }),
  gpu({
    id: 'l40s', name: 'NVIDIA L40S',
    family: 'NVIDIA Ada (datacenter)', vendor: 'NVIDIA', category: 'datacenter', architecture: 'Ada Lovelace (AD102)',
    memory_gb: 48, memory_type: 'GDDR6 (ECC)', bandwidth_gbs: 864,
    tflops: { fp32: 91.6, tf32: 183, fp16: 362.05, bf16: 362.05, fp8: 733, int8: 733 },
    link: pcie(4), link_kind: 'pcie-p2p', tdp_w: 350, release_year: 2023, price_per_gpu_hour: 1.2,
    source: 'NVIDIA L40S datasheet / product page: https://www.nvidia.com/en-us/data-center/l40s/',
    notes: '',
  }),

  // NVIDIA Hopper
  gpu({
    id: 'h100-sxm', name: 'NVIDIA H100 SXM5 80GB',
    family: 'NVIDIA Hopper', vendor: 'NVIDIA', category: 'datacenter', architecture: 'Hopper (GH100)',
    memory_gb: 80, memory_type: 'HBM3', bandwidth_gbs: 3350,
    tflops: { fp32: 67, tf32: 494.5, fp16: 989.5, bf16: 989.5, fp8: 1979, int8: 1979 },
    link: nvlink(900), link_kind: 'nvlink', tdp_w: 700, release_year: 2022, price_per_gpu_hour: 2.8,
    source: 'NVIDIA H100 datasheet / product page: https://www.nvidia.com/en-us/data-center/h100/',
    notes: 'Datasheet tensor figures are sparse; halved (BF16 989.5 dense, not 1,979).',
  }),
  gpu({
    id: 'h100-pcie', name: 'NVIDIA H100 PCIe 80GB',
    family: 'NVIDIA Hopper', vendor: 'NVIDIA', category: 'datacenter', architecture: 'Hopper (GH100)',
    memory_gb: 80, memory_type: 'HBM2e', bandwidth_gbs: 2000,
    tflops: { fp32: 51, tf32: 378, fp16: 756, bf16: 756, fp8: 1513, int8: 1513 },
    link: nvlink(600), link_kind: 'nvlink', tdp_w: 350, release_year: 2022, price_per_gpu_hour: 2.3,
    source: 'NVIDIA H100 datasheet / product page: https://www.nvidia.com/en-us/data-center/h100/ ; H100 PCIe product brief PB-11133-001',
    notes: 'TDP 300-350 W. Interconnect assumes the optional NVLink bridge (600 GB/s). Memory type HBM2e per NVIDIA (HBM3 per ml-engineering).',
  }),
  gpu({
    id: 'h100-nvl', name: 'NVIDIA H100 NVL 94GB (per GPU)',
    family: 'NVIDIA Hopper', vendor: 'NVIDIA', category: 'datacenter', architecture: 'Hopper (GH100)',
    memory_gb: 94, memory_type: 'HBM3', bandwidth_gbs: 3900,
    tflops: { fp32: 60, tf32: 417.5, fp16: 835.5, bf16: 835.5, fp8: 1670.5, int8: 1670.5 },
    link: nvlink(600), link_kind: 'nvlink', tdp_w: 400, release_year: 2023, price_per_gpu_hour: 2.6,
    source: 'NVIDIA H100 datasheet (H100 NVL column): https://www.nvidia.com/en-us/data-center/h100/',
    notes: 'Per GPU (the launch figures were per pair). TDP 350-400 W configurable.',
  }),
  gpu({
    id: 'h200-sxm', name: 'NVIDIA H200 SXM 141GB',
    family: 'NVIDIA Hopper', vendor: 'NVIDIA', category: 'datacenter', architecture: 'Hopper (GH100)',
    memory_gb: 141, memory_type: 'HBM3e', bandwidth_gbs: 4800,
    tflops: { fp32: 67, tf32: 494.5, fp16: 989.5, bf16: 989.5, fp8: 1979, int8: 1979 },
    link: nvlink(900), link_kind: 'nvlink', tdp_w: 700, release_year: 2024, price_per_gpu_hour: 3.5,
    source: 'NVIDIA H200 product page / datasheet: https://www.nvidia.com/en-us/data-center/h200/',
    notes: 'Same compute as H100 SXM; more and faster memory.',
  }),
  gpu({
    id: 'h200-nvl', name: 'NVIDIA H200 NVL 141GB',
    family: 'NVIDIA Hopper', vendor: 'NVIDIA', category: 'datacenter', architecture: 'Hopper (GH100)',
    memory_gb: 141, memory_type: 'HBM3e', bandwidth_gbs: 4800,
    tflops: { fp32: 60, tf32: 417.5, fp16: 835.5, bf16: 835.5, fp8: 1670.5, int8: 1670.5 },
    link: nvlink(900), link_kind: 'nvlink', tdp_w: 600, release_year: 2024, price_per_gpu_hour: 3.3,
    source: 'NVIDIA H200 product page / datasheet (H200 NVL column): https://www.nvidia.com/en-us/data-center/h200/',
    notes: 'Compute as H100 NVL; not cross-checked against a second table. TDP up to 600 W.',
  }),
  gpu({
    id: 'gh200-144gb', name: 'NVIDIA GH200 Grace Hopper (GPU side, 144GB HBM3e)',
    family: 'NVIDIA Hopper', vendor: 'NVIDIA', category: 'datacenter', architecture: 'Hopper (GH100) + Grace CPU',
    memory_gb: 144, memory_type: 'HBM3e', bandwidth_gbs: 4900,
    tflops: { fp32: 67, tf32: 494.5, fp16: 989.5, bf16: 989.5, fp8: 1979, int8: 1979 },
    link: nvlink(900), link_kind: 'nvlink', tdp_w: 1000, release_year: 2024, price_per_gpu_hour: 2.5,
    source: 'NVIDIA GH200 Grace Hopper Superchip page/datasheet: https://www.nvidia.com/en-us/data-center/grace-hopper-superchip/',
    notes: '144 GB nominal (~141 usable), 4.9 TB/s (4.8 per ml-engineering); TDP is the whole CPU+GPU module (450-1000 W).',
  }),

  // NVIDIA Blackwell
  gpu({
    id: 'b200', name: 'NVIDIA B200 (HGX/DGX B200, per GPU)',
    family: 'NVIDIA Blackwell', vendor: 'NVIDIA', category: 'datacenter', architecture: 'Blackwell (dual-die)',
    memory_gb: 180, memory_type: 'HBM3e', bandwidth_gbs: 8000,
    tflops: { fp32: 80, tf32: 1125, fp16: 2250, bf16: 2250, fp8: 4500, int8: 4500, fp4: 9000 },
    link: nvlink(1800), link_kind: 'nvlink', tdp_w: 1000, release_year: 2024, price_per_gpu_hour: 4.8,
    source: 'NVIDIA DGX B200 datasheet: https://resources.nvidia.com/en-us-dgx-systems/dgx-b200-datasheet ; HGX page https://www.nvidia.com/en-us/data-center/hgx/',
    notes: 'Per GPU = 8-GPU sparse totals / 16. 180 GB listed (192 physical). FP32 80 from ml-engineering; NVFP4 later quoted 10 PF.',
  }),
  gpu({
    id: 'gb200-gpu', name: 'NVIDIA GB200 (per Blackwell GPU, NVL72)',
    family: 'NVIDIA Blackwell', vendor: 'NVIDIA', category: 'datacenter', architecture: 'Blackwell (dual-die) + Grace CPU',
    memory_gb: 186, memory_type: 'HBM3e', bandwidth_gbs: 8000,
    tflops: { fp32: 80, tf32: 1250, fp16: 2500, bf16: 2500, fp8: 5000, int8: 5000, fp4: 10000 },
    link: nvlink(1800), link_kind: 'nvlink', tdp_w: null, release_year: 2024, price_per_gpu_hour: 5.5,
    source: 'NVIDIA GB200 NVL72 page: https://www.nvidia.com/en-us/data-center/gb200-nvl72/',
    notes: 'Per GPU = NVL72 sparse totals / 144. Power is published per superchip only. FP32 80 from ml-engineering.',
  }),

  // NVIDIA GeForce
  gpu({
    id: 'rtx-3090', fp16_accumulate_tflops: 142, name: 'NVIDIA GeForce RTX 3090',
    family: 'NVIDIA GeForce', vendor: 'NVIDIA', category: 'consumer', architecture: 'Ampere (GA102)',
    memory_gb: 24, memory_type: 'GDDR6X', bandwidth_gbs: 936,
    tflops: { fp32: 35.6, tf32: 35.6, fp16: 71, bf16: 71, int8: 284 },
    link: nvlink(112.5), link_kind: 'nvlink', tdp_w: 350, release_year: 2020, price_per_gpu_hour: 0.25,
    source: 'NVIDIA Ampere GA102 GPU Architecture whitepaper: https://www.nvidia.com/content/PDF/nvidia-ampere-ga-102-gpu-architecture-whitepaper-v2.pdf',
    notes: 'fp16/bf16 are FP32-accumulate rates (FP16-accumulate: 142). Interconnect assumes the 2-way NVLink bridge.',
  }),
  gpu({
    id: 'rtx-3090-ti', fp16_accumulate_tflops: 160, name: 'NVIDIA GeForce RTX 3090 Ti',
    family: 'NVIDIA GeForce', vendor: 'NVIDIA', category: 'consumer', architecture: 'Ampere (GA102, full 84 SM)',
    memory_gb: 24, memory_type: 'GDDR6X', bandwidth_gbs: 1008,
    tflops: { fp32: 40, tf32: 40, fp16: 80, bf16: 80, int8: 320 },
    link: nvlink(112.5), link_kind: 'nvlink', tdp_w: 450, release_year: 2022, price_per_gpu_hour: 0.3,
    source: 'NVIDIA GeForce RTX 3090 Ti product page: https://www.nvidia.com/en-us/geforce/graphics-cards/30-series/rtx-3090-3090ti/ ; ratios from the GA102 whitepaper',
    notes: 'Tensor figures derived from GA102 per-SM rates (not published). Interconnect assumes the NVLink bridge.',
  }),
  gpu({
    id: 'rtx-4080', fp16_accumulate_tflops: 195, name: 'NVIDIA GeForce RTX 4080 (16GB)',
    family: 'NVIDIA GeForce', vendor: 'NVIDIA', category: 'consumer', architecture: 'Ada Lovelace (AD103)',
    memory_gb: 16, memory_type: 'GDDR6X', bandwidth_gbs: 716.8,
    tflops: { fp32: 48.7, tf32: 48.7, fp16: 97.5, bf16: 97.5, fp8: 194.9, int8: 389.9 },
    link: pcie(4), link_kind: 'pcie', tdp_w: 320, release_year: 2022, price_per_gpu_hour: 0.3,
    source: 'NVIDIA Ada Lovelace GPU Architecture whitepaper: https://images.nvidia.com/aem-dam/Solutions/geforce/ada/nvidia-ada-gpu-architecture.pdf',
    notes: 'fp16/bf16/fp8 are FP32-accumulate rates; FP8/INT8 from the whitepaper as recalled (not re-read).',
  }),
  gpu({
    id: 'rtx-4090', fp16_accumulate_tflops: 330.3, name: 'NVIDIA GeForce RTX 4090',
    family: 'NVIDIA GeForce', vendor: 'NVIDIA', category: 'consumer', architecture: 'Ada Lovelace (AD102)',
    memory_gb: 24, memory_type: 'GDDR6X', bandwidth_gbs: 1008,
    tflops: { fp32: 82.6, tf32: 82.6, fp16: 165.2, bf16: 165.2, fp8: 330.3, int8: 660.6 },
    link: pcie(4), link_kind: 'pcie', tdp_w: 450, release_year: 2022, price_per_gpu_hour: 0.55,
    source: 'NVIDIA Ada Lovelace GPU Architecture whitepaper: https://images.nvidia.com/aem-dam/Solutions/geforce/ada/nvidia-ada-gpu-architecture.pdf',
    notes: 'fp16/bf16/fp8 are FP32-accumulate rates (FP16-accumulate: 330.3 / 660.6).',
  }),
  gpu({
    id: 'rtx-5090', fp16_accumulate_tflops: 419, name: 'NVIDIA GeForce RTX 5090',
    family: 'NVIDIA GeForce', vendor: 'NVIDIA', category: 'consumer', architecture: 'Blackwell (GB202)',
    memory_gb: 32, memory_type: 'GDDR7', bandwidth_gbs: 1792,
    tflops: { fp32: 104.8, tf32: 104.8, fp16: 209.5, bf16: 209.5, fp8: 419, int8: 838, fp4: 1676 },
    link: pcie(5), link_kind: 'pcie', tdp_w: 575, release_year: 2025, price_per_gpu_hour: 0.85,
    source: 'NVIDIA RTX Blackwell GPU Architecture whitepaper: https://images.nvidia.com/aem-dam/Solutions/geforce/blackwell/nvidia-rtx-blackwell-gpu-architecture.pdf',
    notes: 'fp16/bf16/fp8 assume half-rate FP32 accumulation as on Ada (inferred from measured matmuls); FP16-accumulate 419.',
  }),

  // NVIDIA RTX Workstation
  gpu({
    id: 'rtx-a6000', name: 'NVIDIA RTX A6000',
    family: 'NVIDIA RTX Workstation', vendor: 'NVIDIA', category: 'workstation', architecture: 'Ampere (GA102)',
    memory_gb: 48, memory_type: 'GDDR6 (ECC)', bandwidth_gbs: 768,
    tflops: { fp32: 38.7, tf32: 77.4, fp16: 154.8, bf16: 154.8, int8: 309.7 },
    link: nvlink(112.5), link_kind: 'nvlink', tdp_w: 300, release_year: 2020, price_per_gpu_hour: 0.6,
    source: 'NVIDIA RTX A6000 datasheet: https://www.nvidia.com/content/dam/en-zz/Solutions/design-visualization/quadro-product-literature/proviz-print-nvidia-rtx-a6000-datasheet-us-nvidia-1454980-r9-web%20(1).pdf',
    notes: 'TF32/INT8 derived from the headline (sparse) tensor figure with A40 ratios. Interconnect assumes the NVLink bridge.',
  }),
  gpu({
    id: 'rtx-6000-ada', name: 'NVIDIA RTX 6000 Ada Generation',
    family: 'NVIDIA RTX Workstation', vendor: 'NVIDIA', category: 'workstation', architecture: 'Ada Lovelace (AD102)',
    memory_gb: 48, memory_type: 'GDDR6 (ECC)', bandwidth_gbs: 960,
    tflops: { fp32: 91.1, tf32: 182.1, fp16: 364.2, bf16: 364.2, fp8: 728.5, int8: 728.5 },
    link: pcie(4), link_kind: 'pcie-p2p', tdp_w: 300, release_year: 2022, price_per_gpu_hour: 0.9,
    source: 'NVIDIA RTX 6000 Ada datasheet: https://www.nvidia.com/content/dam/en-zz/Solutions/design-visualization/rtx-6000/proviz-print-rtx6000-datasheet-web-2504660.pdf',
    notes: 'Dense figures derived from the sparse FP8 headline with Ada whitepaper ratios.',
  }),

  // AMD Instinct
  gpu({
    id: 'mi210', name: 'AMD Instinct MI210',
    family: 'AMD Instinct', vendor: 'AMD', category: 'datacenter', architecture: 'CDNA 2',
    memory_gb: 64, memory_type: 'HBM2e', bandwidth_gbs: 1638.4,
    tflops: { fp32: 45.3, fp16: 181, bf16: 181, int8: 181 },
    link: infinityFabric(300), link_kind: 'nvlink', tdp_w: 300, release_year: 2022, price_per_gpu_hour: 0.9,
    source: 'AMD Instinct MI210 page: https://www.amd.com/en/products/accelerators/instinct/mi200/mi210.html',
    notes: 'fp32 is the matrix-core rate (vector 22.6). No TF32/FP8. Infinity Fabric bridge (3 x 100 GB/s).',
  }),
  gpu({
    id: 'mi250x', name: 'AMD Instinct MI250X (one GCD, as software sees it)',
    family: 'AMD Instinct', vendor: 'AMD', category: 'datacenter', architecture: 'CDNA 2 (one of 2 GCDs)',
    memory_gb: 64, memory_type: 'HBM2e', bandwidth_gbs: 1638.4,
    tflops: { fp32: 47.85, fp16: 191.5, bf16: 191.5, int8: 191.5 },
    link: infinityFabric(400), link_kind: 'nvlink', tdp_w: 250, release_year: 2021, price_per_gpu_hour: 0.75,
    source: 'AMD Instinct MI250X page: https://www.amd.com/en/products/accelerators/instinct/mi200/mi250x.html',
    notes: 'Modelled as what software sees: one of the package\'s 2 GCDs (ROCm lists two 64 GB GPUs). Per GCD = package / 2: 128 GB -> 64 GiB, 3,276.8 -> 1,638.4 GB/s, 383 -> 191.5 TFLOPS fp16, 800 -> 400 GB/s Infinity Fabric, 500 W -> 250 W. fp32 is the matrix rate (vector 23.9).',
  }),
  gpu({
    id: 'mi300x', name: 'AMD Instinct MI300X',
    family: 'AMD Instinct', vendor: 'AMD', category: 'datacenter', architecture: 'CDNA 3',
    memory_gb: 192, memory_type: 'HBM3', bandwidth_gbs: 5300,
    tflops: { fp32: 163.4, tf32: 653.7, fp16: 1307.4, bf16: 1307.4, fp8: 2614.9, int8: 2614.9 },
    link: infinityFabric(896), link_kind: 'nvlink', tdp_w: 750, release_year: 2023, price_per_gpu_hour: 2.8,
    source: 'AMD Instinct MI300X page: https://www.amd.com/en/products/accelerators/instinct/mi300/mi300x.html',
    notes: 'Dense figures (2,615 FP16 is the sparse one).',
  }),
  gpu({
    id: 'mi325x', name: 'AMD Instinct MI325X',
    family: 'AMD Instinct', vendor: 'AMD', category: 'datacenter', architecture: 'CDNA 3',
    memory_gb: 256, memory_type: 'HBM3e', bandwidth_gbs: 6000,
    tflops: { fp32: 163.4, tf32: 653.7, fp16: 1307.4, bf16: 1307.4, fp8: 2614.9, int8: 2614.9 },
    link: infinityFabric(896), link_kind: 'nvlink', tdp_w: 1000, release_year: 2024, price_per_gpu_hour: 3.2,
    source: 'AMD Instinct MI325X page: https://www.amd.com/en/products/accelerators/instinct/mi300/mi325x.html',
    notes: 'Compute as MI300X. Shipping capacity 256 GB (288 GB was announced).',
  }),

  // AMD Radeon
  gpu({
    id: 'rx-7900-xtx', name: 'AMD Radeon RX 7900 XTX',
    family: 'AMD Radeon', vendor: 'AMD', category: 'consumer', architecture: 'RDNA 3 (Navi 31)',
    memory_gb: 24, memory_type: 'GDDR6', bandwidth_gbs: 960,
    tflops: { fp32: 61.4, fp16: 122.8, bf16: 122.8, int8: 122.8 },
    link: pcie(4), link_kind: 'pcie', tdp_w: 355, release_year: 2022, price_per_gpu_hour: 0.35,
    source: 'AMD Radeon RX 7900 XTX page: https://www.amd.com/en/products/graphics/desktops/radeon/7000-series/amd-radeon-rx-7900xtx.html',
    notes: 'FP32 counts dual-issue (single-issue ~30.7). BF16/INT8 WMMA assumed equal to FP16 (unconfirmed). No FP8.',
  }),

  // Apple Silicon
  gpu({
    id: 'apple-m2-ultra', name: 'Apple M2 Ultra (76-core GPU)',
    family: 'Apple Silicon', vendor: 'Apple', category: 'apple', architecture: 'Apple silicon (unified memory)',
    memory_gb: 192, memory_type: 'LPDDR5 unified', bandwidth_gbs: 800,
    tflops: {},
    estimated_tflops: { fp32: 27.2, fp16: 27.2, bf16: 27.2 },
    link: NO_LINK, link_kind: 'none', tdp_w: null, release_year: 2023, price_per_gpu_hour: null,
    source: 'Apple newsroom: https://www.apple.com/newsroom/2023/06/apple-introduces-m2-ultra/',
    notes: `${APPLE_NOTE} 76 cores x 128 x 2 x ~1.4 GHz = ~27.2.`,
  }),
  gpu({
    id: 'apple-m3-max', name: 'Apple M3 Max (40-core GPU)',
    family: 'Apple Silicon', vendor: 'Apple', category: 'apple', architecture: 'Apple silicon (unified memory)',
    memory_gb: 128, memory_type: 'LPDDR5 unified', bandwidth_gbs: 400,
    tflops: {},
    estimated_tflops: { fp32: 14.2, fp16: 14.2, bf16: 14.2 },
    link: NO_LINK, link_kind: 'none', tdp_w: null, release_year: 2023, price_per_gpu_hour: null,
    source: 'Apple newsroom: https://www.apple.com/newsroom/2023/10/apple-unveils-m3-m3-pro-and-m3-max-the-most-advanced-chips-for-a-personal-computer/',
    notes: `${APPLE_NOTE} 40 x 128 x 2 x ~1.38 GHz = ~14.2 (community range ~14-16); the 30-core bin has 300 GB/s.`,
  }),
  gpu({
    id: 'apple-m4-max', name: 'Apple M4 Max (40-core GPU)',
    family: 'Apple Silicon', vendor: 'Apple', category: 'apple', architecture: 'Apple silicon (unified memory)',
    memory_gb: 128, memory_type: 'LPDDR5X unified', bandwidth_gbs: 546,
    tflops: {},
    estimated_tflops: { fp32: 16.2, fp16: 16.2, bf16: 16.2 },
    link: NO_LINK, link_kind: 'none', tdp_w: null, release_year: 2024, price_per_gpu_hour: null,
    source: 'Apple newsroom: https://www.apple.com/newsroom/2024/10/apple-introduces-m4-pro-and-m4-max/',
    notes: `${APPLE_NOTE} 40 x 128 x 2 x ~1.58 GHz = ~16.2 (community range ~16-18); the 32-core bin has 410 GB/s.`,
  }),

  // Intel Gaudi
  gpu({
    id: 'gaudi2', name: 'Intel Gaudi 2 (HL-225)',
    family: 'Intel Gaudi', vendor: 'Intel', category: 'datacenter', architecture: 'Habana Gaudi 2 (MME + TPC)',
    memory_gb: 96, memory_type: 'HBM2e', bandwidth_gbs: 2460,
    tflops: { bf16: 432, fp8: 865 },
    estimated_tflops: { fp16: 432 },
    link: ethernet(600), link_kind: 'nvlink', estimated: ['interconnect_bandwidth_bytes_per_second'],
    tdp_w: 600, release_year: 2022, price_per_gpu_hour: 1.3,
    source: 'Intel Gaudi 2 AI accelerator white paper: https://www.intel.com/content/www/us/en/content-details/839363/intel-gaudi-2-ai-accelerators-white-paper.html',
    notes: 'Only MME BF16/FP8 published (FP8 865; one source 835); fp16 assumed = BF16. Interconnect = 24 x 100 GbE RoCE (4.8 Tb/s bidirectional), not PCIe.',
  }),
  gpu({
    id: 'gaudi3', name: 'Intel Gaudi 3 (HL-325L OAM)',
    family: 'Intel Gaudi', vendor: 'Intel', category: 'datacenter', architecture: 'Habana Gaudi 3 (2 dies, 8 MME + 64 TPC)',
    memory_gb: 128, memory_type: 'HBM2e', bandwidth_gbs: 3670,
    tflops: { bf16: 1835, fp8: 1835 },
    estimated_tflops: { fp16: 1835 },
    link: ethernet(1200), link_kind: 'nvlink', estimated: ['interconnect_bandwidth_bytes_per_second'],
    tdp_w: 900, release_year: 2024, price_per_gpu_hour: 2.2,
    source: 'Intel Gaudi 3 AI accelerator white paper: https://www.intel.com/content/www/us/en/content-details/817486/intel-gaudi-3-ai-accelerator-white-paper.html',
    notes: 'MME peak (~1,677 at shipping clocks); fp16 assumed = BF16. Interconnect = 24 x 200 GbE RoCE (1.2 TB/s bidirectional), not PCIe.',
  }),
];
