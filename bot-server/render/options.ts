import type { Paragraph, Table } from 'docx';
import type { FontName } from './style';

/** The options of the kit's runs and paragraphs (docx.ts), shared with the parts of official.ts. */

export interface RunOptions {
  font?: FontName;
  /** Half-points; the text style's size when omitted. */
  size?: number;
  bold?: boolean;
  color?: string;
  /** What a person still has to fill in: highlighted yellow, in red. */
  mark?: boolean;
}

export interface ParagraphOptions extends RunOptions {
  align?: 'center' | 'left' | 'right';
  /** The first line indented by two characters of the text; the default unless centred or right-aligned. */
  indent?: boolean;
  /** Characters of the text left free at the right. */
  right?: number;
  /** Space before and after, in twips. */
  before?: number;
  after?: number;
  /** The exact line pitch (twips); the text style's when omitted; null for single lines. */
  line?: number | null;
  /** Kept on the page of the next paragraph. */
  keepNext?: boolean;
}

export type Block = Paragraph | Table;
