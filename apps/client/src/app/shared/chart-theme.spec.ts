import { TestBed } from '@angular/core/testing';
import type { ChartOptions } from 'chart.js';
import { ChartThemeService, FALLBACK_PALETTES, withAlpha, withPalette } from './chart-theme';
import { ThemeService } from './theme.service';

const PALETTE = { text: 'rgb(230, 225, 229)', grid: 'rgba(230, 225, 229, 0.16)', background: 'rgb(17, 19, 24)' };

describe('withPalette', () => {
  const tick = (value: string | number) => `${value} GB`;
  const options: ChartOptions<'bar'> = {
    indexAxis: 'y',
    scales: {
      x: { beginAtZero: true, title: { display: true, text: 'VRAM' }, ticks: { callback: tick } },
      y1: { position: 'right', grid: { drawOnChartArea: false } },
    },
    plugins: { legend: { position: 'top' }, tooltip: { enabled: true } },
  };

  it('colours every scale, the legend and the title, and keeps everything else', () => {
    const themed = withPalette<'bar'>(options, PALETTE);
    for (const id of ['x', 'y1'] as const) {
      const scale = themed.scales?.[id] as Record<string, Record<string, unknown>>;
      expect(scale['ticks']['color']).toBe(PALETTE.text);
      expect(scale['title']['color']).toBe(PALETTE.text);
      expect(scale['grid']['color']).toBe(PALETTE.grid);
      expect(scale['border']['color']).toBe(PALETTE.grid);
    }
    expect(themed.color).toBe(PALETTE.text);
    expect(themed.plugins?.legend?.labels?.color).toBe(PALETTE.text);
    expect(themed.plugins?.title?.color).toBe(PALETTE.text);
    // Kept: callbacks, titles, positions, other plugins, options outside the scales.
    expect(themed.indexAxis).toBe('y');
    expect((themed.scales?.['x'] as { ticks: { callback: unknown } }).ticks.callback).toBe(tick);
    expect((themed.scales?.['x'] as { title: { text: string } }).title.text).toBe('VRAM');
    expect((themed.scales?.['y1'] as { grid: { drawOnChartArea: boolean } }).grid.drawOnChartArea).toBe(false);
    expect(themed.plugins?.legend?.position).toBe('top');
    expect(themed.plugins?.tooltip?.enabled).toBe(true);
  });

  it('does not change the options it was given', () => {
    const before = JSON.stringify(options);
    withPalette<'bar'>(options, PALETTE);
    expect(JSON.stringify(options)).toBe(before);
  });
});

describe('withAlpha', () => {
  it('sets the alpha of rgb() and rgba() colours and refuses other notations', () => {
    expect(withAlpha('rgb(1, 2, 3)', 0.5)).toBe('rgba(1, 2, 3, 0.5)');
    expect(withAlpha('rgba(10, 20, 30, 1)', 0.16)).toBe('rgba(10, 20, 30, 0.16)');
    expect(withAlpha('rgb(1 2 3)', 0.5)).toBe('rgba(1, 2, 3, 0.5)');
    expect(withAlpha('#ffffff', 0.5)).toBeNull();
    expect(withAlpha('', 0.5)).toBeNull();
  });
});

describe('ChartThemeService', () => {
  afterEach(() => {
    localStorage.clear();
    document.body.style.color = '';
    document.body.style.backgroundColor = '';
  });

  it('uses the colours of the page when it can read them', () => {
    document.body.style.color = 'rgb(230, 225, 229)';
    document.body.style.backgroundColor = 'rgb(17, 19, 24)';
    const palette = TestBed.inject(ChartThemeService).palette();
    expect(palette).toEqual({ text: 'rgb(230, 225, 229)', grid: 'rgba(230, 225, 229, 0.16)', background: 'rgb(17, 19, 24)' });
  });

  it('falls back to a fixed palette per mode, and follows the mode when it changes', () => {
    const charts = TestBed.inject(ChartThemeService);
    const theme = TestBed.inject(ThemeService);
    const first = theme.scheme();
    expect(charts.palette()).toEqual(FALLBACK_PALETTES[first]);
    theme.toggle();
    expect(theme.scheme()).not.toBe(first);
    expect(charts.palette()).toEqual(FALLBACK_PALETTES[theme.scheme()]);
  });
});
