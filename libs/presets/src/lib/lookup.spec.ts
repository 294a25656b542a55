import { GPU_PRESETS } from './gpu-presets';
import {
  GPU_PRESET_IDS,
  MODEL_PRESET_IDS,
  closestIds,
  editDistance,
  findGpuPreset,
  findModelPreset,
  gpuFamilies,
  modelFamilies,
} from './lookup';
import { MODEL_PRESETS } from './model-presets';

describe('findModelPreset / findGpuPreset', () => {
  it('finds presets by id', () => {
    expect(findModelPreset('llama-3.1-8b')?.name).toBe('Llama 3.1 8B');
    expect(findModelPreset('deepseek-v3')?.kv_lora_rank).toBe(512);
    expect(findGpuPreset('h100-sxm')?.name).toBe('NVIDIA H100 SXM5 80GB');
  });

  it('accepts any case and surrounding spaces', () => {
    expect(findModelPreset('  Llama-3.1-8B ')?.id).toBe('llama-3.1-8b');
    expect(findGpuPreset('H100-SXM')?.id).toBe('h100-sxm');
  });

  it('returns undefined for unknown ids', () => {
    expect(findModelPreset('llama-9-1t')).toBeUndefined();
    expect(findGpuPreset('')).toBeUndefined();
  });

  it('finds every catalogue entry', () => {
    for (const m of MODEL_PRESETS) expect(findModelPreset(m.id)).toBe(m);
    for (const g of GPU_PRESETS) expect(findGpuPreset(g.id)).toBe(g);
  });

  it('lists the ids in catalogue order', () => {
    expect(MODEL_PRESET_IDS).toEqual(MODEL_PRESETS.map((m) => m.id));
    expect(GPU_PRESET_IDS).toEqual(GPU_PRESETS.map((g) => g.id));
  });
});

describe('modelFamilies / gpuFamilies', () => {
  it('groups models by family in catalogue order, losing none', () => {
    const families = modelFamilies();
    expect(families[0].family).toBe(MODEL_PRESETS[0].family);
    expect(families.flatMap((f) => f.models)).toEqual([...MODEL_PRESETS]);
    expect(new Set(families.map((f) => f.family)).size).toBe(families.length);
    const qwen3 = families.find((f) => f.family === 'Qwen3');
    expect(qwen3?.models.map((m) => m.id)).toContain('qwen3-30b-a3b');
  });

  it('groups GPUs by family in catalogue order, losing none', () => {
    const families = gpuFamilies();
    expect(families.flatMap((f) => f.gpus)).toEqual([...GPU_PRESETS]);
    expect(families.find((f) => f.family === 'NVIDIA Hopper')?.gpus.map((g) => g.id)).toEqual(
      expect.arrayContaining(['h100-sxm', 'h200-sxm']),
    );
    expect(families.find((f) => f.family === 'Apple Silicon')?.gpus).toHaveLength(3);
  });

  it('returns copies that callers may change', () => {
    modelFamilies()[0].models.length = 0;
    gpuFamilies()[0].gpus.length = 0;
    expect(modelFamilies()[0].models.length).toBeGreaterThan(0);
    expect(gpuFamilies()[0].gpus.length).toBeGreaterThan(0);
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('lama', 'llama')).toBe(1);
    expect(editDistance('h100-sxm', 'h100-sxm')).toBe(0);
  });
});

describe('closestIds', () => {
  it('suggests the intended model for a typo', () => {
    expect(closestIds('lama-3.1-8b', MODEL_PRESET_IDS)).toContain('llama-3.1-8b');
    expect(closestIds('llama-3.1-8b', MODEL_PRESET_IDS)[0]).toBe('llama-3.1-8b');
    expect(closestIds('mistral-7b-v0.2', MODEL_PRESET_IDS)).toEqual(expect.arrayContaining(['mistral-7b-v0.1', 'mistral-7b-v0.3']));
    expect(closestIds('qwen-2.5-7b', MODEL_PRESET_IDS)[0]).toBe('qwen2.5-7b');
  });

  it('puts substring matches first, prefix matches before the others', () => {
    const h100 = closestIds('h100', GPU_PRESET_IDS);
    expect(h100).toHaveLength(3);
    expect(h100.every((id) => id.startsWith('h100-'))).toBe(true);
    expect(closestIds('4090', GPU_PRESET_IDS)[0]).toBe('rtx-4090');
    expect(closestIds('llama-3.1-8b-instruct', MODEL_PRESET_IDS)[0]).toBe('llama-3.1-8b');
  });

  it('matches the same parts in another order before a short id inside the query', () => {
    // "a10" is contained in the query, but the parts name the A100 SXM 80 GB.
    const a100 = closestIds('a100-80gb-sxm', GPU_PRESET_IDS);
    expect(a100[0]).toBe('a100-sxm-80gb');
    expect(a100).toContain('a100-pcie-80gb');
    expect(a100).not.toContain('a10');
    expect(closestIds('sxm-h100', GPU_PRESET_IDS)[0]).toBe('h100-sxm');
    expect(closestIds('80gb', GPU_PRESET_IDS)).toContain('a100-sxm-80gb');
  });

  it('is case-insensitive and reads spaces as dashes', () => {
    expect(closestIds('H100', GPU_PRESET_IDS)).toContain('h100-sxm');
    expect(closestIds('Llama 3.1 8B', MODEL_PRESET_IDS)[0]).toBe('llama-3.1-8b');
  });

  it('respects max and returns nothing for unrelated queries', () => {
    expect(closestIds('llama', MODEL_PRESET_IDS, 5)).toHaveLength(5);
    expect(closestIds('llama', MODEL_PRESET_IDS, 0)).toEqual([]);
    expect(closestIds('zzzzzzzz', MODEL_PRESET_IDS)).toEqual([]);
    expect(closestIds('', GPU_PRESET_IDS)).toEqual([]);
  });

  it('keeps the order of ids for ties', () => {
    expect(closestIds('ab', ['xab', 'yab', 'zab'])).toEqual(['xab', 'yab', 'zab']);
  });
});
