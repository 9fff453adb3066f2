import { z } from 'zod';
import { parseInstant } from '../calendar';

/** What several areas' routes accept alike, with the message a user reads. */

/** A Shanghai civil date as the mini-app sends it. */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** An instant (`2026-03-02T09:00`, Shanghai wall time unless it names its offset); `message` when it is not one. */
export const instant = (message: string) =>
  z
    .string()
    .max(40)
    .transform((value, ctx) => {
      try {
        return parseInstant(value);
      } catch {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
    });
