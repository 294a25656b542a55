import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { ACTIVATIONS_OVERHEAD, KV_CACHE_OVERHEAD, WEIGHTS_OVERHEAD } from '@llm-calc/engine';
import { ByteUnits } from '../shared/byte-units';
import { MemoryVerdict, VERDICT_LABELS } from '../shared/memory-verdict';
import { HelpTip } from '../shared/help-tip';
import { HELP } from './help-texts';

export interface MemoryBreakdown {
  weights_bytes: number;
  kv_cache_bytes: number;
  activations_bytes: number;
  system_overhead_bytes: number;
}

interface Segment {
  key: string;
  label: string;
  bytes: number;
  text: string;
  percent: number;
  help: string;
}

/**
 * One GPU's memory as a stacked bar of weights, KV cache, activations and overhead against its
 * capacity. Plain HTML: the figures are in the legend as text, so the bar itself is decoration.
 */
@Component({
  selector: 'app-memory-bar',
  imports: [HelpTip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="bar-head">
      <span class="title">Per-GPU memory</span>
      <span class="chip" [class]="'chip ' + verdict()">{{ verdictLabel() }}</span>
      <span class="summary">{{ usedText() }} of {{ capacityText() }}</span>
    </div>
    <div class="bar" aria-hidden="true" data-testid="memory-bar">
      @for (segment of segments(); track segment.key) {
        <div class="segment" [class]="'segment ' + segment.key" [style.width.%]="segment.percent"></div>
      }
      <div class="capacity" [style.left.%]="capacityPercent()"></div>
    </div>
    <ul class="legend">
      @for (segment of segments(); track segment.key) {
        <li>
          <span class="swatch" [class]="'swatch ' + segment.key" aria-hidden="true"></span>
          {{ segment.label }}: <strong>{{ segment.text }}</strong>
          <app-help-tip [label]="segment.label" [text]="segment.help" />
        </li>
      }
      <li>
        <span class="swatch capacity-swatch" aria-hidden="true"></span> GPU capacity: <strong>{{ capacityText() }}</strong>
      </li>
    </ul>
  `,
  styles: `
    :host {
      display: block;
    }
    .bar-head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      margin-block-end: 8px;
    }
    .title {
      font: var(--mat-sys-title-small);
    }
    .summary {
      color: var(--mat-sys-on-surface-variant);
    }
    .bar {
      position: relative;
      display: flex;
      block-size: 28px;
      border-radius: 6px;
      overflow: hidden;
      background: var(--mat-sys-surface-container-highest);
    }
    .segment {
      block-size: 100%;
      min-inline-size: 0;
    }
    .capacity {
      position: absolute;
      inset-block: 0;
      inline-size: 3px;
      margin-inline-start: -2px;
      background: var(--mat-sys-on-surface);
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 16px;
      list-style: none;
      padding: 0;
      margin: 8px 0 0;
    }
    .legend li {
      display: inline-flex;
      align-items: center;
      gap: 6px;
    }
    .swatch {
      display: inline-block;
      inline-size: 12px;
      block-size: 12px;
      border-radius: 2px;
    }
    .weights {
      background: #1e88e5;
    }
    .kv {
      background: #8e24aa;
    }
    .activations {
      background: #f4511e;
    }
    .overhead {
      background: #757575;
    }
    .capacity-swatch {
      inline-size: 3px;
      background: var(--mat-sys-on-surface);
    }
    .chip {
      padding: 2px 10px;
      border-radius: 999px;
      font: var(--mat-sys-label-large);
      white-space: nowrap;
    }
    .chip.fits {
      background: #c8e6c9;
      color: #1b5e20;
    }
    .chip.tight {
      background: #ffe0b2;
      color: #8a3c00;
    }
    .chip.no {
      background: #ffcdd2;
      color: #b71c1c;
    }
  `,
})
export class MemoryBar {
  readonly perGpu = input.required<MemoryBreakdown>();
  readonly capacityBytes = input.required<number>();
  readonly verdict = input.required<MemoryVerdict>();
  /** The plain roofline adds allowances on top of each size; runtime profiles give raw sizes. */
  readonly allowances = input(true);
  private readonly units = inject(ByteUnits);
  protected readonly verdictLabel = computed(() => VERDICT_LABELS[this.verdict()]);

  private readonly usedBytes = computed(() => {
    const p = this.perGpu();
    return p.weights_bytes + p.kv_cache_bytes + p.activations_bytes + p.system_overhead_bytes;
  });
  /** The bar spans the larger of capacity and need, so an overflow shows past the capacity line. */
  private readonly scaleBytes = computed(() => Math.max(this.capacityBytes(), this.usedBytes(), 1));

  protected readonly usedText = computed(() => this.units.format(this.usedBytes()));
  protected readonly capacityText = computed(() => this.units.format(this.capacityBytes()));
  protected readonly capacityPercent = computed(() => Math.min(100, (this.capacityBytes() / this.scaleBytes()) * 100));

  protected readonly segments = computed<Segment[]>(() => {
    const p = this.perGpu();
    const scale = this.scaleBytes();
    // Raw sizes apart from the allowances the model adds on top of each (shown as one grey segment).
    const raw = (bytes: number, overhead: number) => (this.allowances() ? bytes / (1 + overhead) : bytes);
    const weights = raw(p.weights_bytes, WEIGHTS_OVERHEAD);
    const kv = raw(p.kv_cache_bytes, KV_CACHE_OVERHEAD);
    const activations = raw(p.activations_bytes, ACTIVATIONS_OVERHEAD);
    const overheads = this.usedBytes() - weights - kv - activations;
    const parts: [string, string, number, string][] = [
      ['weights', 'Weights', weights, HELP.weights_bytes],
      ['kv', 'KV cache', kv, HELP.kv_cache_bytes],
      ['activations', 'Activations', activations, HELP.activations_bytes],
      ['overhead', 'Overheads', overheads, HELP.overheads],
    ];
    return parts.map(([key, label, bytes, help]) => ({
      key,
      label,
      bytes,
      help,
      text: this.units.format(bytes),
      percent: Math.max(0, (bytes / scale) * 100),
    }));
  });
}
