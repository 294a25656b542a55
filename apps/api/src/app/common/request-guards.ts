import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Sends the API's error shape from a plain middleware (before Nest's filter is involved). */
export function sendError(res: Response, status: number, error: string, messages: string[]): void {
  res
    .status(status)
    .type('application/json; charset=utf-8')
    .send(JSON.stringify({ statusCode: status, message: messages, error }));
}

/** A value from a request, made safe to echo: printable ASCII only, at most `max` characters. */
export function echo(value: string, max = 60): string {
  const clean = value.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Whether a bind address only accepts connections from this machine. */
export function isLoopbackAddress(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/** The host name of a Host header, lower-cased, without port or IPv6 brackets; null when malformed. */
export function hostName(header: string | undefined): string | null {
  if (!header) return null;
  const h = header.trim().toLowerCase();
  const m = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(h) ?? /^([^:[\]\s/]+)(?::\d{1,5})?$/.exec(h);
  return m ? (m[1] as string) : null;
}

/**
 * Host header allow-list against DNS rebinding: a page on an attacker's name that resolves to
 * 127.0.0.1 reaches the server with that name in Host. Allowed: IP literals (a browser that sends
 * one navigated to the address itself), localhost and *.localhost, and the names in
 * ALLOWED_HOSTS (comma-separated; `*` allows any). A server bound to a non-loopback address
 * without ALLOWED_HOSTS answers any name (main.ts warns about it at start). Others get 403.
 */
export function hostAllowList(bindHost: string, env: NodeJS.ProcessEnv = process.env): RequestHandler {
  const configured = (env['ALLOWED_HOSTS'] ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const anyHost = configured.includes('*') || (configured.length === 0 && !isLoopbackAddress(bindHost));
  const names = new Set(configured);
  return (req: Request, res: Response, next: NextFunction) => {
    if (anyHost) return next();
    const name = hostName(req.headers.host);
    if (name !== null && (isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost') || names.has(name))) return next();
    sendError(res, 403, 'Forbidden', [
      `host '${echo(req.headers.host ?? '')}' is not allowed: this server answers only localhost and IP addresses; add the name to ALLOWED_HOSTS to serve it`,
    ]);
  };
}

/** The endpoints that add a run to the history unless asked `?log=false`. */
const LOGGING_PATHS = new Set(['/api/calculate', '/api/serving', '/api/recommend']);

/** A request that changes stored data: saved models, or the history (a logging endpoint unless ?log=false). */
export function isWriteRequest(req: Request): boolean {
  const path = req.path;
  if (req.method === 'POST' && path === '/api/custom_models') return true;
  if (req.method === 'DELETE' && path.startsWith('/api/custom_models/')) return true;
  if (req.method === 'POST' && LOGGING_PATHS.has(path)) return !/(?:^|&)log=false(?:&|$)/.test(req.url.split('?')[1] ?? '');
  return false;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * API_TOKEN: when set, requests that write (see isWriteRequest) need `Authorization: Bearer
 * <token>`, compared in constant time; reads and the planning endpoints stay open, and
 * `POST /api/calculate|serving|recommend?log=false` computes without the token because it logs nothing.
 */
export function tokenGuard(env: NodeJS.ProcessEnv = process.env): RequestHandler | null {
  const token = env['API_TOKEN'];
  if (!token) return null;
  const expected = digest(token);
  return (req: Request, res: Response, next: NextFunction) => {
    if (!isWriteRequest(req)) return next();
    const m = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? '').trim());
    if (m && timingSafeEqual(digest(m[1] as string), expected)) return next();
    res.setHeader('WWW-Authenticate', 'Bearer');
    sendError(res, 401, 'Unauthorized', [
      `${m ? 'the token is not right' : 'this request needs the API token'}: send Authorization: Bearer <API_TOKEN> (saving or deleting models and logging runs are protected; ?log=false on calculate, serving and recommend computes without logging)`,
    ]);
  };
}

/** Whether a request carries a body (a length above 0, or chunked). */
const hasBody = (req: Request) => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/**
 * 415 for a body on a POST (or PUT, PATCH) under /api that is not JSON (`application/json` or a
 * `+json` type): a form or text body would otherwise parse as nothing and be answered as a
 * missing field.
 */
export const jsonBodiesOnly: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
  if ((req.method !== 'POST' && req.method !== 'PUT' && req.method !== 'PATCH') || !req.path.startsWith('/api/') || !hasBody(req))
    return next();
  const type =
    String(req.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim()
      .toLowerCase() ?? '';
  if (type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type)) return next();
  sendError(res, 415, 'Unsupported Media Type', [`the body must be JSON (Content-Type: application/json), not '${echo(type || 'none')}'`]);
};
