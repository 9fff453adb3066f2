import { PageOrientation } from 'docx';

/**
 * The format of Duban's official documents, in one place: faces, type sizes, colours, the text styles and the
 * page setups. GB/T 9704 (党政机关公文格式) is the model: 方正小标宋简体 for titles, 仿宋_GB2312 for the text, 黑体
 * and 楷体_GB2312 for the first and second heading levels. Every face names Times New Roman for Latin letters and
 * digits, and falls back to what the reader has where a Chinese face is missing.
 *
 * A change of format (margins, line pitch, 页码, 版记 …) is made here or in docx.ts, never in a document.
 */

const face = (eastAsia: string) => ({ ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia });

export const FONTS = {
  /** 方正小标宋简体: the document's title and the 版头. */
  title: face('方正小标宋简体'),
  /** 仿宋_GB2312: the text. */
  body: face('仿宋_GB2312'),
  /** 黑体: the first heading level (一、). */
  heading: face('黑体'),
  /** 楷体_GB2312: the second heading level ((一) or 1.). */
  item: face('楷体_GB2312'),
} as const;
export type FontName = keyof typeof FONTS;

/** Chinese type sizes (字号), in the half-points Word counts. */
export const TYPE_SIZE = {
  /** 二号 (22 pt): a document's title. */
  size2: 44,
  /** 小二 (18 pt). */
  smallSize2: 36,
  /** 三号 (16 pt): the text of an official document. */
  size3: 32,
  /** 四号 (14 pt). */
  size4: 28,
  /** 小四 (12 pt): notes and table cells. */
  smallSize4: 24,
} as const;

/** The red of the 版头, its rule, and of what a person still has to fill in. */
export const RED = 'C00000';

/** The text of a document: its type size (half-points) and line pitch (240ths of a line, Word's "auto" rule). */
export interface TextStyle {
  size: number;
  line: number;
}

/** 三号 text: the body of an official document (the year-end summary, the 会风会纪 notice). */
export const OFFICIAL_TEXT: TextStyle = { size: TYPE_SIZE.size3, line: 560 };
/** 四号 text in tighter lines: a document that is mostly wide tables (the 督查通报). */
export const TABLE_TEXT: TextStyle = { size: TYPE_SIZE.size4, line: 440 };

const inch = 1440;

/** A4 page setups (twips; docx takes A4 as its size). */
export const PAGES = {
  /** GB/T 9704: portrait, top 37 mm, bottom 35 mm, left (订口) 28 mm, right 26 mm — a 156 × 225 mm type area. */
  official: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } },
  /** Portrait with margins of one inch. */
  plain: { margin: { top: inch, bottom: inch, left: inch, right: inch } },
  /** Landscape with margins of one inch, for tables of many columns. */
  landscape: {
    size: { orientation: PageOrientation.LANDSCAPE },
    margin: { top: inch, bottom: inch, left: inch, right: inch },
  },
} as const;
export type PageName = keyof typeof PAGES;
