import pino from 'pino';

export type Logger = pino.Logger;

/** JSON logs on stdout; secrets are redacted wherever a field of that name appears. */
export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'duban', ...bindings },
    redact: {
      paths: [
        '*.appSecret',
        '*.password',
        '*.sessionSecret',
        '*.callbackAesKey',
        '*.token',
        'req.headers.authorization',
      ],
      censor: '[redacted]',
    },
  });
}
