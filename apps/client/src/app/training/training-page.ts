import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { NonNullableFormBuilder } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent } from '@angular/material/card';
import { Subscription } from 'rxjs';
import type { TrainingResponse } from '@llm-calc/contracts';
import { describeApiError } from '../shared/api.service';
import { CatalogueStore, pickId } from '../shared/catalogue-store';
import { focusFirstInvalid } from '../shared/focus-invalid';
import { FORM_FIELD_DEFAULTS } from '../shared/form-field-defaults';
import { PlanningApiService } from '../shared/planning-api.service';
import { RequestState, requestErrorMessage } from '../shared/request-state';
import { SavedModelsStore } from '../shared/saved-models-store';
import { TRAINING_FIELD_LABELS } from '../shared/field-labels';
import { humanizeMessages } from '../shared/server-messages';
import { TrainingForm, buildTrainingForm, toTrainingRequest } from './training-form';
import { trainingParamsFromValue, trainingValueFromParams } from './training-params';
import { TrainingResults } from './training-results';

/** What the form starts with, when the catalogues have them. */
export const DEFAULT_TRAINING_MODEL = 'llama-3.1-8b';
export const DEFAULT_TRAINING_GPU = 'h100-sxm';

/**
 * The `/training` route: time, FLOPs, memory and cost of a pre-training or fine-tuning run. The
 * URL carries the inputs of the estimate shown, so a link reopens and reruns it; an estimate is
 * withdrawn as soon as the inputs beside it become invalid.
 */
@Component({
  selector: 'app-training-page',
  imports: [ReactiveFormsModule, MatButton, MatCard, MatCardContent, TrainingForm, TrainingResults],
  providers: [FORM_FIELD_DEFAULTS],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './training-page.html',
  styleUrl: './training-page.scss',
})
export class TrainingPage {
  private readonly planning = inject(PlanningApiService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly injector = inject(Injector);
  private readonly formElement = viewChild.required<ElementRef<HTMLElement>>('formElement');
  protected readonly catalogue = inject(CatalogueStore);
  private readonly savedModels = inject(SavedModelsStore);

  protected readonly form = buildTrainingForm(inject(NonNullableFormBuilder));
  /** Custom models saved from the calculator; without them the catalogue still works. */
  protected readonly saved = this.savedModels.models;
  protected readonly state = signal<RequestState>('idle');
  protected readonly result = signal<TrainingResponse | null>(null);
  /** The form has changed since the estimate shown (which stays, dimmed, while the form is valid). */
  protected readonly stale = signal(false);

  protected readonly errorMessage = computed(() => requestErrorMessage(this.state()));
  protected readonly loading = computed(() => this.state() === 'loading');
  private request = new Subscription();

  constructor() {
    this.savedModels.load();
    const destroyRef = inject(DestroyRef);
    destroyRef.onDestroy(() => this.request.unsubscribe());
    this.catalogue
      .load()
      .pipe(takeUntilDestroyed())
      .subscribe({
        next: () => {
          const { model, gpu } = this.form.controls;
          model.setValue(pickId(this.catalogue.modelIds(), DEFAULT_TRAINING_MODEL));
          gpu.setValue(pickId(this.catalogue.gpuIds(), DEFAULT_TRAINING_GPU));
          // A link with a model reopens that estimate and runs it.
          const shared = trainingValueFromParams(this.route.snapshot.queryParams, this.catalogue.modelIds(), this.catalogue.gpuIds());
          this.form.patchValue(shared);
          if (shared.model) this.submit();
        },
        error: () => undefined, // shown from the store's state
      });
    this.form.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => {
      if (!this.result()) return;
      if (this.form.invalid) {
        // An old estimate beside invalid inputs would read as their answer.
        this.result.set(null);
        this.stale.set(false);
      } else {
        this.stale.set(true);
      }
    });
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.result.set(null);
      this.state.set({ error: 'Some fields need attention: see the messages under them.' });
      afterNextRender(() => focusFirstInvalid(this.formElement().nativeElement), { injector: this.injector });
      return;
    }
    this.state.set('loading');
    const value = this.form.getRawValue();
    void this.router.navigate([], { relativeTo: this.route, queryParams: trainingParamsFromValue(value), replaceUrl: true });
    this.request.unsubscribe();
    this.request = this.planning.training(toTrainingRequest(value, this.saved())).subscribe({
      next: (result) => {
        this.result.set(result);
        this.stale.set(false);
        this.state.set('loaded');
      },
      error: (error: unknown) => {
        // An old result next to an error would read as the answer to the new inputs.
        this.result.set(null);
        const body = (error as { error?: { message?: unknown } }).error;
        const lines = Array.isArray(body?.message) ? (body.message as string[]) : null;
        this.state.set({
          error: lines
            ? humanizeMessages(lines, TRAINING_FIELD_LABELS)
                .map((m) => m.text)
                .join('\n')
            : describeApiError(error),
        });
      },
    });
  }
}
