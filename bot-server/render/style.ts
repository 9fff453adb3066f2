import { PageOrientation } from 'docx';

/**
 * The format of Duban's official documents, in one place: faces, type sizes, colours, the text styles and the
 * page setups. GB/T 9704 (党政机关公文格式) is the model: 方正小标宋简体 for titles, 仿宋_GB2312 for the text, 黑体
 * and 楷体_GB2312 for the first and second heading levels. Every face names Times New Roman for Latin letters and
 * digits, and falls back to what the reader has where a Chinese face is missing.
 *
 * A change of format (margins, line pitch, 页码, 版记 …) is made here or in docx.ts, never in a document.
 */

/** Millimetres in twips. */
const mm = (millimetres: number) => Math.round((millimetres * 1440) / 25.4);

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
  /** 宋体 for Latin letters and digits too: the 页码 (GB/T 9704-2012 7.5: 4号半角宋体阿拉伯数字). */
  pageNumber: { ascii: '宋体', hAnsi: '宋体', eastAsia: '宋体' },
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

/**
 * GB/T 9704-2012 5.2.3: 22 lines of 28 characters of 三号 text in the type area. The line pitch is 225 mm ÷ 22
 * (28.95 pt); the character pitch 156 mm ÷ 28 (15.8 pt), a little under the 16 pt of 三号.
 */
const OFFICIAL_GRID = { lines: 22, characters: 28, linePitch: Math.floor(mm(225) / 22) } as const;

/** The text of a document: its type size (half-points) and its exact line pitch (twips). */
export interface TextStyle {
  size: number;
  line: number;
}

/** 三号 text on the 22-line grid: the body of an official document (the year-end summary, the 会风会纪 notice). */
export const OFFICIAL_TEXT: TextStyle = { size: TYPE_SIZE.size3, line: OFFICIAL_GRID.linePitch };

/**
 * The footer's distance from the foot of the page: GB/T 9704-2012 7.5 puts the 页码's dashes 7 mm under the type
 * area, whose foot is 35 mm from the foot of the page; a 四号 line is about 7 mm high.
 */
const FOOTER = mm(21);

/** A4 page setups (twips; docx takes A4 as its size). */
export const PAGES = {
  /**
   * GB/T 9704-2012 5.2.1: portrait A4, 天头 (top) 37 mm, 订口 (left) 28 mm, a type area (版心) of 156 × 225 mm, so
   * 35 mm at the foot and 26 mm at the right.
   */
  official: { margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), footer: FOOTER } },
  /**
   * The same type area turned a quarter clockwise for a wide table (GB/T 9704-2012 8: a table set across the page
   * has its head on the 订口 side of an odd page): landscape A4, 225 mm wide and 156 mm high, the portrait page's
   * 订口 (left) at the top, its foot at the left and its 天头 at the right.
   */
  officialLandscape: {
    size: { orientation: PageOrientation.LANDSCAPE },
    margin: { top: mm(28), bottom: mm(26), left: mm(35), right: mm(37), footer: FOOTER },
  },
} as const;

/** The width of A4 (GB/T 148) held portrait, in twips. */
export const A4_WIDTH = mm(210);

/** The width of the type area (twips): 156 mm portrait, 225 mm landscape (GB/T 9704-2012 5.2.1). */
export const TEXT_WIDTH = { portrait: mm(156), landscape: mm(225) } as const;
