import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent } from '@angular/material/card';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { EMPTY, catchError, filter, switchMap, tap } from 'rxjs';
import type {
  AvailableModelsResponse,
  CalculateResponse,
  GpuConfigsResponse,
  GpuListItem,
} from '@llm-calc/contracts';
import type { WeightFormat } from '@llm-calc/engine';
import { ApiService, describeApiError } from '../shared/api.service';
import { RequestState, requestErrorMessage } from '../shared/request-state';
import {
  ArchitectureExtras,
  WEIGHT_FORMAT_OPTIONS,
  architectureExtras,
  buildCalculatorForm,
  customModelValueFromConfig,
  isCalculatorFormValid,
  revealErrors,
  toCalculateRequest,
} from './calculator-form';
import { HardwareForm } from './hardware-form';
import { InferenceForm } from './inference-form';
import { ModelForm } from './model-form';
import { ResultCards } from './result-cards';

export const DEFAULT_PRESET_ID = 'llama-3.1-8b';
export const DEFAULT_GPU_ID = 'h100-sxm';

/** Formats to fall back to, best first, when the chosen GPU cannot run the current one. */
const PRECISION_FALLBACKS: readonly WeightFormat[] = ['bf16', 'fp16', 'fp32'];

/** The `/` route: the three input sections, Calculate, and the results. */
@Component({
  selector: 'app-calculator-page',
  imports: [
    ReactiveFormsModule, RouterLink, MatButton, MatCard, MatCardContent, MatProgressSpinner,
    ModelForm, InferenceForm, HardwareForm, ResultCards,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './calculator-page.html',
  styleUrl: './calculator-page.scss',
})
export class CalculatorPage {
  private readonly api = inject(ApiService);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly form = buildCalculatorForm(inject(NonNullableFormBuilder));
  protected readonly controls = this.form.controls;

  protected readonly modelFamilies = signal<AvailableModelsResponse['families']>([]);
  protected readonly gpuFamilies = signal<GpuConfigsResponse['families']>([]);
  protected readonly catalogueState = signal<RequestState>('idle');
  protected readonly presetState = signal<RequestState>('idle');
  protected readonly calculateState = signal<RequestState>('idle');
  protected readonly result = signal<CalculateResponse | null>(null);
  protected readonly precisionNotice = signal<string | null>(null);

  /** Preset fields the form does not show (q_lora_rank, norm_type, ...), kept for an edited copy. */
  private readonly presetExtras = signal<ArchitectureExtras>({});
  /** True while a preset's architecture is written into the form, so it does not count as an edit. */
  private fillingFromPreset = false;

  private readonly gpuId = toSignal(this.controls.hardware.controls.gpu.valueChanges, {
    initialValue: this.controls.hardware.controls.gpu.value,
  });
  protected readonly selectedGpu = computed<GpuListItem | null>(() => {
    const id = this.gpuId();
    for (const family of this.gpuFamilies()) {
      const gpu = family.gpus.find((g) => g.id === id);
      if (gpu) return gpu;
    }
    return null;
  });

  protected readonly loading = computed(() => this.calculateState() === 'loading');
  protected readonly calculateError = computed(() => requestErrorMessage(this.calculateState()));
  protected readonly calculateErrorLines = computed(() => this.calculateError()?.split('\n') ?? []);
  protected readonly catalogueError = computed(() => requestErrorMessage(this.catalogueState()));
  protected readonly presetError = computed(() => requestErrorMessage(this.presetState()));

  constructor() {
    this.loadCatalogues();

    this.controls.preset.valueChanges
      .pipe(
        filter((id) => id !== ''),
        tap(() => this.presetState.set('loading')),
        switchMap((id) =>
          this.api.modelConfig(id).pipe(
            catchError((error: unknown) => {
              this.presetState.set({ error: describeApiError(error) });
              return EMPTY;
            }),
          ),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((config) => {
        this.fillingFromPreset = true;
        this.controls.custom.setValue(customModelValueFromConfig(config));
        this.fillingFromPreset = false;
        this.presetExtras.set(architectureExtras(config));
        this.controls.mode.setValue('preset');
        this.presetState.set('loaded');
      });

    // Editing the architecture turns the preset into a custom model.
    this.controls.custom.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => {
      if (!this.fillingFromPreset && this.controls.mode.value === 'preset') {
        this.controls.mode.setValue('custom');
      }
    });

    this.controls.hardware.controls.gpu.valueChanges
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(() => this.keepPrecisionSupported());
  }

  protected calculate(): void {
    if (this.loading()) return;
    if (!isCalculatorFormValid(this.form)) {
      revealErrors(this.form);
      this.calculateState.set({ error: 'Some fields need attention: see the messages under them.' });
      return;
    }
    const extras = this.controls.mode.value === 'custom' ? this.presetExtras() : {};
    this.calculateState.set('loading');
    this.api
      .calculate(toCalculateRequest(this.form, extras))
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (response) => {
          this.result.set(response);
          this.calculateState.set('loaded');
        },
        error: (error: unknown) => {
          // An earlier result under inputs that now fail would read as the answer to them.
          this.result.set(null);
          this.calculateState.set({ error: describeApiError(error) });
        },
      });
  }

  private loadCatalogues(): void {
    this.catalogueState.set('loading');
    this.api
      .availableModels()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: ({ families }) => {
          this.modelFamilies.set(families);
          const ids = families.flatMap((f) => f.models.map((m) => m.id));
          if (this.controls.preset.value === '' && ids.length > 0) {
            this.controls.preset.setValue(ids.includes(DEFAULT_PRESET_ID) ? DEFAULT_PRESET_ID : ids[0]);
          }
          this.catalogueState.set('loaded');
        },
        error: (error: unknown) => this.catalogueState.set({ error: describeApiError(error) }),
      });
    this.api
      .gpuConfigs()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: ({ families }) => {
          this.gpuFamilies.set(families);
          const ids = families.flatMap((f) => f.gpus.map((g) => g.id));
          const gpu = this.controls.hardware.controls.gpu;
          if (gpu.value === '' && ids.length > 0) {
            gpu.setValue(ids.includes(DEFAULT_GPU_ID) ? DEFAULT_GPU_ID : ids[0]);
          }
        },
        error: (error: unknown) => this.catalogueState.set({ error: describeApiError(error) }),
      });
  }

  /** A GPU that cannot run the chosen weight format gets the best one it can, and says so. */
  private keepPrecisionSupported(): void {
    const gpu = this.selectedGpu();
    const precision = this.controls.inference.controls.precision;
    if (!gpu || gpu.supported_precisions.includes(precision.value)) {
      this.precisionNotice.set(null);
      return;
    }
    const fallback =
      PRECISION_FALLBACKS.find((p) => gpu.supported_precisions.includes(p)) ??
      WEIGHT_FORMAT_OPTIONS.find((p) => gpu.supported_precisions.includes(p));
    if (!fallback) return;
    this.precisionNotice.set(`${precision.value} is not supported on ${gpu.name}; switched to ${fallback}.`);
    precision.setValue(fallback);
  }
}
