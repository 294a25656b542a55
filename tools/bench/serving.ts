/**
 * Serving timings (issue 15): simulating 10,000 requests through the continuous-batching
 * scheduler, and a recommend search over every GPU preset x tensor parallel 1-8 x three
 * precisions. Medians of several warm runs; prints one JSON object.
 */
import {
  DEFAULT_COMPUTE_EFFICIENCY,
  DEFAULT_MEMORY_EFFICIENCY,
  DEFAULT_SCHEDULER,
  prepareDeployment,
  recommendDeployments,
  runReplica,
  type KvCacheFormat,
  type ServingWorkload,
  type WeightFormat,
} from '@llm-calc/engine';
import { GPU_PRESETS, MODEL_PRESETS } from '@llm-calc/presets';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const model = (id: string) => {
  const m = MODEL_PRESETS.find((p) => p.id === id);
  if (!m) throw new Error(id);
  return m;
};
const h100 = GPU_PRESETS.find((g) => g.id === 'h100-sxm');
if (!h100) throw new Error('h100-sxm');

const chat = (rate: number, n: number): ServingWorkload => ({
  arrival: 'poisson',
  requestRate: rate,
  numRequests: n,
  inputTokens: { distribution: 'lognormal', mean: 1024, sigma: 0.6 },
  outputTokens: { distribution: 'lognormal', mean: 256, sigma: 0.6 },
  seed: 1,
});

const d = prepareDeployment({
  model: model('llama-3.1-8b'),
  gpu: h100,
  weightFormat: 'bf16',
  kvCacheFormat: 'bf16',
  tensorParallel: 1,
  replicas: 1,
  computeEfficiency: DEFAULT_COMPUTE_EFFICIENCY,
  memoryEfficiency: DEFAULT_MEMORY_EFFICIENCY,
  scheduler: { ...DEFAULT_SCHEDULER },
  pricePerGpuHour: 2.8,
});
const simulateMs: number[] = [];
let steps = 0;
for (let run = 0; run < 8; run++) {
  const t0 = performance.now();
  const r = runReplica(d, chat(15, 10_000));
  const ms = performance.now() - t0;
  steps = r.simulation.steps;
  if (run >= 2) simulateMs.push(ms); // two warm-up runs
}

const kv = (w: WeightFormat): KvCacheFormat => (w === 'fp8' ? 'fp8' : 'bf16');
const recommend = (id: string, rate: number) =>
  recommendDeployments({
    model: model(id),
    gpus: GPU_PRESETS.map((g) => ({ id: g.id, spec: g, pricePerGpuHour: g.price_per_gpu_hour })),
    precisions: ['bf16', 'fp8', 'int4'],
    kvCacheFormatFor: kv,
    tensorParallel: [1, 2, 3, 4, 5, 6, 7, 8],
    workload: chat(rate, 1000),
    sla: { ttft: { p90: 1 }, tpot: { p90: 0.05 } },
    scheduler: { ...DEFAULT_SCHEDULER },
    computeEfficiency: DEFAULT_COMPUTE_EFFICIENCY,
    memoryEfficiency: DEFAULT_MEMORY_EFFICIENCY,
  });
const timedRecommend = (id: string, rate: number) => {
  const ms: number[] = [];
  let searched = 0;
  let options = 0;
  for (let run = 0; run < 4; run++) {
    const t0 = performance.now();
    const r = recommend(id, rate);
    if (run >= 1) ms.push(performance.now() - t0); // one warm-up run
    searched = r.searched;
    options = r.options.length;
  }
  return { ms: median(ms), searched, options };
};
const r8 = timedRecommend('llama-3.1-8b', 20);
const r70 = timedRecommend('llama-3.1-70b', 5);

console.log(
  JSON.stringify({
    simulate_10k_requests_ms_median: median(simulateMs),
    simulate_10k_steps: steps,
    recommend_8b_ms_median: r8.ms,
    recommend_8b_configurations: r8.searched,
    recommend_70b_ms_median: r70.ms,
    recommend_70b_configurations: r70.searched,
    gpus: GPU_PRESETS.length,
  }),
);
