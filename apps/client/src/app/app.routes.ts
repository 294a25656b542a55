import { Route } from '@angular/router';

export const appRoutes: Route[] = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Calculator · LLM Scaling Calculator',
    loadComponent: () => import('./calculator/calculator-page').then((m) => m.CalculatorPage),
  },
  {
    path: 'visualize',
    title: 'Visualize · LLM Scaling Calculator',
    loadChildren: () => import('./visualize/visualize.routes').then((m) => m.visualizeRoutes),
  },
  { path: '**', redirectTo: '' },
];
