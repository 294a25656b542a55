import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { App } from './app';

describe('App shell', () => {
  beforeEach(async () => {
    localStorage.clear();
    await TestBed.configureTestingModule({
      imports: [App],
      providers: [provideRouter([])],
    }).compileComponents();
  });

  it('shows the product name and links to every page', async () => {
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('mat-toolbar')?.textContent).toContain('LLM Scaling Calculator');
    const links = Array.from(el.querySelectorAll('nav a')).map((a) => a.getAttribute('href'));
    expect(links).toEqual(['/', '/visualize', '/compare', '/training', '/serving']);
  });

  it('toggles dark mode and remembers the choice', async () => {
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const toggle = fixture.nativeElement.querySelector('.theme-toggle') as HTMLButtonElement;
    const before = document.documentElement.classList.contains('theme-dark');
    toggle.click();
    await fixture.whenStable();
    expect(document.documentElement.classList.contains('theme-dark')).toBe(!before);
    expect(localStorage.getItem('llm-calc.color-scheme')).toBe(before ? 'light' : 'dark');
  });
});
