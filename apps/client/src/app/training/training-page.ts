import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent } from '@angular/material/card';
import { forkJoin } from 'rxjs';
import type { AvailableModelsResponse, GpuConfigsResponse, SavedCustomModel, TrainingResponse } from '@llm-calc/contracts';
import { ApiService, describeApiError } from '../shared/api.service';
import { PlanningApiService } from '../shared/planning-api.service';
import { RequestState, requestErrorMessage } from '../shared/request-state';
import { TrainingForm, buildTrainingForm, toTrainingRequest } from './training-form';
import { TrainingResults } from './training-results';

/** What the form starts with, when the catalogues have them. */
export const DEFAULT_TRAINING_MODEL = 'llama-3.1-8b';
export const DEFAULT_TRAINING_GPU = 'h100-sxm';

function pick(ids: string[], preferred: string): string {
  return ids.includes(preferred) ? preferred : (ids[0] ?? '');
}

/** The `/training` route: time, FLOPs, memory and cost of a pre-training or fine-tuning run. */
@Component({
  selector: 'app-training-page',
  imports: [ReactiveFormsModule, MatButton, MatCard, MatCardContent, TrainingForm, TrainingResults],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './training-page.html',
  styleUrl: './training-page.scss',
})
export class TrainingPage {
  private readonly api = inject(ApiService);
  private readonly planning = inject(PlanningApiService);

  protected readonly form = buildTrainingForm(inject(NonNullableFormBuilder));
  protected readonly models = signal<AvailableModelsResponse['families']>([]);
  protected readonly gpus = signal<GpuConfigsResponse['families']>([]);
  /** Custom models saved from the calculator; without them the catalogue still works. */
  protected readonly saved = signal<SavedCustomModel[]>([]);
  protected readonly catalogueState = signal<RequestState>('loading');
  protected readonly state = signal<RequestState>('idle');
  protected readonly result = signal<TrainingResponse | null>(null);

  protected readonly errorMessage = computed(() => requestErrorMessage(this.state()));
  protected readonly catalogueError = computed(() => requestErrorMessage(this.catalogueState()));
  protected readonly loading = computed(() => this.state() === 'loading');

  constructor() {
    this.api
      .customModels()
      .pipe(takeUntilDestroyed())
      .subscribe({ next: (r) => this.saved.set(r.models), error: () => this.saved.set([]) });
    forkJoin([this.api.availableModels(), this.api.gpuConfigs()])
      .pipe(takeUntilDestroyed())
      .subscribe({
        next: ([models, gpus]) => {
          this.models.set(models.families);
          this.gpus.set(gpus.families);
          const { model, gpu } = this.form.controls;
          if (!model.value) model.setValue(pick(models.families.flatMap((f) => f.models.map((m) => m.id)), DEFAULT_TRAINING_MODEL));
          if (!gpu.value) gpu.setValue(pick(gpus.families.flatMap((f) => f.gpus.map((g) => g.id)), DEFAULT_TRAINING_GPU));
          this.catalogueState.set('loaded');
        },
        error: (error: unknown) => this.catalogueState.set({ error: describeApiError(error) }),
      });
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.state.set('loading');
    this.planning.training(toTrainingRequest(this.form.getRawValue(), this.saved())).subscribe({
      next: (result) => {
        this.result.set(result);
        this.state.set('loaded');
      },
      error: (error: unknown) => {
        // An old result next to an error would read as the answer to the new inputs.
        this.result.set(null);
        this.state.set({ error: describeApiError(error) });
      },
    });
  }
}
