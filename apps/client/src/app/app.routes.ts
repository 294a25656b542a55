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
  {
    path: 'compare',
    title: 'Compare GPUs · LLM Scaling Calculator',
    loadChildren: () => import('./compare/compare.routes').then((m) => m.compareRoutes),
  },
  {
    path: 'training',
    title: 'Training · LLM Scaling Calculator',
    loadComponent: () => import('./training/training-page').then((m) => m.TrainingPage),
  },
  {
    path: 'serving',
    title: 'Serving · LLM Scaling Calculator',
    loadChildren: () => import('./serving/serving.routes').then((m) => m.servingRoutes),
  },
  {
    path: '**',
    title: 'Page not found · LLM Scaling Calculator',
    loadComponent: () => import('./not-found-page').then((m) => m.NotFoundPage),
  },
];
