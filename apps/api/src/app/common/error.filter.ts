import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, NotFoundException } from '@nestjs/common';
import { RequestError, type RequestProblem } from '@llm-calc/contracts';
import { StoreWriteError } from '@llm-calc/history-log';
import type { Request, Response } from 'express';
import { capProblems, MAX_PROBLEMS } from './body-limits';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  507: 'Insufficient Storage',
};

interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): unknown;
}

/** The methods the app's routes answer at this path (empty: no route has the path). */
export function allowedMethods(req: Request): string[] {
  const stack = (req.app as unknown as { router?: { stack?: RouteLayer[] } }).router?.stack ?? [];
  // originalUrl: the not-found handler runs in a router mounted at the prefix, where req.path is relative.
  const path = (req.originalUrl ?? req.url).split('?')[0] ?? '/';
  const methods = new Set<string>();
  for (const layer of stack) {
    if (!layer.route || !layer.match(path)) continue;
    for (const [m, on] of Object.entries(layer.route.methods)) if (on && m !== '_all') methods.add(m.toUpperCase());
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}

/**
 * Shapes every error as {statusCode, message: string[], error}. Internals (stack traces, file
 * paths, parser details) never leave the server unless it runs with --debug.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly debug: boolean) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let messages = ['internal error'];
    let problems: RequestProblem[] | undefined;
    if (exception instanceof StoreWriteError) {
      // The disk, not the request: 507 when full, 503 when read-only, busy or unreadable.
      status = exception.code === 'ENOSPC' || exception.code === 'EDQUOT' ? 507 : 503;
      messages = [`the saved models could not be written: ${exception.reason}`];
    } else if (exception instanceof RequestError) {
      status = exception.status;
      messages = exception.messages;
      problems = exception.problems;
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      const body = exception.getResponse();
      const raw = typeof body === 'object' && body !== null && 'message' in body ? (body as { message: unknown }).message : body;
      messages = (Array.isArray(raw) ? raw : [raw]).map(String);
      if (status === 400 && this.isParserError(exception)) messages = ['the body is not valid JSON'];
      if (status === 413) messages = ['the request body is too large'];
      if (status === 404 && exception instanceof NotFoundException && req !== undefined) {
        // No route for this method: a known path with another method is a 405.
        const allow = allowedMethods(req);
        if (allow.length) {
          status = 405;
          const path = (req.originalUrl ?? req.url).split('?')[0] ?? '/';
          messages = [`${req.method} is not allowed on ${path.slice(0, 100)}; use ${allow.filter((m) => m !== 'HEAD').join(' or ')}`];
          res.setHeader('Allow', allow.join(', '));
        }
      }
    } else {
      const err = exception as { status?: number; type?: string };
      // body-parser errors arrive as plain errors with a status
      if (err?.type === 'entity.too.large' || err?.status === 413) {
        status = 413;
        messages = ['the request body is too large'];
      } else if (err?.type === 'entity.parse.failed') {
        status = 400;
        messages = ['the body is not valid JSON'];
      } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
        status = err.status;
        messages = ['the request could not be read'];
      }
    }
    if (status >= 500) {
      this.logger.error(this.debug && exception instanceof Error ? exception.stack : String(exception));
    }
    const payload: Record<string, unknown> = {
      statusCode: status,
      message: capProblems(messages),
      error: REASONS[status] ?? (status >= 500 ? 'Internal Server Error' : 'Bad Request'),
    };
    // The same problems as data (field path, code, text), so a page can mark the field concerned.
    if (problems) payload['problems'] = problems.slice(0, MAX_PROBLEMS);
    if (this.debug && exception instanceof Error && status >= 500) payload['stack'] = exception.stack;
    if (!res.headersSent) res.status(status).json(payload);
  }

  private isParserError(e: HttpException): boolean {
    const cause = (e as { cause?: { type?: string } }).cause;
    return cause?.type === 'entity.parse.failed' || /JSON/.test(e.message);
  }
}
