import { join } from 'node:path';
import { measure, SIZE_LIMITS } from './sizes';

/** No file holds a whole area and no function a whole flow: the limits of scripts/check/sizes.ts. */
describe('sizes of production code', () => {
  const { files, functions } = measure(join(__dirname, '..', '..'));
  const top = (list: { where: string; lines: number }[]) => list.slice(0, 10).map((m) => `${m.lines} ${m.where}`);

  it('reads the whole tree', () => {
    expect(files.length).toBeGreaterThan(200);
    expect(functions.length).toBeGreaterThan(1000);
  });

  it(`has no file over ${SIZE_LIMITS.fileLines} lines`, () => {
    const over = files.filter((f) => f.lines > SIZE_LIMITS.fileLines);
    expect({ over: over.map((f) => `${f.lines} ${f.where}`), largest: top(files) }).toEqual({
      over: [],
      largest: expect.any(Array),
    });
  });

  it(`has no function over ${SIZE_LIMITS.functionLines} lines`, () => {
    const over = functions.filter((f) => f.lines > SIZE_LIMITS.functionLines);
    expect({ over: over.map((f) => `${f.lines} ${f.where}`), longest: top(functions) }).toEqual({
      over: [],
      longest: expect.any(Array),
    });
  });
});
