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

/**
 * The options after a command's arguments: `--docx <file>` (a file to write the .docx to) and, where `flags` names
 * them, bare flags such as `--json`. Anything else is a usage error.
 */
export function documentOptions(
  rest: readonly string[],
  flags: readonly string[] = [],
): {
  docx: string | null;
  flags: Set<string>;
} {
  let docx: string | null = null;
  const given = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const option = rest[i] as string;
    const value = rest[i + 1];
    if (flags.includes(option)) given.add(option);
    else if (option === '--docx' && value && !value.startsWith('--')) {
      docx = value;
      i++;
    } else throw new UsageError(`unknown or incomplete option ${option}`);
  }
  return { docx, flags: given };
}
