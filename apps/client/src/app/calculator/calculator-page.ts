import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  viewChild,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { BreakpointObserver } from '@angular/cdk/layout';
import { MatCard, MatCardContent } from '@angular/material/card';
import { CategoryScale, Filler, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js';
import { provideCharts } from 'ng2-charts';
import { map } from 'rxjs';
import { CatalogueStore } from '../shared/catalogue-store';
import { focusFirstInvalid } from '../shared/focus-invalid';
import { FORM_FIELD_DEFAULTS } from '../shared/form-field-defaults';
import { requestErrorMessage } from '../shared/request-state';
import { SavedModelsStore } from '../shared/saved-models-store';
import { ActionBar } from './action-bar';
import { CalculatorLink } from './calculator-link';
import { CalculatorStore } from './calculator-store';
import { CalibratePanel } from './calibrate-panel';
import { CustomModelTools } from './custom-model-tools';
import type { FitPatch } from './fit-options';
import { OFFLOAD_RUNTIME } from './calculator-form';
import { HardwareForm } from './hardware-form';
import { InferenceForm } from './inference-form';
import { ModelForm } from './model-form';
import { ResultSummary } from './result-summary';
import { ResultsPanel } from './results-panel';
import { ShareActions } from './share-actions';

export { DEFAULT_GPU_ID, DEFAULT_PRESET_ID } from './calculator-link';

/** Wide enough for the results column beside the form. */
export const WIDE_LAYOUT = '(min-width: 1100px)';

/**
 * The `/` route: the form on the left, Calculate and the headline result beside it (below it, with
 * Calculate stuck to the bottom of the window, on narrow screens), every figure underneath.
 */
@Component({
  selector: 'app-calculator-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatCard,
    MatCardContent,
    ModelForm,
    InferenceForm,
    HardwareForm,
    CustomModelTools,
    CalibratePanel,
    ActionBar,
    ResultSummary,
    ResultsPanel,
    ShareActions,
  ],
  // The calculator is a lazy route of its own (loadComponent), so the line-chart parts are
  // registered here: only this page's chunk, never the initial bundle, carries Chart.js.
  providers: [
    CalculatorStore,
    CalculatorLink,
    FORM_FIELD_DEFAULTS,
    provideCharts({
      registerables: [LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend, Filler],
    }),
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './calculator-page.html',
  styleUrl: './calculator-page.scss',
})
export class CalculatorPage {
  protected readonly store = inject(CalculatorStore);
  protected readonly link = inject(CalculatorLink);
  protected readonly catalogue = inject(CatalogueStore);
  private readonly savedModels = inject(SavedModelsStore);
  private readonly injector = inject(Injector);
  private readonly formElement = viewChild.required<ElementRef<HTMLElement>>('formElement');
  private readonly summaryElement = viewChild<ElementRef<HTMLElement>>('summary');

  protected readonly form = this.store.form;
  protected readonly controls = this.store.controls;
  protected readonly wide = toSignal(
    inject(BreakpointObserver)
      .observe(WIDE_LAYOUT)
      .pipe(map((s) => s.matches)),
    {
      initialValue: false,
    },
  );
  protected readonly calculateErrorLines = computed(() => requestErrorMessage(this.store.calculateState())?.split('\n') ?? []);
  protected readonly presetError = computed(() => requestErrorMessage(this.store.presetState()));

  /** Calculate was pressed on a narrow screen: show the result once it is in. */
  private scrollPending = false;

  constructor() {
    this.savedModels.load();
    this.link.start();
    effect(() => {
      const state = this.store.calculateState();
      if (state === 'loading' || !this.scrollPending) return;
      this.scrollPending = false;
      if (state !== 'loaded') return;
      afterNextRender(() => this.summaryElement()?.nativeElement.scrollIntoView({ block: 'start', behavior: 'smooth' }), {
        injector: this.injector,
      });
    });
  }

  /** Calculate, pressed: an invalid form sends focus to its first problem; on a phone the result is scrolled to. */
  protected calculate(): void {
    if (this.store.loading()) return;
    const sent = this.store.calculate();
    if (!sent) {
      afterNextRender(() => focusFirstInvalid(this.formElement().nativeElement), { injector: this.injector });
      return;
    }
    this.scrollPending = !this.wide();
  }

  /** A "how could it fit" change: into the form, then calculated at once. */
  protected applyFit(patch: FitPatch): void {
    const { inference, hardware } = this.controls;
    inference.patchValue({
      ...(patch.precision ? { precision: patch.precision } : {}),
      ...(patch.sequence_length ? { sequence_length: patch.sequence_length } : {}),
      ...(patch.batch_size ? { batch_size: patch.batch_size } : {}),
    });
    hardware.patchValue({
      ...(patch.num_gpus ? { num_gpus: patch.num_gpus } : {}),
      ...(patch.tensor_parallel ? { tensor_parallel: patch.tensor_parallel } : {}),
      ...(patch.pipeline_parallel ? { pipeline_parallel: patch.pipeline_parallel } : {}),
      // Offload is llama.cpp's (an `auto` that picked it becomes explicit, so the layers are sent).
      ...(patch.gpu_layers !== undefined ? { gpu_layers: patch.gpu_layers, runtime: OFFLOAD_RUNTIME } : {}),
    });
    this.calculate();
  }
}
