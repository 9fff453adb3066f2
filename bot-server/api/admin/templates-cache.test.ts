import { ShortCache, TEMPLATE_CACHE_MS } from './templates';

describe('the short cache of what DingTalk said of the forms', () => {
  let now = 1_000_000;
  const cache = new ShortCache(() => now);
  let loads = 0;
  const load = (keep: boolean) => async () => {
    loads++;
    return { value: `answer ${loads}`, keep };
  };

  it('reuses an answer for a minute, then asks again; a refresh asks at once', async () => {
    expect(await cache.get('corp\u0000templates', false, load(true))).toBe('answer 1');
    now += TEMPLATE_CACHE_MS - 1;
    expect(await cache.get('corp\u0000templates', false, load(true))).toBe('answer 1');
    now += 1;
    expect(await cache.get('corp\u0000templates', false, load(true))).toBe('answer 2');
    expect(await cache.get('corp\u0000templates', true, load(true))).toBe('answer 3');
    expect(await cache.get('corp\u0000templates', false, load(true))).toBe('answer 3');
    // Another corp's key is its own.
    expect(await cache.get('other\u0000templates', false, load(true))).toBe('answer 4');
    expect(loads).toBe(4);
  });

  it('does not keep what the loader says not to keep (a refusal)', async () => {
    expect(await cache.get('corp\u0000forecast\u0000PROC-A', false, load(false))).toBe('answer 5');
    expect(await cache.get('corp\u0000forecast\u0000PROC-A', false, load(true))).toBe('answer 6');
    expect(await cache.get('corp\u0000forecast\u0000PROC-A', false, load(true))).toBe('answer 6');
  });
});
