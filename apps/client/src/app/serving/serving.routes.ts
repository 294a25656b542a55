import { Route } from '@angular/router';
import {
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';
import { provideCharts } from 'ng2-charts';

/** The lazy /serving route; Chart.js gets only the line/scatter pieces its two charts use. */
export const servingRoutes: Route[] = [
  {
    path: '',
    providers: [
      provideCharts({
        registerables: [
          ScatterController,
          LineController,
          LineElement,
          PointElement,
          LinearScale,
          LogarithmicScale,
          Tooltip,
          Legend,
          Filler,
        ],
      }),
    ],
    loadComponent: () => import('./serving-page').then((m) => m.ServingPage),
  },
];
