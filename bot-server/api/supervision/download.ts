import type { Context } from 'koa';

/** Answers with a file: `attachment` with an ASCII fallback name and the Chinese one (RFC 5987 `filename*`). */
export function download(ctx: Context, body: Buffer, type: string, asciiName: string, chineseName: string) {
  ctx.set('Content-Type', type);
  ctx.set(
    'Content-Disposition',
    `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(chineseName)}`,
  );
  ctx.body = body;
}
