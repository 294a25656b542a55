import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatCard, MatCardContent, MatCardHeader, MatCardTitle } from '@angular/material/card';
import type { TrainingResponse } from '@llm-calc/contracts';
import { BytesPipe, FlopsPipe, GpuHoursPipe, LongDurationPipe, ParametersPipe, UsdPipe } from '../shared/format.pipes';
import { HelpTip } from '../shared/help-tip';

export const TRAINING_RESULT_HELP = {
  total_flops:
    'Training FLOPs ≈ 6·N·D (forward 2·N·D, backward 4·N·D; N = active parameters, D = tokens), 8·N·D with full recomputation, plus the causal attention-score FLOPs.',
  time: 'Time = total FLOPs ÷ (GPUs × dense peak FLOP/s in the training precision × MFU).',
  gpu_hours: 'GPU-hours = time in hours × number of GPUs.',
  cost: 'Cost = GPU-hours × price per GPU-hour.',
  weights: 'Weights in the training format (4 bytes fp32, 2 bf16/fp16, 1 fp8) per parameter; divided by the GPUs under ZeRO-3.',
  gradients: 'Gradients (4 bytes fp32, else 2) per parameter; divided by the GPUs under ZeRO-2 and 3.',
  optimizer:
    'Adam momentum and variance in fp32 (8 bytes), plus an fp32 master copy in mixed precision (12 bytes in all) per parameter; divided by the GPUs from ZeRO-1.',
  activations:
    'Korthikanti et al. 2022, per layer and micro-batch: s·b·h·(34 + 5·a·s/h) bytes without recomputation, 34·s·b·h selective, 2·s·b·h full (16-bit), plus fp32 logits s·b·V·4.',
  total: "Per-GPU total = weights + gradients + optimizer states + activations; it fits when no more than one GPU's memory.",
} as const;

interface MemoryRow {
  key: string;
  label: string;
  bytes: number;
  help: string;
}

/** The estimate of one training run: compute, time, cost and per-GPU memory. Presentational. */
@Component({
  selector: 'app-training-results',
  imports: [
    MatCard,
    MatCardHeader,
    MatCardTitle,
    MatCardContent,
    HelpTip,
    BytesPipe,
    FlopsPipe,
    GpuHoursPipe,
    LongDurationPipe,
    ParametersPipe,
    UsdPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let r = result();
    <mat-card appearance="outlined" data-testid="training-results">
      <mat-card-header>
        <mat-card-title>{{ r.model_summary.name }}: {{ r.model_summary.active_parameters | parameters }} active parameters</mat-card-title>
      </mat-card-header>
      <mat-card-content>
        <dl class="figures">
          <div>
            <dt>Total compute <app-help-tip label="Total compute" [text]="help.total_flops" /></dt>
            <dd data-testid="training-flops">{{ r.total_flops | flops }}</dd>
          </div>
          <div>
            <dt>Time <app-help-tip label="Time" [text]="help.time" /></dt>
            <dd data-testid="training-time">{{ r.time_seconds | longDuration }}</dd>
          </div>
          <div>
            <dt>GPU-hours <app-help-tip label="GPU-hours" [text]="help.gpu_hours" /></dt>
            <dd data-testid="training-gpu-hours">{{ r.gpu_hours | gpuHours }}</dd>
          </div>
          <div>
            <dt>Cost <app-help-tip label="Cost" [text]="help.cost" /></dt>
            <dd data-testid="training-cost">
              @if (r.cost.total_cost !== null) {
                {{ r.cost.total_cost | usd }} <span class="sub">at {{ r.cost.price_per_gpu_hour | usd }}/GPU-hour</span>
              } @else {
                <span class="sub">No price for this GPU: enter one to see the cost.</span>
              }
            </dd>
          </div>
        </dl>

        <h3>Memory per GPU</h3>
        <div class="bar" role="img" [attr.aria-label]="barLabel()">
          @for (row of memoryRows(); track row.key) {
            <span [class]="'seg seg-' + row.key" [style.inline-size.%]="share(row.bytes)"></span>
          }
        </div>
        <table class="memory" data-testid="training-memory">
          <tbody>
            @for (row of memoryRows(); track row.key) {
              <tr>
                <th scope="row">
                  <span [class]="'swatch seg-' + row.key"></span>{{ row.label }} <app-help-tip [label]="row.label" [text]="row.help" />
                </th>
                <td>{{ row.bytes | bytes }}</td>
              </tr>
            }
            <tr class="total">
              <th scope="row">Total <app-help-tip label="Total per GPU" [text]="help.total" /></th>
              <td data-testid="training-memory-total">{{ r.per_gpu.total_bytes | bytes }} of {{ r.gpu_memory_bytes | bytes }}</td>
            </tr>
          </tbody>
        </table>
        <p class="fit" [class.fit-no]="!r.fits" data-testid="training-fits">
          @if (r.fits) {
            ✓ Fits: {{ r.gpu_memory_bytes - r.per_gpu.total_bytes | bytes }} to spare on each GPU.
          } @else {
            ✗ Does not fit: {{ r.per_gpu.total_bytes - r.gpu_memory_bytes | bytes }} over each GPU's memory. Try a higher ZeRO stage, more
            recomputation, a smaller micro-batch or more GPUs.
          }
        </p>
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    :host {
      display: block;
    }
    .figures {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(180px, 1fr));
      gap: 12px;
      margin: 0 0 16px;
    }
    .figures div {
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container);
    }
    dt {
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
      display: flex;
      align-items: center;
      gap: 4px;
    }
    dd {
      margin: 4px 0 0;
      font: var(--mat-sys-title-large);
      overflow-wrap: anywhere;
    }
    .sub {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    h3 {
      font: var(--mat-sys-title-medium);
      margin: 0 0 8px;
    }
    .bar {
      display: flex;
      block-size: 14px;
      border-radius: 7px;
      overflow: hidden;
      background: var(--mat-sys-surface-container-high);
      margin-block-end: 8px;
    }
    .seg {
      display: block;
      block-size: 100%;
    }
    .seg-weights {
      background: #1e88e5;
    }
    .seg-gradients {
      background: #43a047;
    }
    .seg-optimizer {
      background: #fb8c00;
    }
    .seg-activations {
      background: #8e24aa;
    }
    .swatch {
      display: inline-block;
      inline-size: 10px;
      block-size: 10px;
      border-radius: 2px;
      margin-inline-end: 6px;
    }
    table.memory {
      border-collapse: collapse;
      inline-size: 100%;
      max-inline-size: 480px;
    }
    table.memory th {
      text-align: start;
      font-weight: normal;
      padding: 4px 8px 4px 0;
    }
    table.memory td {
      text-align: end;
      padding: 4px 0;
      white-space: nowrap;
    }
    table.memory tr.total th,
    table.memory tr.total td {
      font-weight: 600;
      border-block-start: 1px solid var(--mat-sys-outline-variant);
    }
    .fit {
      margin: 12px 0 0;
      padding: 8px 12px;
      border-radius: 8px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    .fit.fit-no {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class TrainingResults {
  readonly result = input.required<TrainingResponse>();

  protected readonly help = TRAINING_RESULT_HELP;

  protected readonly memoryRows = computed<MemoryRow[]>(() => {
    const m = this.result().per_gpu;
    return [
      { key: 'weights', label: 'Weights', bytes: m.weights_bytes, help: TRAINING_RESULT_HELP.weights },
      { key: 'gradients', label: 'Gradients', bytes: m.gradients_bytes, help: TRAINING_RESULT_HELP.gradients },
      { key: 'optimizer', label: 'Optimizer states', bytes: m.optimizer_states_bytes, help: TRAINING_RESULT_HELP.optimizer },
      { key: 'activations', label: 'Activations', bytes: m.activations_bytes, help: TRAINING_RESULT_HELP.activations },
    ];
  });

  /** Bar widths are shares of the larger of need and capacity, so an overflow fills the bar. */
  private readonly scale = computed(() => Math.max(this.result().per_gpu.total_bytes, this.result().gpu_memory_bytes));

  protected share(bytes: number): number {
    const scale = this.scale();
    return scale > 0 ? (bytes / scale) * 100 : 0;
  }

  protected readonly barLabel = computed(() => {
    const r = this.result();
    const percent = r.gpu_memory_bytes > 0 ? Math.round((r.per_gpu.total_bytes / r.gpu_memory_bytes) * 100) : 0;
    return `Memory per GPU uses ${percent}% of the GPU's capacity`;
  });
}
