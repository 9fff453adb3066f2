import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request with the request target exactly as given: `fetch` and URL normalise `/./`, `..`, `\` and case
 * of escapes away, and an attacker's client does not.
 */
export function rawRequest(
  baseUrl: string,
  method: string,
  target: string,
  options: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const headers = { ...options.headers };
    if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
    const req = request({ host: hostname, port, method, path: target, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * Other spellings of a path that a lenient server might route to the same handler: letter case, doubled and dot
 * segments, a trailing slash, percent-escapes (once and twice), a backslash.
 */
export function otherSpellings(path: string): string[] {
  const [, first = '', rest = ''] = /^\/([^/]+)(.*)$/.exec(path) ?? [];
  const escapeAt = (s: string, i: number) => `${s.slice(0, i)}%${s.charCodeAt(i).toString(16)}${s.slice(i + 1)}`;
  const lastSlash = path.lastIndexOf('/');
  return [
    path.toUpperCase(),
    `/${first.toUpperCase()}${rest}`,
    path.replace(/\/([a-z])/g, (_m, c: string) => `/${c.toUpperCase()}`),
    `/${path}`,
    path.replace(`/${first}/`, `/${first}//`),
    `/./${path.slice(1)}`,
    `${path}/`,
    `/${escapeAt(first, 0)}${rest}`,
    `/${first}${escapeAt(rest, rest.length - 1)}`,
    `/%25${first.charCodeAt(0).toString(16)}${first.slice(1)}${rest}`,
    `/${first}/x/..${rest}`,
    `${path.slice(0, lastSlash)}\\${path.slice(lastSlash + 1)}`,
    `${path.slice(0, lastSlash)}%2f${path.slice(lastSlash + 1)}`,
  ].filter((p) => p !== path);
}
