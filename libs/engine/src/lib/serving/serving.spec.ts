import fc from 'fast-check';
import { parameterCounts } from '../parameters';
import { estimatePerformance } from '../performance';
import type { RuntimeProfile } from '../runtime';
import { estimateProfilePerformance } from '../runtime-performance';
import { profileKvPool, profileStepCost } from './profile-step-cost';
import type { GpuSpec, ModelArchitecture } from '../types';
import {
  checkSla,
  DEFAULT_SCHEDULER,
  estimateServing,
  offlineMaximumOutputTokensPerSecond,
  prepareDeployment,
  runReplica,
  type DeploymentConfig,
} from './deployment';
import { percentiles, quantile, summarize } from './metrics';
import { seededRandom } from './random';
import { recommendDeployments } from './recommend';
import { simulateServing, type SchedulerConfig } from './scheduler';
import { PYTHON_SCHEDULER_SECONDS_PER_SEQUENCE, servingTraits } from './serving-traits';
import { kvPool, rooflineStepCost, type StepCostModel } from './step-cost';
import { generateTrace, sampleLength, type ServingWorkload, type TraceRequest } from './workload';

const LLAMA_8B: ModelArchitecture = {
  name: 'Llama 3.1 8B',
  hidden_size: 4096,
  intermediate_size: 14336,
  num_layers: 32,
  num_attention_heads: 32,
  num_kv_heads: 8,
  head_dim: 128,
  vocab_size: 128256,
  tie_word_embeddings: false,
  ffn_type: 'gated',
  num_experts: 1,
  experts_per_token: 1,
  expert_intermediate_size: 14336,
  num_shared_experts: 0,
  first_dense_layers: 0,
  kv_lora_rank: null,
  qk_rope_head_dim: null,
  sliding_window: null,
  sliding_window_pattern: null,
};
const H100: GpuSpec = {
  name: 'H100 SXM',
  memory_bytes: 80 * 2 ** 30,
  memory_bandwidth_bytes_per_second: 3.35e12,
  peak_flops: { fp16: 989.5e12, bf16: 989.5e12, fp8: 1979e12, fp32: 67e12 },
  interconnect_bandwidth_bytes_per_second: 450e9,
};
const CONFIG: DeploymentConfig = {
  model: LLAMA_8B,
  gpu: H100,
  weightFormat: 'bf16',
  kvCacheFormat: 'bf16',
  tensorParallel: 1,
  replicas: 1,
  computeEfficiency: 0.42,
  memoryEfficiency: 0.75,
  scheduler: { ...DEFAULT_SCHEDULER },
  pricePerGpuHour: 2.8,
};

/** A step that always takes 10 ms: hand-computable schedules. */
const TEN_MS: StepCostModel = {
  peakFlopsPerSecond: 1e15,
  matmulFlopsPerToken: 1,
  headFlopsPerToken: 1,
  minStepSeconds: 0.01,
  stepSeconds: () => 0.01,
  decodeStretchSeconds: (_n, _k0, _s, k) => 0.01 * k,
  contextLayers: (c) => c,
  chunkKeyLayers: (s, n) => n * s + (n * (n + 1)) / 2,
  layersPerToken: () => 1,
};
const req = (inputTokens: number, outputTokens: number, unitArrival = 0): TraceRequest => ({ inputTokens, outputTokens, unitArrival });
const sched = (o: Partial<SchedulerConfig> = {}): SchedulerConfig => ({
  maxNumSeqs: 256,
  maxBatchedTokens: 8192,
  blockSize: 16,
  poolBlocks: 1000,
  ...o,
});

describe('workload', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const w: ServingWorkload = {
      arrival: 'poisson',
      requestRate: 2,
      numRequests: 50,
      inputTokens: { distribution: 'lognormal', mean: 500, sigma: 0.8 },
      outputTokens: { distribution: 'uniform', min: 10, max: 20 },
      seed: 7,
    };
    expect(generateTrace(w)).toEqual(generateTrace(w));
    expect(generateTrace({ ...w, seed: 8 })).not.toEqual(generateTrace(w));
  });

  it('lognormal keeps the mean it is given and uniform stays in range', () => {
    const r = seededRandom(3);
    let sum = 0;
    for (let i = 0; i < 20000; i++) sum += sampleLength({ distribution: 'lognormal', mean: 256, sigma: 0.6 }, r);
    expect(sum / 20000).toBeGreaterThan(256 * 0.97);
    expect(sum / 20000).toBeLessThan(256 * 1.03);
    for (let i = 0; i < 1000; i++) {
      const x = sampleLength({ distribution: 'uniform', min: 5, max: 9 }, r);
      expect(x >= 5 && x <= 9 && Number.isInteger(x)).toBe(true);
    }
  });

  it('poisson gaps average 1 / rate', () => {
    const t = generateTrace({
      arrival: 'poisson',
      requestRate: 1,
      numRequests: 5001,
      inputTokens: { distribution: 'fixed', mean: 1 },
      outputTokens: { distribution: 'fixed', mean: 1 },
      seed: 1,
    });
    expect((t[5000] as TraceRequest).unitArrival / 5000).toBeCloseTo(1, 1);
  });
});

describe('scheduler: worked examples with a 10 ms step', () => {
  it('one request: TTFT is the prefill step, then one step per token', () => {
    const sim = simulateServing({ trace: [req(4, 3)], arrival: 'offline', cost: TEN_MS, scheduler: sched() });
    expect(sim.firstTokenSeconds[0]).toBeCloseTo(0.01, 12);
    expect(sim.finishSeconds[0]).toBeCloseTo(0.03, 12);
    const m = summarize([req(4, 3)], sim);
    expect(m.tpotSeconds.p50).toBeCloseTo(0.01, 12); // (0.03 - 0.01) / (3 - 1)
    expect(m.outputTokensPerSecond).toBeCloseTo(100, 6);
  });

  it('max_num_seqs 1: the second request waits for the first', () => {
    const trace = [req(4, 3), req(4, 3)];
    const sim = simulateServing({ trace, arrival: 'offline', cost: TEN_MS, scheduler: sched({ maxNumSeqs: 1 }) });
    expect(Array.from(sim.firstTokenSeconds)).toEqual([0.01, expect.closeTo(0.04, 12)]);
    expect(sim.finishSeconds[1]).toBeCloseTo(0.06, 12);
  });

  it('chunked prefill: a 20-token prompt with a budget of 8 takes three steps', () => {
    const sim = simulateServing({ trace: [req(20, 2)], arrival: 'offline', cost: TEN_MS, scheduler: sched({ maxBatchedTokens: 8 }) });
    expect(sim.firstTokenSeconds[0]).toBeCloseTo(0.03, 12);
    expect(sim.finishSeconds[0]).toBeCloseTo(0.04, 12);
  });

  it('continuous batching: a request arriving mid-generation joins the running batch', () => {
    // B arrives at 25 ms, is prefilled in the step starting at 30 ms, alongside A's decode.
    const trace = [req(4, 10, 0), req(4, 2, 0.025)];
    const sim = simulateServing({ trace, arrival: 'poisson', requestRate: 1, cost: TEN_MS, scheduler: sched() });
    expect(sim.firstTokenSeconds[1]).toBeCloseTo(0.04, 12);
    expect(sim.finishSeconds[1]).toBeCloseTo(0.05, 12);
    expect(sim.finishSeconds[0]).toBeCloseTo(0.1, 12);
  });

  it('preempts the latest request when blocks run out and recomputes it', () => {
    // Pool of 3 blocks of 4 tokens; each request grows to 3 + 6 - 1 = 8 tokens = 2 blocks.
    const trace = [req(3, 6), req(3, 6)];
    const sim = simulateServing({ trace, arrival: 'offline', cost: TEN_MS, scheduler: sched({ blockSize: 4, poolBlocks: 3 }) });
    expect(sim.preemptions).toBeGreaterThanOrEqual(1);
    expect(sim.finished).toBe(2);
    expect(sim.peakBlocks).toBeLessThanOrEqual(3);
    expect(sim.finishSeconds[1] as number).toBeGreaterThan(sim.finishSeconds[0] as number);
  });

  it('reserving the whole sequence (no-evict) never preempts: the second request waits for the blocks of the first', () => {
    // Same pool as above: each request reserves ceil(8 / 4) = 2 of the 3 blocks at admission.
    const trace = [req(3, 6), req(3, 6)];
    const sim = simulateServing({
      trace,
      arrival: 'offline',
      cost: TEN_MS,
      scheduler: sched({ blockSize: 4, poolBlocks: 3, reserveFullSequence: true }),
    });
    expect(sim.preemptions).toBe(0);
    expect(sim.finished).toBe(2);
    expect(sim.peakBlocks).toBe(2);
    // One prefill step + 5 decode steps each, one after the other: 0.06 s and 0.12 s.
    expect(sim.finishSeconds[0]).toBeCloseTo(0.06, 12);
    expect(sim.firstTokenSeconds[1] as number).toBeGreaterThan(sim.finishSeconds[0] as number);
    expect(sim.finishSeconds[1]).toBeCloseTo(0.12, 12);
  });

  it('refuses a request longer than the whole pool and serves the rest', () => {
    const sim = simulateServing({
      trace: [req(100, 10), req(4, 2)],
      arrival: 'offline',
      cost: TEN_MS,
      scheduler: sched({ blockSize: 4, poolBlocks: 5 }),
    });
    expect(sim.refused).toBe(1);
    expect(sim.finished).toBe(1);
    expect(Number.isNaN(sim.finishSeconds[0] as number)).toBe(true);
  });

  it('closed loop: a user sends the next request when the last finishes', () => {
    const trace = [req(4, 3), req(4, 3), req(4, 3)];
    const sim = simulateServing({ trace, arrival: 'concurrency', concurrency: 1, cost: TEN_MS, scheduler: sched() });
    expect(sim.arrivalSeconds[1]).toBeCloseTo(0.03, 12);
    expect(sim.finishSeconds[2]).toBeCloseTo(0.09, 12);
  });
});

describe('step cost and pool', () => {
  it('one decoding sequence costs what the engine’s decode step does, plus the per-step overhead', () => {
    const cost = rooflineStepCost(LLAMA_8B, H100, {
      weightFormat: 'bf16',
      kvCacheFormat: 'bf16',
      tensorParallel: 1,
      computeEfficiency: 0.42,
      memoryEfficiency: 0.75,
      stepOverheadSeconds: 0,
    });
    const perf = estimatePerformance(LLAMA_8B, H100, {
      promptTokens: 1000,
      outputTokens: 1,
      batchSize: 1,
      weightFormat: 'bf16',
      kvCacheFormat: 'bf16',
      numGpus: 1,
      tensorParallel: 1,
      pipelineParallel: 1,
      computeEfficiency: 0.42,
      memoryEfficiency: 0.75,
    });
    const step = cost.stepSeconds({
      decodeSeqs: 1,
      decodeKeyLayers: cost.contextLayers(1000),
      prefillTokens: 0,
      prefillSeqs: 0,
      prefillKeyLayers: 0,
      prefillCachedLayers: 0,
    });
    expect(step / perf.decode.seconds).toBeCloseTo(1, 2);
  });

  it('a decode stretch equals the sum of its steps', () => {
    const cost = rooflineStepCost(LLAMA_8B, H100, {
      weightFormat: 'bf16',
      kvCacheFormat: 'bf16',
      tensorParallel: 2,
      computeEfficiency: 0.42,
      memoryEfficiency: 0.75,
    });
    let sum = 0;
    for (let i = 0; i < 50; i++)
      sum += cost.stepSeconds({
        decodeSeqs: 64,
        decodeKeyLayers: 64 * cost.contextLayers(500 + i),
        prefillTokens: 0,
        prefillSeqs: 0,
        prefillKeyLayers: 0,
        prefillCachedLayers: 0,
      });
    expect(cost.decodeStretchSeconds(64, 64 * cost.contextLayers(500), 64 * 32, 50) / sum).toBeCloseTo(1, 9);
  });

  it('the pool is what utilization leaves after the weights: Llama 3.1 8B bf16 on an 80 GB H100', () => {
    const pool = kvPool(LLAMA_8B, H100, {
      weightFormat: 'bf16',
      kvCacheFormat: 'bf16',
      tensorParallel: 1,
      gpuMemoryUtilization: 0.9,
      maxBatchedTokens: 8192,
      maxNumSeqs: 256,
    });
    const weights = parameterCounts(LLAMA_8B).total * 2;
    expect(pool.bytesPerToken).toBe(2 * 32 * 8 * 128 * 2); // 131,072 bytes
    expect(pool.poolBytes).toBeLessThan(0.9 * 80 * 2 ** 30 - weights);
    // vLLM reports about 450k-480k tokens of KV cache for this setup.
    expect(pool.capacityTokens).toBeGreaterThan(420_000);
    expect(pool.capacityTokens).toBeLessThan(500_000);
  });
});

describe('metrics', () => {
  it('quantiles interpolate between ranks', () => {
    expect(quantile(Float64Array.from([1, 2, 3, 4]), 0.5)).toBe(2.5);
    expect(percentiles(Float64Array.from([5])).p99).toBe(5);
  });

  it('checkSla names each missed target', () => {
    const d = prepareDeployment(CONFIG);
    const run = runReplica(d, {
      arrival: 'offline',
      numRequests: 20,
      inputTokens: { distribution: 'fixed', mean: 512 },
      outputTokens: { distribution: 'fixed', mean: 64 },
      seed: 1,
    });
    const check = checkSla(run.metrics, { ttft: { p90: 1e-6 }, tpot: { p99: 10 } });
    expect(check.met).toBe(false);
    expect(check.failed).toEqual(['ttft']);
    expect(check.failures[0]).toMatch(/^TTFT p90 .* > /);
  });
});

/** A small deployment whose pool is tight enough to preempt: Llama 3.1 8B on a 24 GB card. */
const SMALL_GPU: GpuSpec = {
  ...H100,
  name: '24 GB card',
  memory_bytes: 24 * 2 ** 30,
  memory_bandwidth_bytes_per_second: 1e12,
  peak_flops: { fp16: 165e12, bf16: 165e12, fp32: 80e12 },
};
const SMALL: DeploymentConfig = { ...CONFIG, gpu: SMALL_GPU, scheduler: { ...DEFAULT_SCHEDULER, maxNumSeqs: 64 } };

const workloadArb = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  numRequests: fc.integer({ min: 5, max: 60 }),
  inMean: fc.integer({ min: 16, max: 3000 }),
  outMean: fc.integer({ min: 2, max: 600 }),
  sigma: fc.double({ min: 0, max: 1.2, noNaN: true }),
  rate: fc.double({ min: 0.05, max: 50, noNaN: true }),
  util: fc.double({ min: 0.8, max: 0.95, noNaN: true }),
});
type Case = { seed: number; numRequests: number; inMean: number; outMean: number; sigma: number; rate: number; util: number };
const workloadOf = (c: Case): ServingWorkload => ({
  arrival: 'poisson',
  requestRate: c.rate,
  numRequests: c.numRequests,
  seed: c.seed,
  inputTokens: { distribution: 'lognormal', mean: c.inMean, sigma: c.sigma, max: 6000 },
  outputTokens: { distribution: 'lognormal', mean: c.outMean, sigma: c.sigma, max: 2000 },
});
const deploymentOf = (c: Case) => prepareDeployment({ ...SMALL, scheduler: { ...SMALL.scheduler, gpuMemoryUtilization: c.util } });

describe('invariants (fast-check)', () => {
  it('KV-pool use never exceeds the pool, and every admitted request finishes', () => {
    fc.assert(
      fc.property(
        workloadArb,
        fc.constantFrom<ServingWorkload['arrival']>('poisson', 'offline', 'concurrency'),
        fc.boolean(),
        (c, arrival, reserve) => {
          const base = deploymentOf(c);
          // Both admission policies: on the first chunk's blocks (vLLM) and on the whole sequence's (TensorRT-LLM).
          const d = { ...base, traits: { ...base.traits, reserveFullSequence: reserve } };
          const w = { ...workloadOf(c), arrival, concurrency: 1 + (c.seed % 40) };
          const run = runReplica(d, w);
          expect(run.simulation.peakBlocks).toBeLessThanOrEqual(d.poolBlocks);
          if (reserve) expect(run.simulation.preemptions).toBe(0);
          expect(run.simulation.finished).toBe(run.simulation.admitted);
          expect(run.simulation.admitted + run.simulation.refused).toBe(w.numRequests);
        },
      ),
      { numRuns: 60 },
    );
  });

  // The offline maximum is a bound no schedule can beat (offlineMaximumOutputTokensPerSecond). The
  // simulated all-at-once run is not one: paced arrivals let prefill compute hide under
  // memory-bound decode steps, and a greedy admission that runs the pool dry recomputes evictions.
  it('throughput never exceeds the offline maximum of the same requests', () => {
    fc.assert(
      fc.property(workloadArb, fc.constantFrom<ServingWorkload['arrival']>('poisson', 'offline', 'concurrency'), (c, arrival) => {
        const d = deploymentOf(c);
        const w = { ...workloadOf(c), arrival, concurrency: 1 + (c.seed % 40) };
        const trace = generateTrace(w);
        const run = runReplica(d, w, trace);
        const done = trace.filter((_, i) => !Number.isNaN(run.simulation.finishSeconds[i] as number));
        expect(run.metrics.outputTokensPerSecond).toBeLessThanOrEqual(offlineMaximumOutputTokensPerSecond(d, done) * (1 + 1e-9));
      }),
      { numRuns: 80 },
    );
  });

  it('the offline maximum is a bound the saturated server approaches (within 3x)', () => {
    const d = prepareDeployment(CONFIG);
    const w: ServingWorkload = {
      arrival: 'offline',
      numRequests: 400,
      inputTokens: { distribution: 'fixed', mean: 1024 },
      outputTokens: { distribution: 'fixed', mean: 256 },
      seed: 1,
    };
    const run = runReplica(d, w);
    const bound = offlineMaximumOutputTokensPerSecond(d, run.trace);
    expect(run.metrics.outputTokensPerSecond).toBeLessThanOrEqual(bound);
    expect(run.metrics.outputTokensPerSecond).toBeGreaterThan(bound / 3);
  });

  // Up to one step: a request that arrives during a step waits for its end, and where arrivals fall
  // within steps changes with the rate; beyond that granularity no percentile may fall.
  it('latency percentiles never fall as the rate rises (one trace scaled in time), beyond one step', () => {
    fc.assert(
      fc.property(workloadArb, fc.double({ min: 1.05, max: 4, noNaN: true }), (c, factor) => {
        const d = deploymentOf(c);
        const w = workloadOf(c);
        const trace = generateTrace(w);
        const slowRun = runReplica(d, w, trace);
        const fastRun = runReplica(d, { ...w, requestRate: c.rate * factor }, trace);
        const slow = slowRun.metrics;
        const fast = fastRun.metrics;
        const step = Math.max(slowRun.simulation.longestStepSeconds, fastRun.simulation.longestStepSeconds);
        expect(slow.finished).toBeGreaterThan(0);
        for (const key of ['ttftSeconds', 'e2eSeconds'] as const) {
          for (const p of ['p50', 'p90', 'p99'] as const) {
            expect(fast[key][p]).toBeGreaterThanOrEqual(slow[key][p] - step * (1 + 1e-9));
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('estimateServing and recommend', () => {
  const chat: ServingWorkload = {
    arrival: 'poisson',
    requestRate: 5,
    numRequests: 300,
    inputTokens: { distribution: 'lognormal', mean: 1024, sigma: 0.6 },
    outputTokens: { distribution: 'lognormal', mean: 256, sigma: 0.6 },
    seed: 1,
  };

  it('is deterministic for a seed', () => {
    expect(estimateServing(CONFIG, chat, { ttft: { p90: 1 } })).toEqual(estimateServing(CONFIG, chat, { ttft: { p90: 1 } }));
  });

  it('two replicas double the throughput of one at twice the rate', () => {
    const one = estimateServing(CONFIG, chat);
    const two = estimateServing({ ...CONFIG, replicas: 2 }, { ...chat, requestRate: 10, numRequests: 600 });
    expect(two.requestsPerSecond / one.requestsPerSecond).toBeCloseTo(2, 6);
    expect(two.numGpus).toBe(2);
  });

  it('the highest rate within the SLA meets it, a rate 20% above does not', () => {
    const sla = { ttft: { p90: 0.5 }, tpot: { p90: 0.03 } };
    const r = estimateServing(CONFIG, chat, sla);
    const max = r.sla.maxRequestRate as number;
    expect(max).toBeGreaterThan(0);
    const d = prepareDeployment(CONFIG);
    const probe = { ...chat, numRequests: 300 };
    expect(checkSla(runReplica(d, { ...probe, requestRate: max }).metrics, sla).met).toBe(true);
    if (max < r.sla.saturationRate) expect(checkSla(runReplica(d, { ...probe, requestRate: max * 1.2 }).metrics, sla).met).toBe(false);
  });

  it('recommend: options meet the SLA, cheapest first; a GPU too small says so', () => {
    const result = recommendDeployments({
      model: LLAMA_8B,
      gpus: [
        { id: 'h100', spec: H100, pricePerGpuHour: 2.8 },
        { id: 'tiny', spec: { ...SMALL_GPU, name: 'Tiny 8 GB', memory_bytes: 8 * 2 ** 30 }, pricePerGpuHour: 0.2 },
      ],
      precisions: ['bf16', 'fp8'],
      kvCacheFormatFor: (p) => (p === 'fp8' ? 'fp8' : 'bf16'),
      workload: { ...chat, requestRate: 30 },
      sla: { ttft: { p90: 1 }, tpot: { p90: 0.05 } },
      scheduler: { ...DEFAULT_SCHEDULER },
      computeEfficiency: 0.42,
      memoryEfficiency: 0.75,
    });
    expect(result.options.length).toBeGreaterThan(0);
    for (let i = 1; i < result.options.length; i++) {
      expect((result.options[i] as { cost: { costPerHour: number } }).cost.costPerHour).toBeGreaterThanOrEqual(
        (result.options[i - 1] as { cost: { costPerHour: number } }).cost.costPerHour,
      );
    }
    for (const o of result.options) expect(checkSla(o.metrics, { ttft: { p90: 1 }, tpot: { p90: 0.05 } }).met).toBe(true);
    expect(result.rejected.some((r) => r.gpu === 'tiny' && r.reason === 'precision not supported')).toBe(true);
    expect(
      result.rejected.some((r) => r.gpu === 'tiny' && r.precision === 'bf16' && r.reason === 'does not fit' && r.tensorParallel === 1),
    ).toBe(true);
  });
});

// A vLLM-like profile, written out so the tests do not depend on the presets' fitted numbers.
const TEST_PROFILE: RuntimeProfile = {
  id: 'test-vllm',
  name: 'Test vLLM',
  kind: 'profile',
  weightFormats: { bf16: {}, fp8: {}, int4: {} },
  kvCacheFormats: ['bf16', 'fp8'],
  fitted: {
    memoryEfficiency: { HBM: 0.8, GDDR: 0.85, unified: 0.75 },
    quantizedReadFactor: 0.9,
    computeEfficiencyMax: 0.6,
    perLayerSeconds: 5e-6,
    allReduceLatencySeconds: 2e-5,
    lowPrecisionComputeFactor: 0.8,
  },
  computeHalfTokens: 64,
  prefillChunkTokens: 8192,
  stepFixedSeconds: 4e-4,
  fusedDequant: true,
  linkLatencyFactor: { nvlink: 1, 'pcie-p2p': 3, pcie: 6 },
  supportsTensorParallel: true,
  fp16Accumulate: false,
  supportsOffload: false,
  hostMemoryEfficiency: 0.8,
  memory: {
    contextBytes: 0.5 * 2 ** 30,
    workspaceBytes: 0.25 * 2 ** 30,
    cudaGraphBytes: 0.5 * 2 ** 30,
    weightsOverheadFraction: 0,
    kvBlockTokens: 16,
    eagerAttention: false,
    allPromptLogits: false,
    kvCopyOnAppend: false,
    kvPool: { kind: 'utilization', defaultFraction: 0.9 },
  },
  spreads: {
    decode: { lower: 0, upper: 0, n: 0 },
    prefill: { lower: 0, upper: 0, n: 0 },
    memory: { lower: 0, upper: 0, n: 0 },
    batched: { lower: 0, upper: 0, n: 0 },
  },
};

describe('under a runtime profile', () => {
  const profile = TEST_PROFILE;
  const opts = { weightFormat: 'bf16', kvCacheFormat: 'bf16', tensorParallel: 1, computeEfficiency: 0.42, memoryEfficiency: 0.75 } as const;

  it('one decoding sequence costs what the profile’s decode step does', () => {
    const counts = parameterCounts(LLAMA_8B);
    const cost = profileStepCost(LLAMA_8B, H100, opts, profile, counts);
    const perf = estimateProfilePerformance(
      LLAMA_8B,
      H100,
      {
        promptTokens: 999,
        outputTokens: 3,
        batchSize: 1,
        weightFormat: 'bf16',
        kvCacheFormat: 'bf16',
        numGpus: 1,
        tensorParallel: 1,
        pipelineParallel: 1,
        computeEfficiency: 0.42,
        memoryEfficiency: 0.75,
        runtime: profile,
      },
      counts,
      profile,
    );
    // The profile's decode step sits at the mean context 999 + 3/2.
    const step = cost.stepSeconds({
      decodeSeqs: 1,
      decodeKeyLayers: cost.contextLayers(1000.5),
      prefillTokens: 0,
      prefillSeqs: 0,
      prefillKeyLayers: 0,
      prefillCachedLayers: 0,
    });
    expect(step / perf.decodeCost.seconds).toBeCloseTo(1, 2);
  });

  it('its pool follows the runtime’s overheads, and a format it cannot run is refused naming precision', () => {
    const poolOptions = {
      weightFormat: 'bf16',
      kvCacheFormat: 'bf16',
      tensorParallel: 1,
      gpuMemoryUtilization: 0.9,
      maxBatchedTokens: 8192,
      maxNumSeqs: 256,
    } as const;
    const plain = kvPool(LLAMA_8B, H100, poolOptions);
    const withProfile = profileKvPool(LLAMA_8B, H100, poolOptions, profile);
    // The profile reserves 1.25 GiB (context, workspaces, graphs) where the plain pool reserves 0.75 GiB.
    // (and one more row of fp32 logits, its sampler's, 0.5 MB)
    expect(Math.abs(plain.poolBytes - withProfile.poolBytes - 0.5 * 2 ** 30)).toBeLessThan(1e6);
    expect(() => prepareDeployment({ ...CONFIG, weightFormat: 'int8', kvCacheFormat: 'bf16', runtime: profile })).toThrow(
      /precision 'int8' is not supported by Test vLLM/,
    );
  });

  it('recommend names the runtime of each option', () => {
    const result = recommendDeployments({
      model: LLAMA_8B,
      gpus: [{ id: 'h100', spec: H100, pricePerGpuHour: 2.8 }],
      precisions: ['bf16'],
      kvCacheFormatFor: () => 'bf16',
      workload: {
        arrival: 'poisson',
        requestRate: 5,
        numRequests: 100,
        inputTokens: { distribution: 'fixed', mean: 512 },
        outputTokens: { distribution: 'fixed', mean: 128 },
        seed: 1,
      },
      sla: { tpot: { p90: 0.05 } },
      scheduler: { ...DEFAULT_SCHEDULER },
      computeEfficiency: 0.42,
      memoryEfficiency: 0.75,
      runtimes: [profile],
    });
    expect(result.options[0]?.runtime).toBe('test-vllm');
  });
});

describe('serving traits', () => {
  const profileOf = (id: string): RuntimeProfile => ({ ...TEST_PROFILE, id });

  it('vLLM and SGLang pay host work per sequence; TensorRT-LLM reserves whole sequences; the roofline neither', () => {
    expect(servingTraits(profileOf('vllm')).hostSecondsPerSequence).toBe(PYTHON_SCHEDULER_SECONDS_PER_SEQUENCE);
    expect(servingTraits(profileOf('sglang')).reserveFullSequence).toBe(false);
    expect(servingTraits(profileOf('tensorrt-llm'))).toMatchObject({ hostSecondsPerSequence: 0, reserveFullSequence: true });
    expect(servingTraits(undefined)).toEqual({ hostSecondsPerSequence: 0, reserveFullSequence: false, fp8ComputeFactor: null });
  });

  it('the host cost adds h per sequence to a step and k x n x h to a decode stretch', () => {
    const m = LLAMA_8B;
    const o = {
      weightFormat: 'bf16' as const,
      kvCacheFormat: 'bf16' as const,
      tensorParallel: 1,
      computeEfficiency: 0.5,
      memoryEfficiency: 0.8,
    };
    const h = 5e-5;
    const plain = profileStepCost(m, H100, o, TEST_PROFILE);
    const host = profileStepCost(m, H100, { ...o, hostSecondsPerSequence: h }, TEST_PROFILE);
    const b = {
      decodeSeqs: 30,
      decodeKeyLayers: 30 * 500,
      prefillTokens: 700,
      prefillSeqs: 2,
      prefillKeyLayers: 1e5,
      prefillCachedLayers: 0,
    };
    expect(host.stepSeconds(b) - plain.stepSeconds(b)).toBeCloseTo(32 * h, 12);
    expect(host.decodeStretchSeconds(30, 15000, 32, 7) - plain.decodeStretchSeconds(30, 15000, 32, 7)).toBeCloseTo(7 * 30 * h, 12);
  });

  it("an eager runtime's overlapped launches floor a serving step as they floor the batch-1 step", () => {
    // computeEfficiency / memoryEfficiency are the roofline's: a profile step takes its own.
    const o = {
      weightFormat: 'bf16' as const,
      kvCacheFormat: 'bf16' as const,
      tensorParallel: 1,
      computeEfficiency: 0.5,
      memoryEfficiency: 0.8,
    };
    const eager = { ...TEST_PROFILE, launchOverlapsGpu: true, fitted: { ...TEST_PROFILE.fitted, perLayerSeconds: 1e-3 } };
    const cost = profileStepCost(LLAMA_8B, H100, o, eager);
    const L = LLAMA_8B.num_layers;
    const step = L * 1e-3 + TEST_PROFILE.stepFixedSeconds;
    const one = { decodeSeqs: 1, decodeKeyLayers: L * 100, prefillTokens: 0, prefillSeqs: 0, prefillKeyLayers: 0, prefillCachedLayers: 0 };
    expect(cost.stepSeconds(one)).toBeCloseTo(step, 12);
    expect(cost.decodeStretchSeconds(1, L * 100, L, 10)).toBeCloseTo(10 * step, 12);
    // a big batch's GEMMs outlast the launches: the step is the GPU's plus the fixed cost
    const big = { ...one, decodeSeqs: 256, decodeKeyLayers: 256 * L * 4000 };
    const serial = profileStepCost(LLAMA_8B, H100, o, { ...eager, launchOverlapsGpu: false });
    expect(cost.stepSeconds(big)).toBeCloseTo(serial.stepSeconds(big) - L * 1e-3, 12);
  });

  it("an FP8 compute factor above the profile's makes compute-bound FP8 steps faster, never slower", () => {
    const o = {
      weightFormat: 'fp8' as const,
      kvCacheFormat: 'fp8' as const,
      tensorParallel: 1,
      computeEfficiency: 0.5,
      memoryEfficiency: 0.8,
    };
    const low = profileStepCost(LLAMA_8B, H100, { ...o, fp8ComputeFactor: 0.5 }, TEST_PROFILE);
    const high = profileStepCost(LLAMA_8B, H100, { ...o, fp8ComputeFactor: 1 }, TEST_PROFILE);
    const prefill = {
      decodeSeqs: 0,
      decodeKeyLayers: 0,
      prefillTokens: 8192,
      prefillSeqs: 4,
      prefillKeyLayers: 8192 * 1024,
      prefillCachedLayers: 0,
    };
    const decode1 = { decodeSeqs: 1, decodeKeyLayers: 100, prefillTokens: 0, prefillSeqs: 0, prefillKeyLayers: 0, prefillCachedLayers: 0 };
    expect(high.stepSeconds(prefill)).toBeLessThan(low.stepSeconds(prefill));
    expect(high.stepSeconds(decode1)).toBeLessThanOrEqual(low.stepSeconds(decode1));
  });
});
