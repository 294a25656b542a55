import { ChangeDetectionStrategy, Component, DOCUMENT, DestroyRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { Clipboard } from '@angular/cdk/clipboard';
import { MatButton } from '@angular/material/button';
import { MatCard, MatCardContent, MatCardHeader, MatCardTitle } from '@angular/material/card';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import {
  CategoryScale,
  Filler,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import { provideCharts } from 'ng2-charts';
import { EMPTY, Subscription, catchError, debounceTime, filter, switchMap, tap } from 'rxjs';
import type {
  AvailableModelsResponse,
  CalculateRequest,
  CalculateResponse,
  CalibrateResponse,
  GpuConfigsResponse,
  GpuListItem,
  ImportHfConfigResponse,
  SavedCustomModel,
  SweepResponse,
} from '@llm-calc/contracts';
import type { ModelArchitecture, WeightFormat } from '@llm-calc/engine';
import { ApiService, CalibrateRequest, describeApiError } from '../shared/api.service';
import { DownloadService } from '../shared/download';
import { RequestState, requestErrorMessage } from '../shared/request-state';
import {
  ArchitectureExtras,
  WEIGHT_FORMAT_OPTIONS,
  architectureExtras,
  buildCalculatorForm,
  customModelFromValue,
  customModelValueFromConfig,
  isCalculatorFormValid,
  revealErrors,
  toCalculateRequest,
} from './calculator-form';
import { CalibratePanel, Measurement } from './calibrate-panel';
import { cliCommand } from './cli-command';
import { CustomModelTools } from './custom-model-tools';
import { HardwareForm } from './hardware-form';
import { InferenceForm } from './inference-form';
import { ModelForm } from './model-form';
import { ResultCards } from './result-cards';
import { resultCsv, resultFileName, resultJson } from './result-export';
import { ScalingChart } from './scaling-chart';
import { SCALING_CHART_IDS, ScalingChartId, scalingSweepRequests } from './scaling-sweeps';
import { SharedInputs, shareParamsFromForm, sharedInputsFromParams } from './share-params';

export const DEFAULT_PRESET_ID = 'llama-3.1-8b';
export const DEFAULT_GPU_ID = 'h100-sxm';

/** Formats to fall back to, best first, when the chosen GPU cannot run the current one. */
const PRECISION_FALLBACKS: readonly WeightFormat[] = ['bf16', 'fp16', 'fp32'];

/** How long the form rests before its inputs are written to the URL. */
const URL_SYNC_DEBOUNCE_MS = 250;

type SweepRecord<T> = Record<ScalingChartId, T>;
const sweepRecord = <T>(value: T): SweepRecord<T> => ({ context: value, batch: value, gpus: value });

interface SharedText {
  kind: 'link' | 'cli';
  text: string;
  copied: boolean;
}

/** The `/` route: the three input sections, Calculate, the results and the planning tools. */
@Component({
  selector: 'app-calculator-page',
  imports: [
    ReactiveFormsModule, RouterLink, MatButton, MatCard, MatCardContent, MatCardHeader, MatCardTitle, MatProgressSpinner,
    ModelForm, InferenceForm, HardwareForm, ResultCards, CustomModelTools, CalibratePanel, ScalingChart,
  ],
  // The calculator is a lazy route of its own (loadComponent), so the line-chart parts are
  // registered here: only this page's chunk, never the initial bundle, carries Chart.js.
  providers: [
    provideCharts({
      registerables: [LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend, Filler],
    }),
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './calculator-page.html',
  styleUrl: './calculator-page.scss',
})
export class CalculatorPage {
  private readonly api = inject(ApiService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly clipboard = inject(Clipboard);
  private readonly download = inject(DownloadService);
  private readonly document = inject(DOCUMENT);
  protected readonly form = buildCalculatorForm(inject(NonNullableFormBuilder));
  protected readonly controls = this.form.controls;

  protected readonly modelFamilies = signal<AvailableModelsResponse['families']>([]);
  protected readonly gpuFamilies = signal<GpuConfigsResponse['families']>([]);
  protected readonly catalogueState = signal<RequestState>('idle');
  protected readonly presetState = signal<RequestState>('idle');
  protected readonly calculateState = signal<RequestState>('idle');
  protected readonly result = signal<CalculateResponse | null>(null);
  protected readonly precisionNotice = signal<string | null>(null);

  protected readonly savedModels = signal<SavedCustomModel[]>([]);
  protected readonly savedState = signal<RequestState>('idle');
  protected readonly savedMessage = signal<string | null>(null);
  protected readonly importState = signal<RequestState>('idle');
  protected readonly importResult = signal<ImportHfConfigResponse | null>(null);
  protected readonly calibrateState = signal<RequestState>('idle');
  protected readonly calibration = signal<CalibrateResponse | null>(null);
  protected readonly sweepStates = signal<SweepRecord<RequestState>>(sweepRecord<RequestState>('idle'));
  protected readonly sweeps = signal<SweepRecord<SweepResponse | null>>(sweepRecord<SweepResponse | null>(null));
  protected readonly sharedText = signal<SharedText | null>(null);
  protected readonly scalingCharts: readonly { id: ScalingChartId; title: string }[] = [
    { id: 'context', title: 'Memory per GPU against context length' },
    { id: 'batch', title: 'Tokens/s against batch size' },
    { id: 'gpus', title: 'Aggregate tokens/s against number of GPUs' },
  ];

  /** Preset fields the form does not show (q_lora_rank, norm_type, ...), kept for an edited copy. */
  private readonly presetExtras = signal<ArchitectureExtras>({});
  /** True while an architecture is written into the form, so it does not count as an edit. */
  private fillingFromPreset = false;
  /** A share link's inputs, applied once both catalogues have loaded. */
  private pendingShare: SharedInputs | null = sharedInputsFromParams(this.route.snapshot.queryParams);
  private readonly cataloguesLoaded = { models: false, gpus: false };
  private sweepSubscription = new Subscription();

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
  private readonly customName = toSignal(this.controls.custom.controls.name.valueChanges, {
    initialValue: this.controls.custom.controls.name.value,
  });
  protected readonly currentModelName = computed(() => this.customName());

  protected readonly loading = computed(() => this.calculateState() === 'loading');
  protected readonly calculateError = computed(() => requestErrorMessage(this.calculateState()));
  protected readonly calculateErrorLines = computed(() => this.calculateError()?.split('\n') ?? []);
  protected readonly catalogueError = computed(() => requestErrorMessage(this.catalogueState()));
  protected readonly presetError = computed(() => requestErrorMessage(this.presetState()));

  constructor() {
    this.loadCatalogues();
    this.loadSavedModels();
    this.destroyRef.onDestroy(() => this.sweepSubscription.unsubscribe());

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
        this.fillCustomModel(config);
        this.controls.mode.setValue('preset');
        this.presetState.set('loaded');
      });

    // Editing the architecture turns the preset into a custom model.
    this.controls.custom.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => {
      if (!this.fillingFromPreset && this.controls.mode.value === 'preset') {
        this.controls.mode.setValue('custom');
      }
    });

    this.controls.hardware.controls.gpu.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => {
      this.keepPrecisionSupported();
      this.controls.hardware.controls.price_per_gpu_hour.setValue(this.selectedGpu()?.price_per_gpu_hour ?? null);
    });
  }

  protected calculate(): void {
    if (this.loading()) return;
    if (!isCalculatorFormValid(this.form)) {
      revealErrors(this.form);
      this.calculateState.set({ error: 'Some fields need attention: see the messages under them.' });
      return;
    }
    const request = this.currentRequest();
    this.calculateState.set('loading');
    this.sweepSubscription.unsubscribe();
    this.api
      .calculate(request)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (response) => {
          this.writeBackDefaults(response);
          this.result.set(response);
          this.calculateState.set('loaded');
          this.loadSweeps(request);
        },
        error: (error: unknown) => {
          // An earlier result under inputs that now fail would read as the answer to them.
          this.result.set(null);
          this.sweeps.set(sweepRecord<SweepResponse | null>(null));
          this.sweepStates.set(sweepRecord<RequestState>('idle'));
          this.calculateState.set({ error: describeApiError(error) });
        },
      });
  }

  // --- Share ---------------------------------------------------------------------------------

  protected copyLink(): void {
    const tree = this.router.createUrlTree(['/'], { queryParams: shareParamsFromForm(this.form, this.activeExtras()) });
    const url = `${this.document.location.origin}${this.router.serializeUrl(tree)}`;
    this.sharedText.set({ kind: 'link', text: url, copied: this.clipboard.copy(url) });
  }

  protected copyCliCommand(): void {
    const command = cliCommand(this.currentRequest());
    this.sharedText.set({ kind: 'cli', text: command, copied: this.clipboard.copy(command) });
  }

  // --- Export --------------------------------------------------------------------------------

  protected downloadJson(result: CalculateResponse): void {
    this.download.text(resultJson(result), resultFileName(result, 'json'), 'application/json');
  }

  protected downloadCsv(result: CalculateResponse): void {
    this.download.text(resultCsv(result), resultFileName(result, 'csv'), 'text/csv;charset=utf-8');
  }

  protected chartFileName(result: CalculateResponse, chart: ScalingChartId): string {
    return resultFileName(result, '').replace(/\.$/, `-${chart}`);
  }

  // --- Saved and imported custom models ------------------------------------------------------

  protected saveCustomModel(name: string): void {
    const custom = this.controls.custom;
    if (custom.invalid) {
      custom.markAllAsTouched();
      this.savedState.set({ error: 'The custom model has fields that need attention; fix them before saving.' });
      return;
    }
    this.savedState.set('loading');
    this.savedMessage.set(null);
    this.api
      .saveCustomModel(name, customModelFromValue(custom.getRawValue(), this.presetExtras()))
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (saved) => {
          this.savedModels.update((models) =>
            [...models.filter((m) => m.name !== saved.name), saved].sort((a, b) => a.name.localeCompare(b.name)),
          );
          this.savedState.set('loaded');
          this.savedMessage.set(`Saved “${saved.name}”.`);
        },
        error: (error: unknown) => this.savedState.set({ error: describeApiError(error) }),
      });
  }

  protected loadCustomModel(saved: SavedCustomModel): void {
    this.fillCustomModel(saved.model);
    this.controls.mode.setValue('custom');
    this.savedState.set('loaded');
    this.savedMessage.set(`Loaded “${saved.name}” into the custom fields: press Calculate.`);
  }

  protected deleteCustomModel(name: string): void {
    this.savedState.set('loading');
    this.savedMessage.set(null);
    this.api
      .deleteCustomModel(name)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.savedModels.update((models) => models.filter((m) => m.name !== name));
          this.savedState.set('loaded');
          this.savedMessage.set(`Deleted “${name}”.`);
        },
        error: (error: unknown) => this.savedState.set({ error: describeApiError(error) }),
      });
  }

  protected importConfig(text: string): void {
    this.importResult.set(null);
    let config: unknown;
    try {
      config = JSON.parse(text);
    } catch (error) {
      this.importState.set({ error: `This is not valid JSON: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    if (config === null || typeof config !== 'object' || Array.isArray(config)) {
      this.importState.set({ error: 'A config.json is a JSON object ({ ... }).' });
      return;
    }
    this.importState.set('loading');
    this.api
      .importHfConfig(config)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (imported) => {
          this.fillCustomModel(imported.custom_model);
          this.controls.mode.setValue('custom');
          this.importResult.set(imported);
          this.importState.set('loaded');
        },
        error: (error: unknown) => this.importState.set({ error: describeApiError(error) }),
      });
  }

  // --- Calibrate -----------------------------------------------------------------------------

  protected calibrate(measurement: Measurement): void {
    if (!isCalculatorFormValid(this.form)) {
      revealErrors(this.form);
      this.calibrateState.set({ error: 'Some fields need attention: see the messages under them.' });
      return;
    }
    const base = this.currentRequest();
    const request: CalibrateRequest =
      measurement.kind === 'decode'
        ? { ...base, measured_tokens_per_second: measurement.value }
        : { ...base, measured_prefill_seconds: measurement.value };
    this.calibrateState.set('loading');
    this.calibration.set(null);
    this.api
      .calibrate(request)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (response) => {
          this.calibration.set(response);
          this.calibrateState.set('loaded');
        },
        error: (error: unknown) => this.calibrateState.set({ error: describeApiError(error) }),
      });
  }

  /** Puts the fitted efficiency into the form (to the form's 3 decimals) and calculates again. */
  protected useCalibration(response: CalibrateResponse): void {
    if (response.fitted_efficiency === null) return;
    const value = Math.min(1, Math.max(0.01, Math.round(response.fitted_efficiency * 1000) / 1000));
    this.controls.hardware.controls[response.parameter].setValue(value);
    this.calculate();
  }

  // --- Internals -----------------------------------------------------------------------------

  private currentRequest(): CalculateRequest {
    return toCalculateRequest(this.form, this.activeExtras());
  }

  private activeExtras(): ArchitectureExtras {
    return this.controls.mode.value === 'custom' ? this.presetExtras() : {};
  }

  /** Writes an architecture into the custom fields without turning the mode to custom. */
  private fillCustomModel(model: ModelArchitecture): void {
    this.fillingFromPreset = true;
    this.controls.custom.setValue(customModelValueFromConfig(model));
    this.fillingFromPreset = false;
    this.presetExtras.set(architectureExtras(model));
  }

  /** An efficiency left empty was filled by the server's default: show which one was used. */
  private writeBackDefaults(response: CalculateResponse): void {
    const { efficiency, memory_efficiency } = this.controls.hardware.controls;
    if (efficiency.value === null) efficiency.setValue(response.inputs.efficiency);
    if (memory_efficiency.value === null) memory_efficiency.setValue(response.inputs.memory_efficiency);
  }

  /** The model's trained context, which bounds the context-length sweep. */
  private maxContext(request: CalculateRequest): number | null {
    if (request.custom_model) return request.custom_model.max_position_embeddings ?? null;
    for (const family of this.modelFamilies()) {
      const model = family.models.find((m) => m.id === request.model);
      if (model) return model.max_position_embeddings;
    }
    return null;
  }

  /** The three scaling sweeps, asked for once the calculation itself has succeeded. */
  private loadSweeps(request: CalculateRequest): void {
    this.sweepSubscription.unsubscribe();
    this.sweepSubscription = new Subscription();
    this.sweeps.set(sweepRecord<SweepResponse | null>(null));
    this.sweepStates.set(sweepRecord<RequestState>('loading'));
    const requests = scalingSweepRequests(request, this.maxContext(request));
    for (const id of SCALING_CHART_IDS) {
      this.sweepSubscription.add(
        this.api.sweep(requests[id]).subscribe({
          next: (sweep) => {
            this.sweeps.update((all) => ({ ...all, [id]: sweep }));
            this.sweepStates.update((all) => ({ ...all, [id]: 'loaded' }));
          },
          error: (error: unknown) => this.sweepStates.update((all) => ({ ...all, [id]: { error: describeApiError(error) } })),
        }),
      );
    }
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
          if (!this.pendingShare && this.controls.preset.value === '' && ids.length > 0) {
            this.controls.preset.setValue(ids.includes(DEFAULT_PRESET_ID) ? DEFAULT_PRESET_ID : ids[0]);
          }
          this.catalogueState.set('loaded');
          this.catalogueLoaded('models');
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
          this.catalogueLoaded('gpus');
        },
        error: (error: unknown) => this.catalogueState.set({ error: describeApiError(error) }),
      });
  }

  private loadSavedModels(): void {
    this.api
      .customModels()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: ({ models }) => this.savedModels.set(models),
        error: (error: unknown) => this.savedState.set({ error: `Could not load the saved models: ${describeApiError(error)}` }),
      });
  }

  /** Once both catalogues are in: apply a share link (and calculate it), then keep the URL current. */
  private catalogueLoaded(which: keyof CalculatorPage['cataloguesLoaded']): void {
    this.cataloguesLoaded[which] = true;
    if (!this.cataloguesLoaded.models || !this.cataloguesLoaded.gpus) return;
    const shared = this.pendingShare;
    this.pendingShare = null;
    if (shared) this.applySharedInputs(shared);
    this.form.valueChanges
      .pipe(debounceTime(URL_SYNC_DEBOUNCE_MS), takeUntilDestroyed(this.destroyRef))
      .subscribe(() => this.writeUrl());
    if (shared) this.calculate();
  }

  private applySharedInputs(shared: SharedInputs): void {
    const { hardware, inference } = this.controls;
    // The GPU first: choosing it fills its price and may change the precision, both of which
    // the link's own values then override.
    const { gpu, ...hardwareNumbers } = shared.hardware;
    if (gpu && gpu !== hardware.controls.gpu.value) hardware.controls.gpu.setValue(gpu);
    hardware.patchValue(hardwareNumbers);
    inference.patchValue(shared.inference);
    this.keepPrecisionSupported();
    if (shared.mode === 'preset' && shared.preset) {
      this.controls.preset.setValue(shared.preset);
      this.controls.mode.setValue('preset');
    } else if (shared.custom) {
      this.fillingFromPreset = true;
      this.controls.custom.setValue(shared.custom);
      this.fillingFromPreset = false;
      this.presetExtras.set(shared.extras);
      this.controls.mode.setValue('custom');
    }
  }

  private writeUrl(): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: shareParamsFromForm(this.form, this.activeExtras()),
      replaceUrl: true,
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
