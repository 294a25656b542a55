import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Router, RouterLink } from '@angular/router';

/** Any path the app does not have: says so, rather than quietly showing the calculator. */
@Component({
  selector: 'app-not-found-page',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="not-found" aria-labelledby="not-found-title" data-testid="not-found">
      <h1 id="not-found-title">Page not found</h1>
      <p>
        There is no page at <code>{{ path }}</code
        >. It may have been mistyped, or come from an older link.
      </p>
      <ul>
        <li><a routerLink="/">Calculator</a> — memory, speed and cost of one model on one GPU setup</li>
        <li><a routerLink="/compare">Compare GPUs</a> — one workload on every GPU, ranked by cost</li>
        <li><a routerLink="/training">Training</a> — time, cost and memory of a training run</li>
        <li><a routerLink="/visualize">Visualize</a> — the history of web and CLI runs</li>
      </ul>
    </section>
  `,
  styles: `
    .not-found {
      max-inline-size: 640px;
      margin: 32px auto;
    }
    h1 {
      font: var(--mat-sys-headline-small);
      margin: 0 0 8px;
    }
    code {
      overflow-wrap: anywhere;
    }
    li {
      margin-block: 6px;
    }
  `,
})
export class NotFoundPage {
  protected readonly path = inject(Router).url.split('?')[0];
}
