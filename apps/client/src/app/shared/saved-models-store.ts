import { Injectable, inject, signal } from '@angular/core';
import { Observable, tap } from 'rxjs';
import type { SavedCustomModel } from '@llm-calc/contracts';
import type { ModelArchitecture } from '@llm-calc/engine';
import { ApiService, describeApiError } from './api.service';
import { RequestState } from './request-state';

/**
 * The custom models saved on the server, loaded once per visit and shared by the calculator,
 * /compare and /training; saving or deleting on one page updates the list the others show.
 */
@Injectable({ providedIn: 'root' })
export class SavedModelsStore {
  private readonly api = inject(ApiService);
  private requested = false;

  readonly models = signal<SavedCustomModel[]>([]);
  /** The list's own load; saves and deletes report through their observables. */
  readonly state = signal<RequestState>('idle');

  /** Asks for the list once; later calls do nothing unless the first one failed. */
  load(): void {
    if (this.requested) return;
    this.requested = true;
    this.state.set('loading');
    this.api.customModels().subscribe({
      next: ({ models }) => {
        this.models.set(models);
        this.state.set('loaded');
      },
      error: (error: unknown) => {
        this.requested = false;
        this.state.set({ error: `Could not load the saved models: ${describeApiError(error)}` });
      },
    });
  }

  save(name: string, model: ModelArchitecture): Observable<SavedCustomModel> {
    return this.api
      .saveCustomModel(name, model)
      .pipe(
        tap((saved) =>
          this.models.update((models) =>
            [...models.filter((m) => m.name !== saved.name), saved].sort((a, b) => a.name.localeCompare(b.name)),
          ),
        ),
      );
  }

  remove(name: string): Observable<{ deleted: string }> {
    return this.api.deleteCustomModel(name).pipe(tap(() => this.models.update((models) => models.filter((m) => m.name !== name))));
  }
}
