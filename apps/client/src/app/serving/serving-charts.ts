import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { ChartConfiguration, ChartDataset, ScatterDataPoint } from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';
import type { ServingResponse } from '@llm-calc/contracts';
import { ChartThemeService, withPalette } from '../shared/chart-theme';
import { formatDuration } from '../shared/format.pipes';

type Curves = NonNullable<ServingResponse['curves']>;
type Line = ChartDataset<'scatter', ScatterDataPoint[]>;

const TTFT = '#1e88e5';
const TPOT = '#e65100';
const SLA = '#c62828';
const KNEE = '#7b1fa2';

function line(label: string, data: ScatterDataPoint[], colour: string, dashed = false, yAxisID = 'y'): Line {
  return {
    label,
    data,
    showLine: true,
    borderColor: colour,
    backgroundColor: colour,
    borderDash: dashed ? [6, 4] : [],
    pointRadius: dashed ? 0 : 3,
    borderWidth: 2,
    yAxisID,
  };
}

/** The points of the latency chart: TTFT and TPOT p50/p99 against the request rate, SLA lines, the knee. */
export function latencyDatasets(curves: Curves, sla: ServingResponse['sla']['targets']): Line[] {
  const pts = curves.latency_vs_rate;
  const xs = pts.map((p) => p.request_rate);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const sets: Line[] = [
    line(
      'TTFT p50',
      pts.map((p) => ({ x: p.request_rate, y: p.ttft_seconds.p50 })),
      TTFT,
    ),
    line(
      'TTFT p99',
      pts.map((p) => ({ x: p.request_rate, y: p.ttft_seconds.p99 })),
      TTFT,
      false,
    ),
    line(
      'TPOT p50',
      pts.map((p) => ({ x: p.request_rate, y: p.tpot_seconds.p50 })),
      TPOT,
    ),
    line(
      'TPOT p99',
      pts.map((p) => ({ x: p.request_rate, y: p.tpot_seconds.p99 })),
      TPOT,
      false,
    ),
  ];
  // p99 lines lighter than p50.
  for (const i of [1, 3]) {
    const s = sets[i] as Line;
    s.borderColor = `${s.borderColor as string}99`;
    s.backgroundColor = `${s.backgroundColor as string}99`;
    s.pointStyle = 'triangle';
    s.pointRadius = 4;
  }
  const ttftLimit = sla.ttft_p90_seconds ?? sla.ttft_p99_seconds ?? sla.ttft_p50_seconds;
  const tpotLimit = sla.tpot_p90_seconds ?? sla.tpot_p99_seconds ?? sla.tpot_p50_seconds;
  if (ttftLimit != null)
    sets.push(
      line(
        `TTFT SLA ${formatDuration(ttftLimit)}`,
        [
          { x: lo, y: ttftLimit },
          { x: hi, y: ttftLimit },
        ],
        SLA,
        true,
      ),
    );
  if (tpotLimit != null)
    sets.push(
      line(
        `TPOT SLA ${formatDuration(tpotLimit)}`,
        [
          { x: lo, y: tpotLimit },
          { x: hi, y: tpotLimit },
        ],
        '#ef6c00',
        true,
      ),
    );
  if (curves.knee_request_rate != null) {
    const ys = pts.flatMap((p) => [p.ttft_seconds.p99, p.tpot_seconds.p50]).filter((y) => y > 0);
    sets.push(
      line(
        'Knee',
        [
          { x: curves.knee_request_rate, y: Math.min(...ys) },
          { x: curves.knee_request_rate, y: Math.max(...ys) },
        ],
        KNEE,
        true,
      ),
    );
  }
  return sets;
}

/** TTFT and TPOT percentiles against the Poisson request rate (log seconds), with the SLA and the knee. */
@Component({
  selector: 'app-latency-chart',
  imports: [BaseChartDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="chart-box">
      <canvas
        baseChart
        type="scatter"
        [data]="config().data"
        [options]="config().options"
        role="img"
        [attr.aria-label]="summary()"
        data-testid="latency-chart"
      ></canvas>
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
    .chart-box {
      position: relative;
      inline-size: 100%;
      block-size: 320px;
    }
  `,
})
export class LatencyChart {
  readonly curves = input.required<Curves>();
  readonly sla = input.required<ServingResponse['sla']['targets']>();
  private readonly chartTheme = inject(ChartThemeService);

  protected readonly summary = computed(() => {
    const pts = this.curves().latency_vs_rate;
    const knee = this.curves().knee_request_rate;
    return (
      `Latency against request rate, ${pts.length} rates from ${pts[0]?.request_rate.toFixed(2)} to ${pts[pts.length - 1]?.request_rate.toFixed(2)} requests/s` +
      (knee != null ? `; knee at ${knee.toFixed(2)} requests/s` : '')
    );
  });

  protected readonly config = computed<ChartConfiguration<'scatter'>>(() => ({
    type: 'scatter',
    data: { datasets: latencyDatasets(this.curves(), this.sla()) },
    options: withPalette<'scatter'>(
      {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { position: 'bottom', labels: { usePointStyle: true, boxWidth: 10, font: { size: 11 } } },
          tooltip: {
            callbacks: { label: (c) => `${c.dataset.label}: ${formatDuration(c.parsed.y ?? 0)} at ${(c.parsed.x ?? 0).toFixed(2)} req/s` },
          },
        },
        scales: {
          x: { type: 'linear', title: { display: true, text: 'Request rate (requests/s, Poisson)' } },
          y: {
            type: 'logarithmic',
            title: { display: true, text: 'Seconds (log)' },
            ticks: { callback: (v) => formatDuration(Number(v)) },
          },
        },
      },
      this.chartTheme.palette(),
    ),
  }));
}

/** Output tokens/s and TPOT p50 against closed-loop concurrency. */
@Component({
  selector: 'app-throughput-chart',
  imports: [BaseChartDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="chart-box">
      <canvas
        baseChart
        type="scatter"
        [data]="config().data"
        [options]="config().options"
        role="img"
        [attr.aria-label]="summary()"
        data-testid="throughput-chart"
      ></canvas>
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
    .chart-box {
      position: relative;
      inline-size: 100%;
      block-size: 300px;
    }
  `,
})
export class ThroughputChart {
  readonly curves = input.required<Curves>();
  private readonly chartTheme = inject(ChartThemeService);

  protected readonly summary = computed(
    () =>
      'Output tokens per second against concurrency: ' +
      this.curves()
        .throughput_vs_concurrency.map((p) => `${p.concurrency} users ${Math.round(p.output_tokens_per_second)} tokens/s`)
        .join('; '),
  );

  protected readonly config = computed<ChartConfiguration<'scatter'>>(() => {
    const pts = this.curves().throughput_vs_concurrency;
    return {
      type: 'scatter',
      data: {
        datasets: [
          line(
            'Output tokens/s',
            pts.map((p) => ({ x: p.concurrency, y: p.output_tokens_per_second })),
            '#2e7d32',
          ),
          line(
            'TPOT p50 (right)',
            pts.map((p) => ({ x: p.concurrency, y: p.tpot_p50_seconds })),
            TPOT,
            true,
            'y1',
          ),
        ],
      },
      options: withPalette<'scatter'>(
        {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { position: 'bottom', labels: { boxWidth: 14, font: { size: 11 } } } },
          scales: {
            x: {
              type: 'logarithmic',
              title: { display: true, text: 'Concurrent users (closed loop)' },
              // Only the simulated user counts (powers of two), not log-scale minor ticks.
              afterBuildTicks: (axis) => {
                axis.ticks = pts.map((p) => ({ value: p.concurrency }));
              },
              ticks: { callback: (v) => String(v), autoSkip: true, maxRotation: 0 },
            },
            y: { type: 'linear', beginAtZero: true, title: { display: true, text: 'Output tokens/s' } },
            y1: {
              type: 'linear',
              position: 'right',
              beginAtZero: true,
              grid: { drawOnChartArea: false },
              title: { display: true, text: 'TPOT p50' },
              ticks: { callback: (v) => formatDuration(Number(v)) },
            },
          },
        },
        this.chartTheme.palette(),
      ),
    };
  });
}
