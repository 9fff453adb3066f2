/**
 * A document as parts, each on portrait pages unless a table in it needs landscape ones (GB/T 9704-2012 §8: a table
 * too wide for the type area turns the page); consecutive parts of one orientation make one section.
 */
import type { Block, DocxColumn, DocxKit } from './docx';
import type { DocumentSection } from './official';
import { TEXT_WIDTH } from './style';

export interface Part {
  landscape: boolean;
  children: Block[];
}

/** Text on portrait pages. */
export const textPart = (...children: Block[]): Part => ({ landscape: false, children });

/** The cells' type sizes tried in turn (五号, then 小五), portrait first: the first the table fits. */
const CELL_SIZES = [21, 18];

/** Where a table goes: the largest type that fits, in portrait where any size does; else landscape at 小五. */
export function tableLayout(
  kit: DocxKit,
  columns: readonly DocxColumn[],
  rows: (string | number)[][],
): { landscape: boolean; size: number; width: number } {
  const widthOf = (landscape: boolean) => (landscape ? TEXT_WIDTH.landscape : TEXT_WIDTH.portrait);
  const layouts = [false, true].flatMap((landscape) => CELL_SIZES.map((size) => ({ landscape, size })));
  const { landscape, size } = layouts.find((l) =>
    kit.tableFits(columns, rows, { size: l.size, width: widthOf(l.landscape) }),
  ) ?? { landscape: true, size: CELL_SIZES[CELL_SIZES.length - 1] ?? 18 };
  return { landscape, size, width: widthOf(landscape) };
}

/** Consecutive parts of one orientation make one section. */
export function sectionsOf(parts: readonly Part[]): DocumentSection[] {
  const sections: DocumentSection[] = [];
  for (const part of parts) {
    const last = sections[sections.length - 1];
    if (last && (last.landscape ?? false) === part.landscape) last.children.push(...part.children);
    else sections.push({ landscape: part.landscape, children: [...part.children] });
  }
  return sections;
}
