/**
 * Reading --config: a Hugging Face config.json from the user's disk, checked before anything walks
 * it. Every failure is the user's input, so a UsageError (exit 2) naming the file: not a regular
 * file (/dev/zero, a FIFO, a folder), larger than MAX_CONFIG_BYTES, not JSON, nested deeper than
 * MAX_CONFIG_DEPTH (a stack overflow further on), or keys that shadow built-in object methods
 * ({"toString": 1} makes String(value) throw). A UTF-8 byte order mark is skipped, as the API does.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { UsageError } from '../errors';

/** Largest config.json read (real ones are a few KB; the largest multimodal ones ~10 KB). */
export const MAX_CONFIG_BYTES = 1_000_000;
/** Deepest nesting of objects and arrays accepted (real configs nest 3-4 levels). */
export const MAX_CONFIG_DEPTH = 64;

/** Keys that would shadow Object.prototype members (toString, valueOf, __proto__, constructor...). */
const RESERVED_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

function readBounded(path: string): Buffer {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; regular files ignore it.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError([`--config ${path}: cannot read the file (${code === 'ENOENT' ? 'no such file' : (code ?? String(e))})`]);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new UsageError([`--config ${path} is a folder: give the path of its config.json`]);
    if (!stat.isFile())
      throw new UsageError([`--config ${path} is not a regular file (a device, pipe or socket): give the path of a config.json`]);
    const tooLarge = new UsageError([`--config ${path} is larger than ${MAX_CONFIG_BYTES / 1e6} MB: not a config.json`]);
    if (stat.size > MAX_CONFIG_BYTES) throw tooLarge;
    // Read to the cap even when the size says less (a file that grows while being read).
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > MAX_CONFIG_BYTES) throw tooLarge;
    }
    return buffer.subarray(0, length);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError([`--config ${path}: cannot read the file (${code ?? String(e)})`]);
  } finally {
    closeSync(fd);
  }
}

/** True when objects and arrays nest deeper than `limit` (strings skipped); a linear scan, no recursion. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

/** The first key (as a dotted path) that shadows a built-in object member, if any. Depth is bounded by the caller. */
function reservedKeyPath(value: unknown, path: string): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (!Array.isArray(value) && RESERVED_KEYS.has(key)) return at;
    const inner = reservedKeyPath(child, at);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/** Reads and parses a config.json for --config, or throws a UsageError saying what is wrong with it. */
export function readConfigFile(path: string): unknown {
  let text = readBounded(path).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (nestsDeeperThan(text, MAX_CONFIG_DEPTH)) {
    throw new UsageError([`--config ${path} nests objects or arrays more than ${MAX_CONFIG_DEPTH} levels deep: not a config.json`]);
  }
  let config: unknown;
  try {
    config = JSON.parse(text) as unknown;
  } catch (e) {
    throw new UsageError([`--config ${path} is not valid JSON: ${(e as Error).message}`]);
  }
  const reserved = reservedKeyPath(config, '');
  if (reserved !== undefined) {
    throw new UsageError([`--config ${path}: key ${reserved} is not a config.json key (names of built-in object members are refused)`]);
  }
  return config;
}
