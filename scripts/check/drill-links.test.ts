import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMAINS } from '../../bot-server/reports/engine';

/** The mini-app's page paths under /m, as its router declares them (`path: '…'`). */
function miniappPaths(): Set<string> {
  const router = readFileSync(join(__dirname, '..', '..', 'miniapp', 'src', 'app', 'router.tsx'), 'utf8');
  return new Set([...router.matchAll(/\bpath: '([^']+)'/g)].map((m) => m[1] ?? ''));
}

/**
 * Every record a drill-down lists opens a page the mini-app has: `<link>/:id`, or the page it is kept on. A record
 * kind with no page would open 链接已失效 (the router's fallback for any `:subjectType/:id`).
 */
describe('the records of every figure’s drill-down', () => {
  const paths = miniappPaths();
  it.each(Object.entries(DOMAINS))('of %s open a page of the mini-app', (_, info) => {
    const { opens, link } = info.item;
    // `/m/ledgers/books/7` is the route `ledgers/books/:id`; `/m/ledgers?tab=…&year=…` the route `ledgers`.
    const wanted = !opens
      ? `${link}/:id`
      : opens.prefix.endsWith('/')
        ? `${opens.prefix}:id`
        : (opens.prefix.split('?')[0] as string);
    expect({ page: wanted, found: paths.has(wanted) }).toEqual({ page: wanted, found: true });
  });
});
