import { Route } from '@angular/router';
import { BarController, BarElement, CategoryScale, LinearScale, Tooltip } from 'chart.js';
import { provideCharts } from 'ng2-charts';
import { FORM_FIELD_DEFAULTS } from '../shared/form-field-defaults';

/**
 * The lazy /compare route. Chart.js gets only what the single-dataset horizontal bar chart uses
 * (no legend: the card's title names the figure).
 */
export const compareRoutes: Route[] = [
  {
    path: '',
    providers: [FORM_FIELD_DEFAULTS, provideCharts({ registerables: [BarController, BarElement, CategoryScale, LinearScale, Tooltip] })],
    loadComponent: () => import('./compare-page').then((m) => m.ComparePage),
  },
];
