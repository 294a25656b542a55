import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { RequestError, type RequestProblem } from '@llm-calc/contracts';
import type { Response } from 'express';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

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
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let messages = ['internal error'];
    let problems: RequestProblem[] | undefined;
    if (exception instanceof RequestError) {
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
      message: messages,
      error: REASONS[status] ?? (status >= 500 ? 'Internal Server Error' : 'Bad Request'),
    };
    // The same problems as data (field path, code, text), so a page can mark the field concerned.
    if (problems) payload['problems'] = problems;
    if (this.debug && exception instanceof Error && status >= 500) payload['stack'] = exception.stack;
    if (!res.headersSent) res.status(status).json(payload);
  }

  private isParserError(e: HttpException): boolean {
    const cause = (e as { cause?: { type?: string } }).cause;
    return cause?.type === 'entity.parse.failed' || /JSON/.test(e.message);
  }
}
