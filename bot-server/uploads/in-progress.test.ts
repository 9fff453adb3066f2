import { UploadsInProgress } from './in-progress';

describe('uploads in progress', () => {
  it('allows one per person and maxTotal in all, and frees a place when an upload ends, however it ends', async () => {
    const uploads = new UploadsInProgress(2);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const a = uploads.run('a', () => held);
    const b = uploads.run('b', () => held);
    await expect(uploads.run('a', async () => 'again')).rejects.toMatchObject({
      kind: 'too_many',
      code: 'upload_busy',
    });
    await expect(uploads.run('c', async () => 'third')).rejects.toMatchObject({
      code: 'upload_busy',
      messageZh: '当前导入任务较多，请稍后再试',
    });
    release();
    await Promise.all([a, b]);
    await expect(uploads.run('c', async () => 'now')).resolves.toBe('now');
    await expect(uploads.run('a', () => Promise.reject(new Error('broken')))).rejects.toThrow('broken');
    await expect(uploads.run('a', async () => 'after a failure')).resolves.toBe('after a failure');
  });
});
