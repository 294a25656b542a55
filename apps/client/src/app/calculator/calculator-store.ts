import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { AbstractControl, NonNullableFormBuilder } from '@angular/forms';
import { HttpErrorResponse } from '@angular/common/http';
import { EMPTY, Subscription, catchError, filter, map, startWith, switchMap, tap } from 'rxjs';
import type { ApiError, CalculateRequest, CalculateResponse, GpuListItem } from '@llm-calc/contracts';
import type { ModelArchitecture, WeightFormat } from '@llm-calc/engine';
import { ApiService, describeApiError } from '../shared/api.service';
import { CatalogueStore } from '../shared/catalogue-store';
import { RequestState } from '../shared/request-state';
import { FieldMessage, humanizeMessages } from '../shared/server-messages';
import {
  ArchitectureExtras,
  CalculatorForm,
  CustomModelValue,
  WEIGHT_FORMAT_OPTIONS,
  architectureExtras,
  buildCalculatorForm,
  customModelValueFromConfig,
  isCalculatorFormValid,
  revealErrors,
  toCalculateRequest,
} from './calculator-form';
import { sameRequest } from './request-diff';

/** Formats to fall back to, best first, when the chosen GPU cannot run the current one. */
const PRECISION_FALLBACKS: readonly WeightFormat[] = ['bf16', 'fp16', 'fp32'];

/** A result with the request it answers: the form may have changed since. */
export interface CalculationRun {
  request: CalculateRequest;
  response: CalculateResponse;
}

/** How a calculation was asked for: `log: false` computes without adding to the history. */
export interface CalculateOptions {
  log?: boolean;
}

/**
 * The calculator's state, one per page: the form, the preset it was filled from, the last run
 * and whether the form still asks for it. Components read it; only this class sends
 * /api/calculate and /api/model_config.
 */
@Injectable()
export class CalculatorStore {
  private readonly api = inject(ApiService);
  private readonly catalogue = inject(CatalogueStore);
  private readonly destroyRef = inject(DestroyRef);

  readonly form: CalculatorForm = buildCalculatorForm(inject(NonNullableFormBuilder));
  readonly controls = this.form.controls;

  readonly presetState = signal<RequestState>('idle');
  readonly calculateState = signal<RequestState>('idle');
  readonly run = signal<CalculationRun | null>(null);
  /** The server's objections to the last request, in the form's words. */
  readonly serverMessages = signal<FieldMessage[]>([]);
  readonly precisionNotice = signal<string | null>(null);
  /** Preset fields the form does not show (q_lora_rank, norm_type, ...), kept for an edited copy. */
  readonly presetExtras = signal<ArchitectureExtras>({});

  /** True while an architecture is written into the form, so it does not count as an edit. */
  private filling = false;
  private calculation = new Subscription();
  /** Controls carrying a server message; any edit of the form clears them. */
  private marked: AbstractControl[] = [];

  private readonly formValue = toSignal(
    this.form.valueChanges.pipe(
      startWith(null),
      map(() => this.form.getRawValue()),
    ),
    {
      requireSync: true,
    },
  );
  /** The request the form asks for now. */
  readonly request = computed<CalculateRequest>(() => {
    this.formValue();
    return toCalculateRequest(this.form, this.activeExtras());
  });
  /** There is a result, and the form no longer asks for it. */
  readonly stale = computed(() => {
    const run = this.run();
    return run !== null && !sameRequest(run.request, this.request());
  });
  readonly loading = computed(() => this.calculateState() === 'loading');
  readonly selectedGpu = computed<GpuListItem | null>(() => {
    this.catalogue.gpus();
    return this.catalogue.gpu(this.formValue().hardware.gpu);
  });

  constructor() {
    this.destroyRef.onDestroy(() => this.calculation.unsubscribe());
    this.form.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => this.clearServerMarks());
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
        this.fill(config);
        this.controls.mode.setValue('preset');
        this.presetState.set('loaded');
      });

    // Editing the architecture turns the preset into a custom model.
    this.controls.custom.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => {
      if (!this.filling && this.controls.mode.value === 'preset') this.controls.mode.setValue('custom');
    });

    this.controls.hardware.controls.gpu.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe((id) => {
      this.keepPrecisionSupported();
      this.controls.hardware.controls.price_per_gpu_hour.setValue(this.catalogue.gpu(id)?.price_per_gpu_hour ?? null);
    });
  }

  /** Custom-mode extras only: a preset is sent by id. */
  activeExtras(): ArchitectureExtras {
    return this.controls.mode.value === 'custom' ? this.presetExtras() : {};
  }

  isValid(): boolean {
    return isCalculatorFormValid(this.form);
  }

  /**
   * Sends the form's request. An invalid form is not sent: its errors are revealed and false is
   * returned, so the page can move focus to the first of them.
   */
  calculate(options: CalculateOptions = {}): boolean {
    if (!this.isValid()) {
      revealErrors(this.form);
      this.serverMessages.set([]);
      this.calculateState.set({ error: 'Some fields need attention: see the messages under them.' });
      return false;
    }
    const request = this.request();
    this.calculateState.set('loading');
    this.serverMessages.set([]);
    this.calculation.unsubscribe();
    this.calculation = this.api.calculate(request, options).subscribe({
      next: (response) => {
        // Efficiencies left empty stay empty: the runtime's fitted values are in the result.
        this.run.set({ request, response });
        this.calculateState.set('loaded');
      },
      error: (error: unknown) => {
        // An earlier result under inputs that now fail would read as the answer to them.
        this.run.set(null);
        const messages = serverLines(error);
        if (messages) {
          const mapped = humanizeMessages(messages);
          this.serverMessages.set(mapped);
          this.markFields(mapped);
          this.calculateState.set({ error: mapped.map((m) => m.text).join('\n') });
        } else {
          this.calculateState.set({ error: describeApiError(error) });
        }
      },
    });
    return true;
  }

  /** Writes an architecture into the custom fields without turning the mode to custom. */
  fill(model: ModelArchitecture): void {
    this.filling = true;
    this.controls.custom.setValue(customModelValueFromConfig(model));
    this.filling = false;
    this.presetExtras.set(architectureExtras(model));
  }

  /**
   * A model that is not a preset (saved or imported): custom mode, and the preset picker is
   * emptied, so it no longer names the preset the form was filled from before.
   */
  useCustomModel(model: ModelArchitecture): void {
    this.fill(model);
    this.controls.mode.setValue('custom');
    this.controls.preset.setValue('', { emitEvent: false });
  }

  /** A custom model as the form holds it (from a share link), with the fields the form does not show. */
  useCustomValue(value: CustomModelValue, extras: ArchitectureExtras): void {
    this.filling = true;
    this.controls.custom.setValue(value);
    this.filling = false;
    this.presetExtras.set(extras);
    this.controls.mode.setValue('custom');
    this.controls.preset.setValue('', { emitEvent: false });
  }

  /** Sets a control by field name anywhere in the form (used by the share link and the fit suggestions). */
  control(field: string): AbstractControl | null {
    const { inference, hardware, custom } = this.controls;
    if (field === 'model') return this.controls.preset;
    return inference.get(field) ?? hardware.get(field) ?? custom.get(field);
  }

  /** A GPU that cannot run the chosen weight format gets the best one it can, and says so. */
  keepPrecisionSupported(): void {
    // The control's own value: the form's (and selectedGpu) catch up only after its valueChanges.
    const gpu = this.catalogue.gpu(this.controls.hardware.controls.gpu.value);
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

  /** Marks each field a server message names, so the field shows the message under it. */
  private markFields(messages: readonly FieldMessage[]): void {
    for (const message of messages) {
      const control = message.field ? this.control(message.field) : null;
      if (!control) continue;
      control.setErrors({ ...(control.errors ?? {}), server: message.text }, { emitEvent: false });
      control.markAsTouched();
      this.marked.push(control);
    }
  }

  /** The server judged the request it was sent; once the form changes its verdict is void. */
  private clearServerMarks(): void {
    const marked = this.marked;
    if (marked.length === 0) return;
    this.marked = [];
    for (const control of marked) control.updateValueAndValidity({ emitEvent: false });
  }
}

/** The `message` lines of an API error answer, or null when the server sent none. */
function serverLines(error: unknown): string[] | null {
  if (!(error instanceof HttpErrorResponse)) return null;
  const body = error.error as Partial<ApiError> | null;
  if (!body || typeof body !== 'object' || body.message === undefined) return null;
  return Array.isArray(body.message) ? body.message : [String(body.message)];
}
