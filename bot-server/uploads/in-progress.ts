import { DomainError } from '../errors/domain-error';

/**
 * Uploads being read and imported at this moment: one per person, and `maxTotal` for the whole server. Reading a
 * large workbook costs seconds of CPU, so a person (or a stolen session) starting import after import would
 * otherwise hold the server's two cores; the next one waits for the last to finish (429 `upload_busy`).
 */
export class UploadsInProgress {
  private readonly people = new Set<string>();

  constructor(private readonly maxTotal: number) {}

  /** Runs `work` as `person`'s upload, or refuses at once when they have one running or the server is full. */
  async run<T>(person: string, work: () => Promise<T>): Promise<T> {
    if (this.people.has(person)) {
      throw new DomainError('too_many', 'upload_busy', '您的上一个文件仍在导入，请等待其完成后再上传');
    }
    if (this.people.size >= this.maxTotal) {
      throw new DomainError('too_many', 'upload_busy', '当前导入任务较多，请稍后再试');
    }
    this.people.add(person);
    try {
      return await work();
    } finally {
      this.people.delete(person);
    }
  }
}
