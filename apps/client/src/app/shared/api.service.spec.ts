import { HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ApiService, describeApiError, historyParams } from './api.service';

describe('ApiService', () => {
  let api: ApiService;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(ApiService);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('escapes the model id in the path', () => {
    api.modelConfig('a/b c').subscribe();
    http.expectOne('/api/model_config/a%2Fb%20c').flush({});
  });

  it('sends history filters and leaves blank ones out', () => {
    api.history({ page: 2, page_size: 10, sort: 'model', order: 'asc', model: '  ', q: 'llama' }).subscribe();
    const req = http.expectOne((r) => r.url === '/api/history');
    expect(req.request.params.toString()).toBe('page=2&page_size=10&sort=model&order=asc&q=llama');
    req.flush({ total: 0, page: 2, page_size: 10, items: [], skipped_lines: 0 });
  });
});

describe('historyParams', () => {
  it('drops undefined and empty values', () => {
    expect(historyParams({ page: 1, gpu: '', source: undefined }).toString()).toBe('page=1');
  });
});

describe('describeApiError', () => {
  it('joins the API message lines', () => {
    const error = new HttpErrorResponse({
      status: 400,
      error: { statusCode: 400, message: ['batch_size must be at least 1', 'gpu is unknown'], error: 'Bad Request' },
    });
    expect(describeApiError(error)).toBe('batch_size must be at least 1\ngpu is unknown');
  });

  it('accepts a single message string', () => {
    const error = new HttpErrorResponse({ status: 404, error: { statusCode: 404, message: 'Unknown model x', error: 'Not Found' } });
    expect(describeApiError(error)).toBe('Unknown model x');
  });

  it('explains an unreachable server', () => {
    expect(describeApiError(new HttpErrorResponse({ status: 0 }))).toContain('could not be reached');
  });

  it('falls back to the status', () => {
    expect(describeApiError(new HttpErrorResponse({ status: 500, statusText: 'Server Error' }))).toBe('Request failed: 500 Server Error');
  });
});
