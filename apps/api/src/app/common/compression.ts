import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { constants, createBrotliCompress, createGzip, type BrotliCompress, type Gzip } from 'node:zlib';

/** Bodies smaller than this are sent as they are (compression would not pay for its headers). */
export const COMPRESS_MIN_BYTES = 1024;

const COMPRESSIBLE = /^(?:text\/|application\/(?:json|javascript|xml|manifest\+json|[\w.-]+\+json|[\w.-]+\+xml)|image\/svg\+xml)/i;

/** The encoding to answer with: brotli when accepted, else gzip, else none (q=0 refuses one). */
export function pickEncoding(accept: string | undefined): 'br' | 'gzip' | null {
  const offered = new Map<string, number>();
  for (const part of String(accept ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    offered.set(name, q ? Number(q[1]) : 1);
  }
  const ok = (n: string) => (offered.get(n) ?? offered.get('*') ?? 0) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : null;
}

type Chunk = string | Buffer | Uint8Array;
const toBuffer = (chunk: Chunk, encoding?: BufferEncoding) =>
  typeof chunk === 'string' ? Buffer.from(chunk, encoding) : Buffer.from(chunk);

/**
 * Response compression with node:zlib, no dependency: brotli (quality 4, the fast levels) or gzip
 * for JSON, JavaScript, CSS, HTML and SVG bodies of at least COMPRESS_MIN_BYTES, chosen by
 * Accept-Encoding; `Vary: Accept-Encoding` on every answer it could have compressed. Wraps
 * res.write/res.end as the `compression` package does, with back-pressure passed through.
 */
export function compression(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const encoding = pickEncoding(req.headers['accept-encoding']);
    res.vary('Accept-Encoding');
    if (!encoding || req.method === 'HEAD') return next();
    const write = res.write.bind(res) as (chunk: Chunk, encoding?: BufferEncoding, cb?: () => void) => boolean;
    const end = res.end.bind(res) as (chunk?: Chunk, encoding?: BufferEncoding, cb?: () => void) => Response;
    let stream: BrotliCompress | Gzip | null = null;
    let decided = false;

    const decide = (first?: Chunk, firstEncoding?: BufferEncoding, ending = false): void => {
      decided = true;
      if (res.headersSent || res.statusCode < 200 || res.statusCode === 204 || res.statusCode === 206 || res.statusCode === 304) return;
      if (
        res.getHeader('Content-Encoding') ||
        res.getHeader('Content-Range') ||
        !COMPRESSIBLE.test(String(res.getHeader('Content-Type') ?? ''))
      )
        return;
      if (/\bno-transform\b/.test(String(res.getHeader('Cache-Control') ?? ''))) return;
      const declared = Number(res.getHeader('Content-Length'));
      const size = ending
        ? first === undefined
          ? 0
          : toBuffer(first, firstEncoding).length
        : Number.isFinite(declared)
          ? declared
          : Infinity;
      if (size < COMPRESS_MIN_BYTES) return;
      stream =
        encoding === 'br'
          ? createBrotliCompress({
              params: {
                [constants.BROTLI_PARAM_QUALITY]: 4,
                ...(Number.isFinite(size) ? { [constants.BROTLI_PARAM_SIZE_HINT]: size } : {}),
              },
            })
          : createGzip({ level: 6 });
      res.setHeader('Content-Encoding', encoding);
      res.removeHeader('Content-Length');
      const s = stream;
      s.on('data', (c: Buffer) => {
        if (!write(c)) s.pause();
      });
      res.on('drain', () => s.resume());
      s.on('drain', () => res.emit('drain'));
      s.on('end', () => end());
      s.on('error', () => res.destroy());
    };

    res.write = ((chunk: Chunk, enc?: BufferEncoding | (() => void), cb?: () => void): boolean => {
      const e = typeof enc === 'string' ? enc : undefined;
      if (!decided) decide(chunk, e);
      if (!stream) return write(chunk, e, typeof enc === 'function' ? enc : cb);
      return stream.write(toBuffer(chunk, e), typeof enc === 'function' ? enc : cb);
    }) as Response['write'];

    res.end = ((chunk?: Chunk | (() => void), enc?: BufferEncoding | (() => void), cb?: () => void): Response => {
      if (typeof chunk === 'function')
        return (res.end as (c?: Chunk, e?: BufferEncoding, cb?: () => void) => Response)(undefined, undefined, chunk);
      const e = typeof enc === 'string' ? enc : undefined;
      const done = typeof enc === 'function' ? enc : cb;
      if (!decided) decide(chunk, e, true);
      if (!stream) return end(chunk, e, done);
      if (done) res.once('finish', done);
      if (chunk !== undefined && chunk !== null) stream.end(toBuffer(chunk, e));
      else stream.end();
      return res;
    }) as Response['end'];
    next();
  };
}
