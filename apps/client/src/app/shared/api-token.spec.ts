import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ApiTokenBanner } from './api-token-banner';
import { apiTokenInterceptor, ApiTokenStore, isOwnApi } from './api-token';

describe('API token', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let store: ApiTokenStore;

  beforeEach(() => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([apiTokenInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    store = TestBed.inject(ApiTokenStore);
  });

  afterEach(() => backend.verify());

  it('sends no Authorization header until a token is set, then sends it to the own API only', () => {
    http.post('/api/calculate', {}).subscribe();
    expect(backend.expectOne('/api/calculate').request.headers.has('Authorization')).toBe(false);

    store.set('  s3cret  ');
    http.post('/api/calculate', {}).subscribe();
    expect(backend.expectOne('/api/calculate').request.headers.get('Authorization')).toBe('Bearer s3cret');
    http.get(`${location.origin}/api/history`).subscribe();
    expect(backend.expectOne(`${location.origin}/api/history`).request.headers.get('Authorization')).toBe('Bearer s3cret');

    http.get('https://other.example/api/history').subscribe();
    expect(backend.expectOne('https://other.example/api/history').request.headers.has('Authorization')).toBe(false);
    expect(sessionStorage.getItem('llm-calc.api-token')).toBe('s3cret');
  });

  it('a 401 from the API marks the token as needed with the server reason; setting one clears it', () => {
    http.post('/api/calculate', {}).subscribe({ error: () => undefined });
    backend
      .expectOne('/api/calculate')
      .flush(
        { statusCode: 401, message: ['this request needs the API token: send Authorization: Bearer <API_TOKEN>'], error: 'Unauthorized' },
        { status: 401, statusText: 'Unauthorized' },
      );
    expect(store.needed()).toBe(true);
    expect(store.reason()).toBe('this request needs the API token');
    store.set('t');
    expect(store.needed()).toBe(false);
  });

  it('other errors do not ask for a token', () => {
    http.post('/api/calculate', {}).subscribe({ error: () => undefined });
    backend
      .expectOne('/api/calculate')
      .flush({ statusCode: 400, message: ['gpu is required'] }, { status: 400, statusText: 'Bad Request' });
    expect(store.needed()).toBe(false);
  });

  it('isOwnApi: relative /api paths and this origin only', () => {
    expect(isOwnApi('/api/x', 'http://127.0.0.1:5000')).toBe(true);
    expect(isOwnApi('http://127.0.0.1:5000/api/x', 'http://127.0.0.1:5000')).toBe(true);
    expect(isOwnApi('http://127.0.0.1:5001/api/x', 'http://127.0.0.1:5000')).toBe(false);
    expect(isOwnApi('/apis', 'http://127.0.0.1:5000')).toBe(false);
  });

  it('the banner appears on a refusal and stores the typed token', async () => {
    const fixture = TestBed.createComponent(ApiTokenBanner);
    await fixture.whenStable();
    expect(fixture.nativeElement.querySelector('[data-testid=api-token-banner]')).toBeNull();
    store.refused('this request needs the API token');
    fixture.detectChanges();
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    expect(root.textContent).toContain('This server needs an API token');
    const input = root.querySelector('[data-testid=api-token-input]') as HTMLInputElement;
    input.value = 'abc';
    input.dispatchEvent(new Event('input'));
    fixture.detectChanges();
    (root.querySelector('[data-testid=api-token-save]') as HTMLButtonElement).click();
    fixture.detectChanges();
    await fixture.whenStable();
    expect(store.token()).toBe('abc');
    expect(root.querySelector('[data-testid=api-token-banner]')).toBeNull();
  });
});
