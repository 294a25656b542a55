import { calculate, parameterCounts, profileMemory, profileCapacity, estimateProfilePerformance, type InferenceOptions, WEIGHT_FORMATS, supportsWeightFormat } from '@llm-calc/engine';
import { GPU_PRESETS, MODEL_PRESETS, RUNTIME_PROFILES } from '@llm-calc/presets';
const profiles = RUNTIME_PROFILES.filter((r) => r.kind === 'profile');
const gpus = GPU_PRESETS.filter((g) => supportsWeightFormat('fp16', g));
const cs: any[] = [];
for (let i = 0; i < 10000; i++) {
  const model = MODEL_PRESETS[i % MODEL_PRESETS.length]!; const gpu = gpus[(i * 7) % gpus.length]!;
  const formats = WEIGHT_FORMATS.filter((f) => supportsWeightFormat(f, gpu));
  const o: InferenceOptions = { promptTokens: 128 << (i % 8), outputTokens: 256 + (i % 5) * 250, batchSize: 1 << (i % 6), weightFormat: formats[i % formats.length]!, kvCacheFormat: 'fp16', numGpus: 1 << (i % 4), tensorParallel: 1 << (i % 4), pipelineParallel: 1, computeEfficiency: 0.42, memoryEfficiency: 0.75 };
  const runtime = profiles.find((r, k) => k >= i % profiles.length && r.weightFormats[o.weightFormat] && r.kvCacheFormats.includes('fp16') && (r.supportsTensorParallel || o.tensorParallel === 1)) ?? profiles.find((r) => r.id === 'vllm')!;
  const ok = runtime.weightFormats[o.weightFormat] && (runtime.supportsTensorParallel || o.tensorParallel === 1) && gpu.interconnect_kind !== 'none';
  cs.push(ok ? { model, gpu, options: { ...o, runtime } } : { model, gpu, options: { ...o, numGpus: 1, tensorParallel: 1, weightFormat: 'fp16', runtime: profiles.find((r) => r.id === 'vllm')! } });
}
const counts = cs.map((c) => parameterCounts(c.model));
const time = (name: string, f: (c: any, i: number) => number) => { let s = 0; for (let w = 0; w < 2; w++) for (let i = 0; i < cs.length; i++) s += f(cs[i], i); const xs = []; for (let r = 0; r < 5; r++) { const c0 = process.cpuUsage(); for (let i = 0; i < cs.length; i++) s += f(cs[i], i); const c = process.cpuUsage(c0); xs.push((c.user + c.system) / 1000); } xs.sort((a, b) => a - b); console.log(name, xs[2]!.toFixed(1), 'ms cpu', s > 0); };
time('calculate', (c) => calculate(c).memory.totalBytes);
time('memory', (c, i) => profileMemory(c.model, c.gpu, c.options, counts[i], c.options.runtime).totalBytes);
time('capacity', (c, i) => profileCapacity(c.model, c.gpu, c.options, counts[i], c.options.runtime).maxBatchSize + 1);
time('perf', (c, i) => estimateProfilePerformance(c.model, c.gpu, c.options, counts[i], c.options.runtime).tokensPerSecond);
time('counts', (c) => parameterCounts(c.model).total);
