import { DOCUMENT, Injectable, computed, inject } from '@angular/core';
import type { ChartOptions, ChartType } from 'chart.js';
import { ThemeService, type ColorScheme } from './theme.service';

/** Colours a chart draws itself with (Chart.js paints on a canvas, out of reach of CSS). */
export interface ChartPalette {
  /** Tick labels, axis titles, legend. */
  text: string;
  /** Grid lines and axis borders. */
  grid: string;
  /** Behind an exported PNG. */
  background: string;
}

/** Used when the page's colours cannot be read (no stylesheet yet, or a test DOM). */
export const FALLBACK_PALETTES: Readonly<Record<ColorScheme, ChartPalette>> = {
  light: { text: '#44474e', grid: 'rgba(0, 0, 0, 0.1)', background: '#ffffff' },
  dark: { text: '#c4c6d0', grid: 'rgba(255, 255, 255, 0.16)', background: '#111318' },
};

/** "rgb(r, g, b)" or "rgba(r, g, b, a)" with the alpha replaced; null for any other notation. */
export function withAlpha(colour: string, alpha: number): string | null {
  const m = /^rgba?\(\s*(\d+(?:\.\d+)?)[\s,]+(\d+(?:\.\d+)?)[\s,]+(\d+(?:\.\d+)?)/.exec(colour.trim());
  return m ? `rgba(${m[1]}, ${m[2]}, ${m[3]}, ${alpha})` : null;
}

const TRANSPARENT = new Set(['', 'transparent', 'rgba(0, 0, 0, 0)']);

/**
 * The chart palette of the page's current light or dark mode, taken from the body's resolved
 * text and background colours (the Material theme's on-surface and surface), so charts match
 * the cards they sit on. Recomputed whenever the mode changes.
 */
@Injectable({ providedIn: 'root' })
export class ChartThemeService {
  private readonly document = inject(DOCUMENT);
  private readonly theme = inject(ThemeService);

  readonly palette = computed<ChartPalette>(() => {
    const fallback = FALLBACK_PALETTES[this.theme.scheme()];
    const body = this.document.body;
    const style = body ? this.document.defaultView?.getComputedStyle(body) : undefined;
    const text = style?.color ?? '';
    const background = style?.backgroundColor ?? '';
    const grid = withAlpha(text, 0.16);
    if (TRANSPARENT.has(background) || !text || !grid) return fallback;
    return { text, grid, background };
  });
}

type AnyScale = Record<string, unknown> & { ticks?: object; title?: object; grid?: object; border?: object };

/**
 * The options with the palette's colours on every scale (ticks, title, grid, border), the legend
 * and the chart title. Everything else (callbacks, positions, stacking) is kept as it was.
 */
export function withPalette<T extends ChartType>(given: ChartOptions<T> | undefined, palette: ChartPalette): ChartOptions<T> {
  const options = (given ?? {}) as ChartOptions<T> & object;
  const scales: Record<string, AnyScale> = {};
  for (const [id, scale] of Object.entries((options.scales ?? {}) as Record<string, AnyScale | undefined>)) {
    scales[id] = {
      ...scale,
      ticks: { ...scale?.ticks, color: palette.text },
      title: { ...scale?.title, color: palette.text },
      grid: { ...scale?.grid, color: palette.grid },
      border: { ...scale?.border, color: palette.grid },
    };
  }
  const plugins = (options.plugins ?? {}) as Record<string, { labels?: object } | undefined>;
  return {
    ...options,
    color: palette.text,
    scales,
    plugins: {
      ...plugins,
      legend: { ...plugins['legend'], labels: { ...plugins['legend']?.labels, color: palette.text } },
      title: { ...plugins['title'], color: palette.text },
    },
  } as ChartOptions<T>;
}
