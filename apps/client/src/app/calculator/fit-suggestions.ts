import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, output, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { Subscription, catchError, forkJoin, map, of } from 'rxjs';
import type { GpuListItem } from '@llm-calc/contracts';
import { ApiService } from '../shared/api.service';
import type { CalculationRun } from './calculator-store';
import { FitOption, FitPatch, optionsFromResponse, precisionCandidates, precisionOption } from './fit-options';

/** "How could it fit": the nearest changes that fit, each one click from a new calculation. */
@Component({
  selector: 'app-fit-suggestions',
  imports: [MatButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="suggestions" aria-labelledby="fit-suggestions-title" data-testid="fit-suggestions">
      <h3 id="fit-suggestions-title">How could it fit?</h3>
      @if (options().length > 0) {
        <ul>
          @for (option of options(); track option.kind) {
            <li>
              <button mat-stroked-button type="button" (click)="choose.emit(option.patch)" [attr.data-testid]="'fit-' + option.kind">
                {{ option.label }}
              </button>
              <span class="detail">{{ option.detail }}</span>
            </li>
          }
        </ul>
      }
      @if (checking()) {
        <p class="detail" role="status">Checking smaller weight formats…</p>
      } @else if (options().length === 0) {
        <p class="detail">Nothing nearby fits on this GPU: choose one with more memory, or use pipeline parallelism.</p>
      }
    </section>
  `,
  styles: `
    :host {
      display: block;
    }
    h3 {
      font: var(--mat-sys-title-small);
      margin: 0 0 8px;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 8px;
    }
    li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 8px;
    }
    .detail {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      margin: 0;
    }
  `,
})
export class FitSuggestions {
  private readonly api = inject(ApiService);
  readonly run = input.required<CalculationRun>();
  readonly gpu = input<GpuListItem | null>(null);
  readonly choose = output<FitPatch>();

  private readonly precision = signal<FitOption | null>(null);
  protected readonly checking = signal(false);
  protected readonly options = computed(() => {
    const precision = this.precision();
    return [...(precision ? [precision] : []), ...optionsFromResponse(this.run().response)];
  });

  constructor() {
    let checks = new Subscription();
    inject(DestroyRef).onDestroy(() => checks.unsubscribe());
    effect(() => {
      const { request, response } = this.run();
      checks.unsubscribe();
      this.precision.set(null);
      const formats = response.memory.fits ? [] : precisionCandidates(request, this.gpu());
      if (formats.length === 0) return;
      this.checking.set(true);
      checks = forkJoin(
        formats.map((format) =>
          this.api.fit({ ...request, precision: format }).pipe(
            map((fit) => ({ format, fit })),
            catchError(() => of(null)),
          ),
        ),
      ).subscribe((answers) => {
        this.precision.set(
          precisionOption(
            request,
            answers.filter((a) => a !== null),
          ),
        );
        this.checking.set(false);
      });
    });
  }
}
