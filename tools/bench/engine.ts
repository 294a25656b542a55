/**
 * Engine throughput: calculations per second over a mixed workload, and the time of a
 * 10,000-configuration sweep (the median of several runs). Prints one JSON object.
 */
import { calculate, type InferenceOptions, type RuntimeProfile, WEIGHT_FORMATS, supportsWeightFormat } from '@llm-calc/engine';
import { GPU_PRESETS, MODEL_PRESETS, RUNTIME_PROFILES } from '@llm-calc/presets';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function configs(n: number) {
  const out = [];
  const gpus = GPU_PRESETS.filter((g) => supportsWeightFormat('fp16', g));
  for (let i = 0; i < n; i++) {
    const model = MODEL_PRESETS[i % MODEL_PRESETS.length]!;
    const gpu = gpus[(i * 7) % gpus.length]!;
    const formats = WEIGHT_FORMATS.filter((f) => supportsWeightFormat(f, gpu));
    const options: InferenceOptions = {
      promptTokens: 128 << i % 8,
      outputTokens: 256 + (i % 5) * 250,
      batchSize: 1 << i % 6,
      weightFormat: formats[i % formats.length]!,
      kvCacheFormat: 'fp16',
      numGpus: 1 << i % 4,
      tensorParallel: 1 << i % 4,
      pipelineParallel: 1,
      computeEfficiency: 0.42,
      memoryEfficiency: 0.75,
    };
    out.push({ model, gpu, options });
  }
  return out;
}

const sweep = configs(10_000);
/**
 * The options under a runtime, built as one object literal the way callers build them
 * (libs/application's toInferenceOptions). Not `{ ...o, runtime }`: in V8 a spread followed by a
 * new key gives every object a hidden class of its own (9,987 classes for these 10,000), so every
 * field read in the engine misses its inline cache and the sweep measured those misses (~40% of
 * its time), not the calculation.
 */
function withRuntime(o: InferenceOptions, runtime: RuntimeProfile): InferenceOptions {
  return {
    promptTokens: o.promptTokens,
    outputTokens: o.outputTokens,
    batchSize: o.batchSize,
    weightFormat: o.weightFormat,
    kvCacheFormat: o.kvCacheFormat,
    numGpus: o.numGpus,
    tensorParallel: o.tensorParallel,
    pipelineParallel: o.pipelineParallel,
    computeEfficiency: o.computeEfficiency,
    memoryEfficiency: o.memoryEfficiency,
    runtime,
  };
}
// The same sweep under the runtime profiles (llama.cpp, vLLM, TensorRT-LLM, ... in turn), where each runs the format.
const profiles = RUNTIME_PROFILES.filter((r) => r.kind === 'profile');
const profileSweep = sweep.map((c, i) => {
  const runtime =
    profiles.find(
      (r, k) =>
        k >= i % profiles.length &&
        r.weightFormats[c.options.weightFormat] &&
        r.kvCacheFormats.includes('fp16') &&
        (r.supportsTensorParallel || c.options.tensorParallel === 1),
    ) ?? profiles.find((r) => r.id === 'vllm')!;
  const ok =
    runtime.weightFormats[c.options.weightFormat] &&
    (runtime.supportsTensorParallel || c.options.tensorParallel === 1) &&
    c.gpu.interconnect_kind !== 'none';
  return ok
    ? { model: c.model, gpu: c.gpu, options: withRuntime(c.options, runtime) }
    : {
        model: c.model,
        gpu: c.gpu,
        options: withRuntime({ ...c.options, numGpus: 1, tensorParallel: 1, weightFormat: 'fp16' }, profiles.find((r) => r.id === 'vllm')!),
      };
});
let sink = 0;
for (const c of sweep.slice(0, 2000)) sink += calculate(c).performance.tokensPerSecond; // warm-up
// Wall time and this process's CPU time: on a shared machine the CPU time is the steadier figure.
const sweepMs: number[] = [];
const sweepCpuMs: number[] = [];
for (let run = 0; run < 7; run++) {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (const c of sweep) sink += calculate(c).memory.totalBytes;
  sweepMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  const cpu = process.cpuUsage(cpu0);
  sweepCpuMs.push((cpu.user + cpu.system) / 1000);
}
const sweepMedianMs = median(sweepMs);
for (const c of profileSweep.slice(0, 2000)) sink += calculate(c).performance.tokensPerSecond; // warm-up
const profileMs: number[] = [];
const profileCpuMs: number[] = [];
for (let run = 0; run < 7; run++) {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (const c of profileSweep) sink += calculate(c).memory.totalBytes;
  profileMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  const cpu = process.cpuUsage(cpu0);
  profileCpuMs.push((cpu.user + cpu.system) / 1000);
}
console.log(
  JSON.stringify({
    calculations_per_second: Math.round(10_000 / (sweepMedianMs / 1000)),
    sweep_10k_ms_median: Number(sweepMedianMs.toFixed(2)),
    sweep_10k_ms_runs: sweepMs.map((x) => Number(x.toFixed(2))),
    sweep_10k_cpu_ms_median: Number(median(sweepCpuMs).toFixed(2)),
    microseconds_per_calculation: Number(((sweepMedianMs * 1000) / 10_000).toFixed(2)),
    profile_sweep_10k_ms_median: Number(median(profileMs).toFixed(2)),
    profile_sweep_10k_cpu_ms_median: Number(median(profileCpuMs).toFixed(2)),
    profile_microseconds_per_calculation: Number(((median(profileMs) * 1000) / 10_000).toFixed(2)),
    checksum: sink > 0,
  }),
);
