/**
 * How a request's path is read before any router sees it. Routers match exactly one spelling (case-sensitive,
 * strict about trailing slashes), so every other spelling of an API path must be decided here: whether it could
 * reach the API (then sign-in is required, and a spelling that is not canonical is answered 404), or not.
 */
export interface RequestPath {
  /** Decoded, slashes collapsed, dot segments resolved, lower case, no trailing slash: what a lenient server sees. */
  normalised: string;
  /** Whether some lenient reading of the path lands under `/api`. */
  isApi: boolean;
  /** Whether the path is written the one way the routers match: no needless escapes, no empty or dot segments. */
  canonical: boolean;
}

/** Segments of unreserved characters and percent-escapes, never empty (`//`), `.` or `..`. */
const CANONICAL = /^(\/([A-Za-z0-9_~.-]|%[0-9A-Fa-f]{2})+)*\/?$/;
/** An escape that stands for a character that needs none (`%61` for `a`) or for a separator: another spelling. */
const NEEDLESS_ESCAPE = /%(2[dDeE]|3[0-9]|[46][1-9a-fA-F]|[57][0-9aA]|5[fF]|7[eE]|2[fF]|5[cC])/;

/** Null when the path's percent-escapes are malformed (answered 400 by the caller). */
export function readRequestPath(rawPath: string): RequestPath | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  try {
    // Once more: a proxy or a lenient framework may decode twice (%2561 → %61 → a).
    decoded = decodeURIComponent(decoded);
  } catch {
    // A literal % after the first decoding: the first decoding stands.
  }
  const segments: string[] = [];
  for (const segment of decoded.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment.toLowerCase());
  }
  const normalised = `/${segments.join('/')}`;
  const dotSegment = rawPath.split('/').some((s) => s === '.' || s === '..');
  const canonical =
    CANONICAL.test(rawPath) &&
    !NEEDLESS_ESCAPE.test(rawPath) &&
    !dotSegment &&
    !rawPath.includes('//') &&
    (rawPath === '/' || !rawPath.endsWith('/'));
  return { normalised, isApi: normalised === '/api' || normalised.startsWith('/api/'), canonical };
}
