import { Injectable, computed, inject, signal } from '@angular/core';
import { Observable, ReplaySubject, forkJoin } from 'rxjs';
import type { AvailableModelsResponse, GpuConfigsResponse, GpuListItem, ModelListItem } from '@llm-calc/contracts';
import { ApiService, describeApiError } from './api.service';
import { RequestState } from './request-state';

export interface Catalogue {
  models: AvailableModelsResponse['families'];
  gpus: GpuConfigsResponse['families'];
}

/**
 * The model and GPU catalogues, asked for once per visit and shared by every page (they change
 * only when the server is redeployed). A failed load is retried by the next page that asks.
 */
@Injectable({ providedIn: 'root' })
export class CatalogueStore {
  private readonly api = inject(ApiService);
  private loaded$: ReplaySubject<Catalogue> | null = null;

  readonly models = signal<AvailableModelsResponse['families']>([]);
  readonly gpus = signal<GpuConfigsResponse['families']>([]);
  readonly state = signal<RequestState>('idle');
  readonly error = computed(() => {
    const state = this.state();
    return typeof state === 'object' ? state.error : null;
  });

  readonly modelIds = computed(() => this.models().flatMap((f) => f.models.map((m) => m.id)));
  readonly gpuIds = computed(() => this.gpus().flatMap((f) => f.gpus.map((g) => g.id)));

  /** Both catalogues, loading them on the first call; later calls replay the same answer. */
  load(): Observable<Catalogue> {
    if (this.loaded$) return this.loaded$;
    const loaded$ = new ReplaySubject<Catalogue>(1);
    this.loaded$ = loaded$;
    this.state.set('loading');
    forkJoin({ models: this.api.availableModels(), gpus: this.api.gpuConfigs() }).subscribe({
      next: ({ models, gpus }) => {
        const catalogue = { models: models.families, gpus: gpus.families };
        this.models.set(catalogue.models);
        this.gpus.set(catalogue.gpus);
        this.state.set('loaded');
        loaded$.next(catalogue);
        loaded$.complete();
      },
      error: (error: unknown) => {
        this.loaded$ = null;
        this.state.set({ error: describeApiError(error) });
        loaded$.error(error);
      },
    });
    return loaded$;
  }

  gpu(id: string | null | undefined): GpuListItem | null {
    for (const family of this.gpus()) {
      const gpu = family.gpus.find((g) => g.id === id);
      if (gpu) return gpu;
    }
    return null;
  }

  model(id: string | null | undefined): ModelListItem | null {
    for (const family of this.models()) {
      const model = family.models.find((m) => m.id === id);
      if (model) return model;
    }
    return null;
  }
}

/** `preferred` when the catalogue has it, else its first id ('' when empty). */
export function pickId(ids: readonly string[], preferred: string): string {
  return ids.includes(preferred) ? preferred : (ids[0] ?? '');
}
