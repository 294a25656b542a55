import { ChangeDetectionStrategy, Component, computed, inject, input, viewChild } from '@angular/core';
import type { ChartConfiguration, TooltipItem } from 'chart.js';
import { BaseChartDirective } from 'ng2-charts';
import type { CompareResult } from '@llm-calc/contracts';
import { ChartThemeService, withPalette } from '../shared/chart-theme';
import { canvasToPng } from '../shared/export';
import { formatTokensPerSecond, formatUsd } from '../shared/format.pipes';
import { CompareChartMetric, chartBars } from './compare-results';

const BAR = 'rgba(30, 136, 229, 0.8)';
const CHEAPEST_BAR = 'rgba(123, 31, 162, 0.9)';
const PX_PER_BAR = 24;

export const METRIC_LABELS: Record<CompareChartMetric, string> = {
  aggregate_tokens_per_second: 'Aggregate tokens/s',
  cost_per_million_tokens: '$ per million tokens',
};

/**
 * A GPU name cut to what fits beside the bars: Chart.js clips a category label wider than its
 * share of the canvas, so long names are shortened (the tooltip has the whole name).
 */
export function fitLabel(name: string, chartWidthPx: number): string {
  const maxChars = Math.max(10, Math.floor((chartWidthPx * 0.4) / 6.5));
  return name.length > maxChars ? `${name.slice(0, maxChars - 1).trimEnd()}…` : name;
}

function formatMetric(metric: CompareChartMetric, value: number): string {
  return metric === 'cost_per_million_tokens' ? formatUsd(value) : formatTokensPerSecond(value);
}

/** Horizontal bars, one per GPU that fits, best at the top; the cheapest one in its own colour. */
@Component({
  selector: 'app-compare-chart',
  imports: [BaseChartDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (bars().length > 0) {
      <div class="chart-box" [style.block-size.px]="heightPx()">
        <canvas
          baseChart
          type="bar"
          [data]="config().data"
          [options]="config().options"
          role="img"
          [attr.aria-label]="summary()"
          data-testid="compare-chart"
        ></canvas>
      </div>
    } @else {
      <p class="empty" data-testid="compare-chart-empty">
        No GPU that fits{{ metric() === 'cost_per_million_tokens' ? ' has a price' : '' }}: nothing to plot.
      </p>
    }
    @if (hasCheapestBar()) {
      <p class="legend"><span class="swatch" aria-hidden="true"></span> The cheapest GPU that fits</p>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .chart-box {
      position: relative;
      inline-size: 100%;
    }
    .empty {
      color: var(--mat-sys-on-surface-variant);
    }
    .legend {
      display: flex;
      align-items: center;
      gap: 6px;
      margin: 8px 0 0;
      font: var(--mat-sys-body-small);
    }
    .swatch {
      inline-size: 12px;
      block-size: 12px;
      border-radius: 2px;
      background: rgba(123, 31, 162, 0.9);
    }
  `,
})
export class CompareChart {
  readonly results = input.required<CompareResult[]>();
  readonly metric = input<CompareChartMetric>('aggregate_tokens_per_second');
  readonly cheapestId = input<string | null>(null);

  private readonly chart = viewChild(BaseChartDirective);
  private readonly chartTheme = inject(ChartThemeService);

  protected readonly bars = computed(() => chartBars(this.results(), this.metric()));
  protected readonly hasCheapestBar = computed(() => this.bars().some((b) => b.gpu === this.cheapestId()));
  protected readonly heightPx = computed(() => Math.max(160, this.bars().length * PX_PER_BAR + 64));

  protected readonly summary = computed(
    () =>
      `Horizontal bar chart of ${METRIC_LABELS[this.metric()].toLowerCase()} by GPU: ` +
      this.bars()
        .map((b) => `${b.name}: ${formatMetric(this.metric(), b.value)}`)
        .join('; '),
  );

  protected readonly config = computed<ChartConfiguration<'bar'>>(() => {
    const bars = this.bars();
    const metric = this.metric();
    const cheapest = this.cheapestId();
    const palette = this.chartTheme.palette();
    return {
      type: 'bar',
      data: {
        labels: bars.map((b) => b.name),
        datasets: [
          {
            label: METRIC_LABELS[metric],
            data: bars.map((b) => b.value),
            backgroundColor: bars.map((b) => (b.gpu === cheapest ? CHEAPEST_BAR : BAR)),
            borderWidth: 0,
            barPercentage: 0.8,
          },
        ],
      },
      options: withPalette<'bar'>(
        {
          indexAxis: 'y',
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: {
            x: { type: 'linear', beginAtZero: true, title: { display: true, text: METRIC_LABELS[metric] } },
            y: {
              type: 'category',
              ticks: {
                autoSkip: false,
                callback(_value, index) {
                  return fitLabel(bars[index]?.name ?? '', this.chart.width);
                },
              },
            },
          },
          plugins: {
            tooltip: {
              callbacks: {
                title: (items: TooltipItem<'bar'>[]) => bars[items[0]?.dataIndex ?? -1]?.name ?? '',
                label: (item: TooltipItem<'bar'>) =>
                  `${METRIC_LABELS[metric]}: ${formatMetric(metric, item.parsed.x ?? 0)}` +
                  (bars[item.dataIndex]?.gpu === cheapest ? ' (cheapest that fits)' : ''),
              },
            },
          },
        },
        palette,
      ),
    };
  });

  /** The chart as a PNG on the page's background (light or dark), or null when nothing is drawn. */
  png(): Promise<Blob | null> {
    const canvas = this.chart()?.chart?.canvas;
    return canvas ? canvasToPng(canvas, this.chartTheme.palette().background) : Promise.resolve(null);
  }
}
