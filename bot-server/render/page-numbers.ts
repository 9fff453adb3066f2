import {
  AlignmentType,
  Footer,
  HorizontalPositionRelativeFrom,
  PageNumber,
  Paragraph,
  TextRun,
  TextWrappingType,
  VerticalPositionRelativeFrom,
} from 'docx';
import { ShapeRun } from 'docx/shapes';
import { A4_WIDTH, FONTS, PAGES, TYPE_SIZE } from './style';

/**
 * 页码 (GB/T 9704-2012 7.5): 四号 半角宋体 Arabic numerals with a dash (一字线) each side, 「— 1 —」, 7 mm under the
 * type area; odd pages at the right, even pages at the left, one character in from the edge of the type area.
 *
 * A table set across the page (横排, clause 8) keeps the number where the portrait pages have it, reading as they
 * do: the landscape page is the portrait page turned a quarter clockwise (the table's head on the 订口, the portrait
 * page's left), so the number runs down the landscape page's left edge, near its foot on odd pages and near its
 * head on even ones.
 */

const SIZE = TYPE_SIZE.size4;
/** One 四号 character (twips): the number's distance in from the type area's edge. */
const CHARACTER = SIZE * 10;
/** The box holding a turned number (twips): a 四号 line across, room for 「— 100 —」 along. */
const BOX = { across: 400, along: 2400 };
/** Twips in EMUs (the unit of floating positions) and in pixels of 1/96 inch (the unit of shape sizes). */
const EMU = 635;
const PIXEL = 15;

const numberRun = () => new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], size: SIZE, font: FONTS.pageNumber });

function portraitFooter(odd: boolean): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: odd ? { right: CHARACTER } : { left: CHARACTER },
        children: [numberRun()],
      }),
    ],
  });
}

/**
 * The number of a landscape page in a text box turned a quarter clockwise, floating where the portrait page has it:
 * across, the band the portrait footer takes above the page's foot (now the left edge); along, one character in
 * from the portrait type area's right edge (odd, now towards the foot) or left edge (even, now towards the head).
 */
function landscapeFooter(odd: boolean): Footer {
  const { margin } = PAGES.official;
  const along = odd ? A4_WIDTH - margin.right - CHARACTER - BOX.along : margin.left + CHARACTER;
  const box = new ShapeRun({
    type: 'rectangle',
    transformation: { width: Math.ceil(BOX.across / PIXEL), height: Math.ceil(BOX.along / PIXEL) },
    line: { transparency: 100 },
    children: [new Paragraph({ alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [numberRun()] })],
    textOptions: {
      direction: 'topToBottom',
      margins: { top: 0, right: 0, bottom: 0, left: 0 },
      // The line's foot (turned: the box's left) on the footer distance, as in the portrait footer.
      verticalAlignment: 'bottom',
      wrap: false,
    },
    floating: {
      horizontalPosition: { relative: HorizontalPositionRelativeFrom.PAGE, offset: margin.footer * EMU },
      verticalPosition: { relative: VerticalPositionRelativeFrom.PAGE, offset: along * EMU },
      // LibreOffice 7.4 drops the offsets of a footer's box that text does not wrap; it is outside the type area.
      wrap: { type: TextWrappingType.SQUARE },
      allowOverlap: true,
    },
    altText: { name: '页码', description: '页码', title: '页码' },
  });
  return new Footer({ children: [new Paragraph({ children: [box] })] });
}

/** The odd (default) and even footers of a portrait or a landscape section. */
export function pageNumberFooters(landscape: boolean) {
  const footer = landscape ? landscapeFooter : portraitFooter;
  return { default: footer(true), even: footer(false) };
}
