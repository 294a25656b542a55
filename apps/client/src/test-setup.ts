import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless';

setupZonelessTestEnv({
  errorOnUnknownElements: true,
  errorOnUnknownProperties: true,
});

// jsdom has no canvas: Chart.js asks for a 2D context and would log "Not implemented".
Object.defineProperty(HTMLCanvasElement.prototype, 'getContext', { value: () => null, writable: true });

// jsdom lacks matchMedia, which ThemeService and Material's BreakpointObserver read.
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      addListener: () => undefined,
      removeListener: () => undefined,
      dispatchEvent: () => false,
    }),
  });
}
// jsdom does not lay out, so it has no scrollIntoView (the calculator scrolls to its result on phones).
if (!Element.prototype.scrollIntoView) {
  Object.defineProperty(Element.prototype, 'scrollIntoView', { value: () => undefined, writable: true, configurable: true });
}
