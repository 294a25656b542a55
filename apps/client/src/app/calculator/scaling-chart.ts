import { ChangeDetectionStrategy, Component, computed, inject, input, viewChild } from '@angular/core';
import type { Chart, ChartConfiguration, ChartOptions, Plugin, TooltipItem } from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';
import { MatButton } from '@angular/material/button';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import type { SweepResponse } from '@llm-calc/contracts';
import { ChartThemeService, withPalette } from '../shared/chart-theme';
import { DownloadService } from '../shared/download';
import { formatBytes, formatCount, formatTokensPerSecond } from '../shared/format.pipes';
import { RequestState, requestErrorMessage } from '../shared/request-state';
import type { ScalingChartId } from './scaling-sweeps';

const BLUE = '#1e88e5';
const ORANGE = '#f4511e';
const GREY = '#757575';
const RED = '#d32f2f';

/**
 * Points of a line: configurations that do not fit in GPU memory are red crosses, so they stand
 * out by shape as well as by colour (red and orange are close for many readers).
 */
function points(sweep: SweepResponse, colour: string) {
  return {
    backgroundColor: colour,
    pointBackgroundColor: sweep.points.map((p) => (p.fits ? colour : RED)),
    pointBorderColor: sweep.points.map((p) => (p.fits ? colour : RED)),
    pointStyle: sweep.points.map((p) => (p.fits ? 'circle' : 'crossRot')),
    pointRadius: sweep.points.map((p) => (p.fits ? 3 : 6)),
    pointBorderWidth: sweep.points.map((p) => (p.fits ? 1 : 2)),
  } as const;
}

/** Fills the canvas with the card's colour first, so a downloaded PNG is not transparent. */
const opaqueBackground: Plugin<'line'> = {
  id: 'opaqueBackground',
  beforeDraw: (chart: Chart<'line'>) => {
    const colour = getComputedStyle(chart.canvas.parentElement ?? chart.canvas).backgroundColor;
    if (!colour || colour === 'rgba(0, 0, 0, 0)' || colour === 'transparent') return;
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = colour;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

const BASE_OPTIONS: ChartOptions<'line'> = {
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
  interaction: { mode: 'index', intersect: false },
  plugins: { legend: { position: 'top', labels: { usePointStyle: false } } },
};

/** Memory per GPU against context length, with the GPU's capacity as a flat line. */
export function contextChartConfig(sweep: SweepResponse): ChartConfiguration<'line'> {
  return {
    type: 'line',
    data: {
      labels: sweep.points.map((p) => formatCount(p.value)),
      datasets: [
        {
          label: 'Memory per GPU',
          data: sweep.points.map((p) => p.per_gpu_bytes),
          borderColor: BLUE,
          ...points(sweep, BLUE),
          backgroundColor: 'rgba(30, 136, 229, 0.15)',
          fill: 'origin',
        },
        {
          label: 'GPU capacity',
          data: sweep.points.map((p) => p.gpu_memory_bytes),
          borderColor: GREY,
          borderDash: [6, 4],
          pointRadius: 0,
          fill: false,
        },
      ],
    },
    options: {
      ...BASE_OPTIONS,
      scales: {
        x: { title: { display: true, text: 'Context length (prompt tokens)' } },
        y: {
          type: 'linear',
          beginAtZero: true,
          title: { display: true, text: 'Memory per GPU' },
          ticks: { callback: (value) => formatBytes(Number(value), 'GB') },
        },
      },
      plugins: {
        ...BASE_OPTIONS.plugins,
        tooltip: {
          callbacks: {
            label: (item: TooltipItem<'line'>) => `${item.dataset.label}: ${formatBytes(item.parsed.y, 'GB')}`,
            afterBody: (items: TooltipItem<'line'>[]) => (sweep.points[items[0]?.dataIndex ?? -1]?.fits === false ? ['Does not fit'] : []),
          },
        },
      },
    },
  };
}

function tokensTooltip(sweep: SweepResponse): ChartConfiguration<'line'>['options'] {
  return {
    plugins: {
      ...BASE_OPTIONS.plugins,
      tooltip: {
        callbacks: {
          label: (item: TooltipItem<'line'>) => `${item.dataset.label}: ${formatTokensPerSecond(item.parsed.y)}`,
          afterBody: (items: TooltipItem<'line'>[]) =>
            sweep.points[items[0]?.dataIndex ?? -1]?.fits === false ? ['Does not fit in GPU memory'] : [],
        },
      },
    },
  };
}

const tokensTick = (value: string | number) => formatTokensPerSecond(Number(value));

/** Tokens/s per sequence (left axis) and across the batch (right axis) against batch size. */
export function batchChartConfig(sweep: SweepResponse): ChartConfiguration<'line'> {
  return {
    type: 'line',
    data: {
      labels: sweep.points.map((p) => formatCount(p.value)),
      datasets: [
        {
          label: 'Per sequence',
          data: sweep.points.map((p) => p.tokens_per_second),
          yAxisID: 'y',
          borderColor: BLUE,
          ...points(sweep, BLUE),
        },
        {
          label: 'Aggregate',
          data: sweep.points.map((p) => p.aggregate_tokens_per_second),
          yAxisID: 'y1',
          borderColor: ORANGE,
          ...points(sweep, ORANGE),
        },
      ],
    },
    options: {
      ...BASE_OPTIONS,
      ...tokensTooltip(sweep),
      scales: {
        x: { title: { display: true, text: 'Batch size' } },
        y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'Per sequence' }, ticks: { callback: tokensTick } },
        y1: {
          type: 'linear',
          position: 'right',
          beginAtZero: true,
          grid: { drawOnChartArea: false },
          title: { display: true, text: 'Aggregate' },
          ticks: { callback: tokensTick },
        },
      },
    },
  };
}

/** Aggregate tokens/s against the number of GPUs (tensor parallel grows with them). */
export function gpusChartConfig(sweep: SweepResponse): ChartConfiguration<'line'> {
  return {
    type: 'line',
    data: {
      labels: sweep.points.map((p) => formatCount(p.value)),
      datasets: [
        {
          label: 'Aggregate tokens/s',
          data: sweep.points.map((p) => p.aggregate_tokens_per_second),
          borderColor: ORANGE,
          ...points(sweep, ORANGE),
          backgroundColor: 'rgba(244, 81, 30, 0.15)',
          fill: 'origin',
        },
      ],
    },
    options: {
      ...BASE_OPTIONS,
      ...tokensTooltip(sweep),
      scales: {
        x: { title: { display: true, text: 'Number of GPUs' } },
        y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'Aggregate tokens/s' }, ticks: { callback: tokensTick } },
      },
    },
  };
}

const CONFIGS: Record<ScalingChartId, (sweep: SweepResponse) => ChartConfiguration<'line'>> = {
  context: contextChartConfig,
  batch: batchChartConfig,
  gpus: gpusChartConfig,
};

/** One scaling chart with its loading and error states and a PNG download. */
@Component({
  selector: 'app-scaling-chart',
  imports: [BaseChartDirective, MatButton, MatProgressSpinner],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure [attr.data-testid]="'scaling-' + chart()">
      <figcaption>{{ title() }}</figcaption>
      @if (sweep(); as s) {
        <div class="chart-box">
          <canvas
            baseChart
            type="line"
            [data]="config()?.data"
            [options]="config()?.options"
            [plugins]="plugins"
            role="img"
            [attr.aria-label]="title()"
          ></canvas>
        </div>
        <button mat-stroked-button type="button" (click)="downloadPng()">Download PNG</button>
      } @else if (error(); as message) {
        <div class="error-box" role="alert">{{ message }}</div>
      } @else if (state() === 'loading') {
        <div class="placeholder" role="status"><mat-progress-spinner mode="indeterminate" diameter="32" /> Loading…</div>
      }
    </figure>
  `,
  styles: `
    :host {
      display: block;
      min-inline-size: 0;
    }
    figure {
      margin: 0;
      display: flex;
      flex-direction: column;
      gap: 8px;
      align-items: flex-start;
    }
    figcaption {
      font: var(--mat-sys-title-small);
    }
    .chart-box {
      position: relative;
      block-size: 280px;
      inline-size: 100%;
      background: var(--mat-sys-surface);
    }
    .placeholder {
      block-size: 280px;
      inline-size: 100%;
      display: flex;
      align-items: center;
      justify-content: center;
      gap: 12px;
      color: var(--mat-sys-on-surface-variant);
    }
    .error-box {
      padding: 12px 16px;
      border-radius: 8px;
      white-space: pre-line;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class ScalingChart {
  private readonly download = inject(DownloadService);
  private readonly chartTheme = inject(ChartThemeService);
  private readonly chartDirective = viewChild(BaseChartDirective);

  readonly chart = input.required<ScalingChartId>();
  readonly title = input.required<string>();
  readonly sweep = input<SweepResponse | null>(null);
  readonly state = input<RequestState>('idle');
  /** File name of the PNG, without extension. */
  readonly fileName = input('scaling');

  protected readonly plugins = [opaqueBackground];
  protected readonly error = computed(() => requestErrorMessage(this.state()));
  protected readonly config = computed(() => {
    const sweep = this.sweep();
    if (!sweep) return null;
    const config = CONFIGS[this.chart()](sweep);
    return { ...config, options: withPalette<'line'>(config.options, this.chartTheme.palette()) };
  });

  protected downloadPng(): void {
    const image = this.chartDirective()?.chart?.toBase64Image('image/png', 1);
    if (image) this.download.dataUrl(image, `${this.fileName()}.png`);
  }
}
