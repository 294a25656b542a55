import { ChangeDetectionStrategy, Component, computed, inject, input, viewChild } from '@angular/core';
import type { ChartConfiguration, TooltipItem } from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';
import type { CalculateResponse } from '@llm-calc/contracts';
import { ChartThemeService, withPalette } from '../shared/chart-theme';
import { canvasToPng } from '../shared/export';
import { formatBytes, formatCount, formatSignificant, formatTokensPerSecond } from '../shared/format.pipes';

/** "Llama 3.1 8B fp16 @ 3 × NVIDIA H100": model, precision, GPU count and GPU, so runs that differ only there tell apart. */
export function runLabel(run: CalculateResponse): string {
  return `${run.model_summary.name} ${run.inputs.precision} @ ${gpuCount(run)}${run.gpu_summary?.name ?? run.inputs.gpu ?? 'custom GPU'}`;
}

function gpuCount(run: CalculateResponse): string {
  return `${run.inputs.num_gpus ?? 1} × `;
}

/** The full configuration of one run, for its tooltip (Chart.js draws text, never HTML). */
export function runConfigurationLines(run: CalculateResponse): string[] {
  const i = run.inputs;
  return [
    `Model: ${run.model_summary.name}`,
    `GPU: ${run.gpu_summary?.name ?? i.gpu ?? 'custom'}`,
    `Precision: ${i.precision} (KV cache ${i.kv_cache_precision})`,
    `Batch: ${formatCount(i.batch_size)}, sequence: ${formatCount(i.sequence_length)}, output tokens: ${formatCount(i.output_tokens)}`,
    `GPUs: ${i.num_gpus} (tensor ${i.tensor_parallel} × pipeline ${i.pipeline_parallel})`,
    ...(i.runtime ? [`Runtime: ${i.runtime}`] : []),
    // null: the runtime's fitted values were used (runs before runtime profiles always had numbers).
    `Efficiency: compute ${i.efficiency ?? "runtime's"}, memory ${i.memory_efficiency ?? "runtime's"}`,
    `Fits: ${run.memory.fits ? 'yes' : 'no'}`,
  ];
}

function shorten(label: string, max = 28): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/** Axis label on two lines (model, then GPU), each cut short so long names do not crowd the bars. */
function tickLabel(run: CalculateResponse | undefined): string[] {
  if (!run) return [];
  return [
    shorten(`${run.model_summary.name} · ${run.inputs.precision}`),
    shorten(`${gpuCount(run)}${run.gpu_summary?.name ?? run.inputs.gpu ?? 'custom GPU'}`),
  ];
}

/** Grouped bars per selected run: VRAM (GB, left axis) and tokens/s (right axis). */
@Component({
  selector: 'app-history-chart',
  imports: [BaseChartDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="chart-box">
      <canvas
        baseChart
        type="bar"
        [data]="config().data"
        [options]="config().options"
        role="img"
        [attr.aria-label]="summary()"
        data-testid="history-chart"
      ></canvas>
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
    .chart-box {
      position: relative;
      block-size: 360px;
      inline-size: 100%;
    }
  `,
})
export class HistoryChart {
  readonly runs = input.required<CalculateResponse[]>();

  private readonly chart = viewChild(BaseChartDirective);
  private readonly chartTheme = inject(ChartThemeService);

  /** The chart as a PNG on the page's background (light or dark), or null before it is drawn. */
  png(): Promise<Blob | null> {
    const canvas = this.chart()?.chart?.canvas;
    return canvas ? canvasToPng(canvas, this.chartTheme.palette().background) : Promise.resolve(null);
  }

  protected readonly summary = computed(
    () =>
      'Bar chart of VRAM and tokens per second: ' +
      this.runs()
        .map((r) => `${runLabel(r)}: ${formatBytes(r.memory.total_bytes, 'GB')}, ${formatTokensPerSecond(r.performance.tokens_per_second)}`)
        .join('; '),
  );

  protected readonly config = computed<ChartConfiguration<'bar'>>(() => {
    const runs = this.runs();
    const palette = this.chartTheme.palette();
    return {
      type: 'bar',
      data: {
        labels: runs.map(runLabel),
        datasets: [
          {
            label: 'VRAM (GB)',
            data: runs.map((r) => r.memory.total_bytes / 1e9),
            yAxisID: 'y',
            backgroundColor: 'rgba(30, 136, 229, 0.8)',
            borderColor: '#1e88e5',
            borderWidth: 1,
          },
          {
            label: 'Tokens/s',
            data: runs.map((r) => r.performance.tokens_per_second),
            yAxisID: 'y1',
            backgroundColor: 'rgba(244, 81, 30, 0.8)',
            borderColor: '#f4511e',
            borderWidth: 1,
          },
        ],
      },
      options: withPalette<'bar'>(
        {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          interaction: { mode: 'index', intersect: false },
          scales: {
            x: { ticks: { callback: (_value, index) => tickLabel(runs[index]) } },
            y: { type: 'linear', position: 'left', beginAtZero: true, title: { display: true, text: 'VRAM (GB)' } },
            y1: {
              type: 'linear',
              position: 'right',
              beginAtZero: true,
              grid: { drawOnChartArea: false },
              title: { display: true, text: 'Tokens/s (per sequence)' },
            },
          },
          plugins: {
            legend: { position: 'top' },
            tooltip: {
              callbacks: {
                label: (item: TooltipItem<'bar'>) =>
                  item.datasetIndex === 0
                    ? `VRAM: ${formatSignificant(item.parsed.y ?? 0)} GB`
                    : `Tokens/s: ${formatSignificant(item.parsed.y ?? 0)}`,
                afterBody: (items: TooltipItem<'bar'>[]) => {
                  const run = runs[items[0]?.dataIndex ?? -1];
                  return run ? ['', ...runConfigurationLines(run)] : [];
                },
              },
            },
          },
        },
        palette,
      ),
    };
  });
}
