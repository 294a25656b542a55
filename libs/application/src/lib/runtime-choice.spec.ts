import { RUNTIME_CHOICES } from '@llm-calc/fields';
import { RUNTIME_PROFILES } from '@llm-calc/presets';
import { RequestError } from '@llm-calc/contracts';
import type { CalculateRequestDto } from '@llm-calc/dto';
import { calculateFromRequest } from './calculate';
import { resolveCalculateRequest, resolveGpuPreset } from './resolve';
import { chooseRuntime, runtimeCatalogue } from './runtime-choice';

const META = { id: 'x', timestamp: 't', source: 'cli' as const };
const req = (body: Record<string, unknown>) => body as unknown as CalculateRequestDto;

describe('runtime choice', () => {
  it('the registry lists exactly the preset profiles, plus auto', () => {
    expect([...RUNTIME_CHOICES].sort()).toEqual(['auto', ...RUNTIME_PROFILES.map((r) => r.id)].sort());
  });

  it('auto: llama.cpp for GGUF weights or KV formats, MLX on Apple, vLLM otherwise, falling back to a runtime that runs the formats', () => {
    const h100 = resolveGpuPreset('h100-sxm').spec;
    const m3 = resolveGpuPreset('apple-m3-max').spec;
    expect(chooseRuntime(undefined, h100, 'bf16', 'bf16').id).toBe('vllm');
    expect(chooseRuntime('auto', h100, 'q4_k_m', 'bf16').id).toBe('llama.cpp');
    expect(chooseRuntime('auto', h100, 'bf16', 'q8_0').id).toBe('llama.cpp');
    expect(chooseRuntime('auto', m3, 'int4', 'fp16').id).toBe('mlx');
    expect(chooseRuntime('auto', m3, 'q4_0', 'fp16').id).toBe('llama.cpp');
    // vLLM has no int8 KV cache; TensorRT-LLM has. No fp32 KV either; HF transformers has.
    expect(chooseRuntime('auto', h100, 'bf16', 'int8').id).toBe('tensorrt-llm');
    expect(chooseRuntime('auto', h100, 'bf16', 'fp32').id).toBe('transformers');
    expect(chooseRuntime('sglang', h100, 'q4_k_m', 'bf16').id).toBe('sglang');
  });

  it('resolves GPU presets with the memory and link kinds the profiles read', () => {
    expect(resolveGpuPreset('rtx-4090').spec).toMatchObject({ memory_kind: 'GDDR', interconnect_kind: 'pcie' });
    expect(resolveGpuPreset('rtx-4090').spec.fp16_accumulate_flops).toBeGreaterThan(3e14);
    expect(resolveGpuPreset('apple-m3-max').spec).toMatchObject({ memory_kind: 'unified', interconnect_kind: 'none' });
  });

  it('normalizes efficiencies to null under a profile (the fitted values apply) and to the roofline defaults under roofline', () => {
    const auto = resolveCalculateRequest(req({ model: 'llama-3.1-8b', gpu: 'h100-sxm' }));
    expect(auto.normalized).toMatchObject({ runtime: 'vllm', efficiency: null, memory_efficiency: null, gpu_memory_utilization: 0.9 });
    expect(auto.options.memoryEfficiencyOverride).toBeUndefined();
    const given = resolveCalculateRequest(req({ model: 'llama-3.1-8b', gpu: 'h100-sxm', memory_efficiency: 0.5 }));
    expect(given.options.memoryEfficiencyOverride).toBe(0.5);
    const roof = resolveCalculateRequest(req({ model: 'llama-3.1-8b', gpu: 'h100-sxm', runtime: 'roofline' }));
    expect(roof.normalized).toMatchObject({ efficiency: 0.42, memory_efficiency: 0.75, gpu_memory_utilization: null });
    expect(roof.options.memoryEfficiencyOverride).toBeUndefined();
  });

  it('llama.cpp splits num_gpus into layer stages unless the split is given', () => {
    const split = resolveCalculateRequest(req({ model: 'llama-3.1-70b', gpu: 'rtx-4090', precision: 'q4_k_m', num_gpus: 2 }));
    expect(split.normalized).toMatchObject({ runtime: 'llama.cpp', tensor_parallel: 1, pipeline_parallel: 2, num_gpus: 2 });
    expect(() =>
      calculateFromRequest(req({ model: 'llama-3.1-70b', gpu: 'rtx-4090', precision: 'q4_k_m', tensor_parallel: 2 }), META),
    ).toThrow(RequestError);
  });

  it('a vLLM worked example: Llama 3.1 8B bf16 on an H100 at gpu_memory_utilization 0.9 keeps a KV pool of its reservation minus weights and overheads', () => {
    const r = calculateFromRequest(req({ model: 'llama-3.1-8b', gpu: 'h100-sxm', sequence_length: 1000, output_tokens: 0 }), META);
    const reserved = 0.9 * 80 * 2 ** 30;
    expect(r.memory.reserved_bytes).toBeCloseTo(reserved, -3);
    // Weights 16.06e9 bytes (8.03e9 parameters x 2), overheads 1.25 GiB, activations of the prompt.
    const nonKv = r.memory.per_gpu_bytes - r.memory.per_gpu.kv_cache_bytes;
    expect(r.memory.kv_pool_bytes).toBeCloseTo(reserved - nonKv, -3);
    // 131,072 bytes of bf16 KV per token (32 layers x 8 KV heads x 128 x 2 x 2 bytes).
    expect(r.memory.kv_cache_bytes_per_token).toBe(131072);
    expect(r.memory.kv_pool_tokens).toBe(Math.floor((r.memory.kv_pool_bytes as number) / 131072));
    expect(r.memory.kv_pool_tokens).toBeGreaterThan(400_000);
  });

  it('lists every profile for GET /api/runtimes with its cross-validated error', () => {
    const c = runtimeCatalogue();
    expect(c.runtimes.map((r) => r.id)).toEqual(RUNTIME_PROFILES.map((r) => r.id));
    const mlx = c.runtimes.find((r) => r.id === 'mlx');
    expect(mlx?.bits_per_weight).toMatchObject({ int4: 4.5 });
    for (const r of c.runtimes) for (const cv of Object.values(r.cross_validation)) expect(cv.low).toBeLessThanOrEqual(0);
  });
});
