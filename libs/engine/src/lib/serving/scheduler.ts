import { assert, assertPositiveInteger } from '../errors';
import type { StepBatch, StepCostModel } from './step-cost';
import type { ArrivalKind, TraceRequest } from './workload';

/**
 * A continuous-batching scheduler like vLLM V1's and SGLang's (calculation-model.md "Serving
 * under load"): every step decodes one token for each running sequence and fills the rest of a
 * token budget with prefill chunks (chunked prefill); running sequences are served first, in
 * admission order, then waiting requests are admitted first come, first served while there is
 * budget, a free sequence slot and KV blocks for their first chunk. When a running sequence
 * needs a block and none is free, the most recently admitted one is preempted: its blocks are
 * freed and it is recomputed (prompt and the tokens it had generated) when readmitted, ahead of
 * new requests. A request's first token comes out at the end of the step that completes its
 * prefill; a request finishes when it has produced all its output tokens.
 */

export interface SchedulerConfig {
  /** Sequences per step (vLLM max_num_seqs). */
  maxNumSeqs: number;
  /** Tokens per step, decodes and prefill chunks together (max_num_batched_tokens). */
  maxBatchedTokens: number;
  /** Tokens per KV block (paged attention). */
  blockSize: number;
  /** Blocks in the KV pool. */
  poolBlocks: number;
  /**
   * Admit a request only with the blocks of its whole sequence (prompt + output) free and reserve
   * them (TensorRT-LLM's GUARANTEED_NO_EVICT): running sequences never need a block, nothing is
   * preempted. Default false: admit on the first chunk's blocks, preempt when they run out (vLLM).
   */
  reserveFullSequence?: boolean;
}

export interface SimulationInput {
  trace: readonly TraceRequest[];
  arrival: ArrivalKind;
  /** Requests per second, for poisson traces (their arrival times are at rate 1). */
  requestRate?: number;
  /** Closed-loop users, for concurrency traces. */
  concurrency?: number;
  cost: StepCostModel;
  scheduler: SchedulerConfig;
}

export interface SimulationResult {
  /** Per request (index = trace index): seconds. NaN for requests that were not served. */
  arrivalSeconds: Float64Array;
  firstTokenSeconds: Float64Array;
  finishSeconds: Float64Array;
  /** Requests whose prompt plus output exceed the whole pool: refused, never admitted. */
  refused: number;
  admitted: number;
  finished: number;
  steps: number;
  preemptions: number;
  /** Most blocks in use at once. */
  peakBlocks: number;
  poolBlocks: number;
  /** Seconds the GPU spent on steps, split into the prefill and decode parts (by each part's own roofline time in mixed steps). */
  busySeconds: number;
  prefillSeconds: number;
  /** End of the last step. */
  endSeconds: number;
  /** Largest number of sequences in one step. */
  peakRunning: number;
  /**
   * End of the step after which no request was left waiting with all requests arrived (the end of
   * the saturated part of an offline run), and the output tokens sampled until then.
   */
  saturatedSeconds: number;
  saturatedOutputTokens: number;
  /** The longest single step: the granularity of every time in the run. */
  longestStepSeconds: number;
}

/** Safety net: a simulation that takes more steps than this is stopped (it cannot happen with a valid pool). */
const MAX_STEPS = 50_000_000;

/** Runs the trace through the scheduler. Pure and deterministic; O(events x running sequences). */
export function simulateServing(input: SimulationInput): SimulationResult {
  const { trace, cost, scheduler: cfg } = input;
  assertPositiveInteger(cfg.maxNumSeqs, 'scheduler.max_num_seqs');
  assertPositiveInteger(cfg.maxBatchedTokens, 'scheduler.max_num_batched_tokens');
  assertPositiveInteger(cfg.blockSize, 'scheduler.block_size');
  const n = trace.length;
  const bs = cfg.blockSize;
  const poolBlocks = Math.max(0, Math.floor(cfg.poolBlocks));
  const rate = input.requestRate ?? 1;
  if (input.arrival === 'poisson') assert(rate > 0, 'workload.request_rate', 'must be > 0');

  const arrival = new Float64Array(n).fill(NaN);
  const first = new Float64Array(n).fill(NaN);
  const finish = new Float64Array(n).fill(NaN);
  const computed = new Int32Array(n);
  const tokens = new Int32Array(n);
  const generated = new Int32Array(n);
  const blocks = new Int32Array(n);
  const outputOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = trace[i] as TraceRequest;
    tokens[i] = r.inputTokens;
    outputOf[i] = r.outputTokens;
  }

  let free = poolBlocks;
  let peakBlocks = 0;
  let preemptions = 0;
  let steps = 0;
  let refused = 0;
  let admitted = 0;
  let finished = 0;
  let busy = 0;
  let prefillBusy = 0;
  let peakRunning = 0;
  let now = 0;
  let sampled = 0;
  let longestStep = 0;
  let saturatedSeconds = -1;
  let saturatedOutputTokens = 0;

  // Waiting: preempted requests (a stack, last preempted first) ahead of a FIFO of new ones.
  const fifo = new Int32Array(n);
  let fifoHead = 0;
  let fifoTail = 0;
  const front: number[] = [];
  let running: number[] = [];
  const closedLoop = input.arrival === 'concurrency';
  let next = 0; // next trace request to arrive

  const reserve = cfg.reserveFullSequence === true;
  /** Blocks request i must be given to run `want` more tokens (the whole sequence's when reserving). */
  const needFor = (i: number, want: number) => {
    const upTo = reserve ? Math.max(computed[i] + want, tokens[i] + outputOf[i] - generated[i] - 1) : computed[i] + want;
    return Math.ceil(upTo / bs) - blocks[i];
  };
  const fitsPool = (i: number) => Math.ceil((tokens[i] + outputOf[i] - 1) / bs) <= poolBlocks;
  const arrive = (i: number, at: number) => {
    arrival[i] = at;
    if (fitsPool(i)) fifo[fifoTail++] = i;
    else refused++;
  };
  const arrivalTime = (i: number) => (input.arrival === 'poisson' ? (trace[i] as TraceRequest).unitArrival / rate : 0);
  const finishRequest = (i: number) => {
    finish[i] = now;
    finished++;
    free += blocks[i];
    blocks[i] = 0;
  };
  // Closed loop: every user with no request in the system sends the next one (a refused request frees its user at once).
  const issueClosedLoop = () => {
    while (next < n && fifoTail - fifoHead + front.length + running.length < (input.concurrency ?? 1)) arrive(next++, now);
  };
  if (closedLoop) issueClosedLoop();

  const batch: StepBatch = {
    decodeSeqs: 0,
    decodeKeyLayers: 0,
    prefillTokens: 0,
    prefillSeqs: 0,
    prefillKeyLayers: 0,
    prefillCachedLayers: 0,
  };
  const schedId: number[] = [];
  const schedN: number[] = [];
  const preempted = new Uint8Array(n);
  const everAdmitted = new Uint8Array(n);

  while (steps < MAX_STEPS) {
    if (!closedLoop) {
      while (next < n && arrivalTime(next) <= now) {
        arrive(next, arrivalTime(next));
        next++;
      }
    }
    const waitingCount = fifoTail - fifoHead + front.length;
    if (running.length === 0 && waitingCount === 0) {
      if (!closedLoop && next < n) {
        now = Math.max(now, arrivalTime(next));
        continue;
      }
      break;
    }

    // Fast-forward a stretch of decode-only steps when nothing can change but the contexts.
    const r = running.length;
    if (r > 0 && r <= cfg.maxBatchedTokens) {
      let allDecode = true;
      let kFinish = Infinity;
      for (let j = 0; j < r; j++) {
        const i = running[j] as number;
        if (tokens[i] - computed[i] !== 1 || generated[i] === 0) {
          allDecode = false;
          break;
        }
        kFinish = Math.min(kFinish, outputOf[i] - generated[i]);
      }
      if (allDecode) {
        let blocked = waitingCount === 0;
        if (!blocked) {
          const head = front.length ? (front[front.length - 1] as number) : (fifo[fifoHead] as number);
          const budgetLeft = cfg.maxBatchedTokens - r;
          const chunk = Math.min(tokens[head] - computed[head], budgetLeft);
          blocked = r >= cfg.maxNumSeqs || budgetLeft <= 0 || needFor(head, chunk) > free;
        }
        const kBlocks = reserve ? Infinity : Math.floor(free / r) * bs;
        let k = Math.min(kFinish, kBlocks);
        if (blocked && k >= 2) {
          let keyLayers0 = 0;
          let slope = 0;
          for (let j = 0; j < r; j++) {
            const i = running[j] as number;
            keyLayers0 += cost.contextLayers(computed[i] + 1);
            slope += cost.layersPerToken(computed[i] + 1);
          }
          // With requests still to arrive (and room for them), stop at the first step that starts after the next arrival.
          if (!closedLoop && next < n && waitingCount === 0) {
            const gap = arrivalTime(next) - now;
            if (cost.decodeStretchSeconds(r, keyLayers0, slope, k - 1) >= gap) {
              let lo = 1; // stretch(lo - 1) < gap holds for lo = 1
              let hi = k; // stretch(hi - 1) >= gap
              while (hi - lo > 1) {
                const mid = (lo + hi) >> 1;
                if (cost.decodeStretchSeconds(r, keyLayers0, slope, mid - 1) < gap) lo = mid;
                else hi = mid;
              }
              k = lo;
            }
          }
          if (k >= 2) {
            const dt = cost.decodeStretchSeconds(r, keyLayers0, slope, k);
            longestStep = Math.max(longestStep, dt - cost.decodeStretchSeconds(r, keyLayers0, slope, k - 1));
            now += dt;
            busy += dt;
            steps += k;
            sampled += k * r;
            peakRunning = Math.max(peakRunning, r);
            const still: number[] = [];
            for (let j = 0; j < r; j++) {
              const i = running[j] as number;
              computed[i] += k;
              tokens[i] += k;
              generated[i] += k;
              const need = Math.ceil(computed[i] / bs);
              if (need > blocks[i]) {
                free -= need - blocks[i];
                blocks[i] = need;
              }
            }
            peakBlocks = Math.max(peakBlocks, poolBlocks - free);
            for (let j = 0; j < r; j++) {
              const i = running[j] as number;
              if (generated[i] >= outputOf[i]) finishRequest(i);
              else still.push(i);
            }
            running = still;
            if (closedLoop) issueClosedLoop();
            continue;
          }
        }
      }
    }

    // One scheduling step.
    let budget = cfg.maxBatchedTokens;
    schedId.length = 0;
    schedN.length = 0;
    let anyPreempted = false;
    for (let j = 0; j < running.length; j++) {
      const i = running[j] as number;
      if (preempted[i]) continue;
      const want = Math.min(tokens[i] - computed[i], budget);
      if (want <= 0) continue;
      const need = Math.ceil((computed[i] + want) / bs) - blocks[i];
      let self = false;
      while (need > free) {
        // Preempt the most recently admitted sequence that is still running.
        let v = -1;
        for (let q = running.length - 1; q >= 0; q--) {
          const c = running[q] as number;
          if (!preempted[c]) {
            v = c;
            break;
          }
        }
        if (v < 0) break;
        preempted[v] = 1;
        anyPreempted = true;
        preemptions++;
        free += blocks[v];
        blocks[v] = 0;
        computed[v] = 0;
        front.push(v);
        if (v === i) {
          self = true;
          break;
        }
      }
      if (self || need > free) continue;
      free -= Math.max(0, need);
      blocks[i] += Math.max(0, need);
      schedId.push(i);
      schedN.push(want);
      budget -= want;
    }
    if (anyPreempted) {
      running = running.filter((i) => !preempted[i]);
      for (const i of front) preempted[i] = 0;
    }
    if (!anyPreempted) {
      while (budget > 0 && running.length < cfg.maxNumSeqs && (front.length > 0 || fifoHead < fifoTail)) {
        const i = front.length ? (front[front.length - 1] as number) : (fifo[fifoHead] as number);
        const want = Math.min(tokens[i] - computed[i], budget);
        const need = needFor(i, want);
        if (need > free) break;
        if (front.length) front.pop();
        else fifoHead++;
        if (!everAdmitted[i]) {
          everAdmitted[i] = 1;
          admitted++;
        }
        free -= need;
        blocks[i] += need;
        running.push(i);
        schedId.push(i);
        schedN.push(want);
        budget -= want;
      }
    }
    if (schedId.length === 0) {
      // Nothing can run (cannot happen with requests that fit the pool): move on to the next arrival or stop.
      if (!closedLoop && next < n && arrivalTime(next) > now) {
        now = arrivalTime(next);
        continue;
      }
      break;
    }
    batch.decodeSeqs = 0;
    batch.decodeKeyLayers = 0;
    batch.prefillTokens = 0;
    batch.prefillSeqs = 0;
    batch.prefillKeyLayers = 0;
    batch.prefillCachedLayers = 0;
    for (let q = 0; q < schedId.length; q++) {
      const i = schedId[q] as number;
      const m = schedN[q] as number;
      const start = computed[i];
      if (m === 1 && generated[i] > 0 && start === tokens[i] - 1) {
        batch.decodeSeqs++;
        batch.decodeKeyLayers += cost.contextLayers(start + 1);
      } else {
        batch.prefillTokens += m;
        batch.prefillSeqs++;
        batch.prefillKeyLayers += cost.chunkKeyLayers(start, m);
        batch.prefillCachedLayers += cost.contextLayers(start);
      }
    }
    const dt = cost.stepSeconds(batch);
    longestStep = Math.max(longestStep, dt);
    if (batch.prefillTokens > 0) {
      if (batch.decodeSeqs === 0) prefillBusy += dt;
      else {
        const p = cost.stepSeconds({ ...batch, decodeSeqs: 0, decodeKeyLayers: 0 });
        const d = cost.stepSeconds({ ...batch, prefillTokens: 0, prefillSeqs: 0, prefillKeyLayers: 0, prefillCachedLayers: 0 });
        prefillBusy += (dt * p) / (p + d);
      }
    }
    now += dt;
    busy += dt;
    steps++;
    peakRunning = Math.max(peakRunning, schedId.length);
    peakBlocks = Math.max(peakBlocks, poolBlocks - free);
    let anyFinished = false;
    for (let q = 0; q < schedId.length; q++) {
      const i = schedId[q] as number;
      computed[i] += schedN[q] as number;
      if (computed[i] === tokens[i]) {
        if (generated[i] === 0) first[i] = now;
        generated[i]++;
        sampled++;
        tokens[i]++;
        if (generated[i] >= outputOf[i]) {
          finishRequest(i);
          anyFinished = true;
        }
      }
    }
    if (anyFinished) {
      running = running.filter((i) => Number.isNaN(finish[i]));
      if (closedLoop) issueClosedLoop();
    }
    if (saturatedSeconds < 0 && next >= n && fifoHead === fifoTail && front.length === 0) {
      saturatedSeconds = now;
      saturatedOutputTokens = sampled;
    }
  }

  return {
    arrivalSeconds: arrival,
    firstTokenSeconds: first,
    finishSeconds: finish,
    refused,
    admitted,
    finished,
    steps,
    preemptions,
    peakBlocks,
    poolBlocks,
    busySeconds: busy,
    prefillSeconds: prefillBusy,
    endSeconds: now,
    peakRunning,
    saturatedSeconds: Math.max(0, saturatedSeconds),
    saturatedOutputTokens,
    longestStepSeconds: longestStep,
  };
}
