/**
 * The state of one request, as a union rather than separate loading/error flags that can
 * contradict each other (after stefanoslig/angular-ngrx-nx-realworld-example-app call-state).
 */
export type RequestState = 'idle' | 'loading' | 'loaded' | { error: string };

export function isRequestError(state: RequestState): state is { error: string } {
  return typeof state === 'object' && state !== null && 'error' in state;
}

export function requestErrorMessage(state: RequestState): string | null {
  return isRequestError(state) ? state.error : null;
}
