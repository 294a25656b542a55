import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import { debounceTime } from 'rxjs';
import { CatalogueStore, pickId } from '../shared/catalogue-store';
import { CalculatorStore } from './calculator-store';
import { SharedInputs, sharedInputsFromParams, shareParamsFromForm } from './share-params';

export const DEFAULT_PRESET_ID = 'llama-3.1-8b';
export const DEFAULT_GPU_ID = 'h100-sxm';

/** How long the form rests before its inputs are written to the URL. */
const URL_SYNC_DEBOUNCE_MS = 250;

/**
 * The calculator's inputs in the address bar. Once the catalogues are in, a link's inputs are
 * applied and calculated (without logging: opening a link is not a new run); a link naming a
 * model or GPU the catalogue does not have says so and keeps the defaults. From then on the URL
 * follows the form, so that it can be copied at any time.
 */
@Injectable()
export class CalculatorLink {
  private readonly store = inject(CalculatorStore);
  private readonly catalogue = inject(CatalogueStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly destroyRef = inject(DestroyRef);

  /** What was wrong with the link that opened the page, in words for the person who clicked it. */
  readonly notice = signal<string | null>(null);

  start(): void {
    const shared = sharedInputsFromParams(this.route.snapshot.queryParams);
    this.catalogue
      .load()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          const usable = shared ? this.checked(shared) : null;
          const { preset, hardware } = this.store.controls;
          if (!usable || (usable.mode === 'preset' && !usable.preset))
            preset.setValue(pickId(this.catalogue.modelIds(), DEFAULT_PRESET_ID));
          if (!usable?.hardware.gpu) hardware.controls.gpu.setValue(pickId(this.catalogue.gpuIds(), DEFAULT_GPU_ID));
          if (usable) this.apply(usable);
          this.store.form.valueChanges
            .pipe(debounceTime(URL_SYNC_DEBOUNCE_MS), takeUntilDestroyed(this.destroyRef))
            .subscribe(() => this.writeUrl());
          // Only a link that could be followed as a whole reruns by itself.
          if (usable && !this.notice()) this.store.calculate({ log: false });
        },
        error: () => undefined, // The page shows the catalogue's error.
      });
  }

  /** The link for the form's current inputs (the address bar's, once it has caught up). */
  url(origin: string): string {
    const tree = this.router.createUrlTree(['/'], { queryParams: shareParamsFromForm(this.store.form, this.store.activeExtras()) });
    return `${origin}${this.router.serializeUrl(tree)}`;
  }

  /** The link's inputs without the ids the catalogue does not know, and a notice naming them. */
  private checked(shared: SharedInputs): SharedInputs {
    const problems: string[] = [];
    let result = shared;
    if (shared.mode === 'preset' && shared.preset && !this.catalogue.modelIds().includes(shared.preset)) {
      problems.push(`the model “${shorten(shared.preset)}”`);
      result = { ...result, mode: 'preset', preset: undefined };
    }
    const gpu = shared.hardware.gpu;
    if (gpu && !this.catalogue.gpuIds().includes(gpu)) {
      problems.push(`the GPU “${shorten(gpu)}”`);
      const { gpu: _dropped, ...hardware } = shared.hardware;
      result = { ...result, hardware };
    }
    if (problems.length > 0) {
      this.notice.set(
        `This link asks for ${problems.join(' and ')}, which this calculator does not have (the link may be mistyped or from a newer version). ` +
          'The defaults are shown instead: pick a model and GPU, then press Calculate.',
      );
    }
    return result;
  }

  private apply(shared: SharedInputs): void {
    const { hardware, inference, preset, mode, custom } = this.store.controls;
    // The GPU first: choosing it fills its price and may change the precision, both of which
    // the link's own values then override.
    const { gpu, ...hardwareNumbers } = shared.hardware;
    if (gpu && gpu !== hardware.controls.gpu.value) hardware.controls.gpu.setValue(gpu);
    hardware.patchValue(hardwareNumbers);
    inference.patchValue(shared.inference);
    this.store.keepPrecisionSupported();
    if (shared.mode === 'preset' && shared.preset) {
      preset.setValue(shared.preset);
      mode.setValue('preset');
    } else if (shared.custom) {
      this.store.useCustomValue(shared.custom, shared.extras);
      custom.markAsPristine();
    }
  }

  private writeUrl(): void {
    // A navigation away (a nav link clicked within the debounce) must not be turned back to `/`.
    if (this.router.currentNavigation() !== null || this.router.url.split('?')[0] !== '/') return;
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: shareParamsFromForm(this.store.form, this.store.activeExtras()),
      replaceUrl: true,
    });
  }
}

function shorten(id: string): string {
  return id.length > 40 ? `${id.slice(0, 40)}…` : id;
}
