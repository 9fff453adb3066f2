/** One sub-command of `duban`. `run` resolves to the process exit code. */
export interface Command {
  name: string;
  /** One line for `duban help`. */
  summary: string;
  /** Usage line(s) shown on a usage error. */
  usage: string;
  run(args: string[]): Promise<number>;
}

/** Bad arguments: the message is printed with the usage and the process exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
