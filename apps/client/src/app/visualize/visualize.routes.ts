import { Route } from '@angular/router';
import { BarController, BarElement, CategoryScale, Legend, LinearScale, Tooltip } from 'chart.js';
import { provideCharts } from 'ng2-charts';

/**
 * The lazy /visualize route. Chart.js is registered here with only the pieces the grouped bar
 * chart uses, so neither the calculator nor the initial bundle carries it.
 */
export const visualizeRoutes: Route[] = [
  {
    path: '',
    providers: [provideCharts({ registerables: [BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend] })],
    loadComponent: () => import('./visualize-page').then((m) => m.VisualizePage),
  },
];
