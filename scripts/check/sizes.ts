import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** The most lines a production file may have, and a function's body (declarations, methods, arrows, components). */
export const SIZE_LIMITS = { fileLines: 600, functionLines: 120 } as const;

export interface Measured {
  /** `path` or `path:line name`. */
  where: string;
  lines: number;
}

/** Production code: what the server, the entities, the command line and the mini-app run — tests and harnesses not. */
export function productionFiles(root: string): string[] {
  return execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root })
    .toString()
    .split('\0')
    .filter((f) => /^(bot-server|entities|scripts|miniapp\/src)\/.*\.tsx?$/.test(f))
    .filter((f) => !/\.test\.tsx?$/.test(f) && !f.startsWith('bot-server/test-support/'))
    .filter((f) => existsSync(join(root, f)));
}

/** Every production file by its lines, and every function by the lines of its body, longest first. */
export function measure(root: string): { files: Measured[]; functions: Measured[] } {
  const files: Measured[] = [];
  const functions: Measured[] = [];
  for (const file of productionFiles(root)) {
    const text = readFileSync(join(root, file), 'utf8');
    files.push({ where: file, lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0) });
    const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
    const line = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const body = node.body as ts.Node;
        const name = nameOf(node);
        functions.push({
          where: `${file}:${line(body.getStart()) + 1} ${name}`,
          lines: line(body.getEnd()) - line(body.getStart()) + 1,
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  const longestFirst = (a: Measured, b: Measured) => b.lines - a.lines;
  return { files: files.sort(longestFirst), functions: functions.sort(longestFirst) };
}

function nameOf(node: ts.SignatureDeclaration): string {
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent))) return parent.name.getText();
  return '(anonymous)';
}
