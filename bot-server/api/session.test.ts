import { SESSION_TTL_SECONDS, SessionTokens } from './session';

describe('SessionTokens', () => {
  let now = Date.UTC(2026, 10, 25, 1, 0, 0);
  const tokens = new SessionTokens('s'.repeat(32), () => now);

  it('round-trips a session', () => {
    const token = tokens.issue(tokens.claimsFor('a'.repeat(32), 'sunli', 'demo'));
    expect(tokens.verify(token)).toMatchObject({ uid: 'sunli', via: 'demo' });
  });

  it('rejects a token signed with another secret, tampered with, or malformed', () => {
    const token = tokens.issue(tokens.claimsFor('a'.repeat(32), 'sunli', 'demo'));
    expect(new SessionTokens('t'.repeat(32), () => now).verify(token)).toBeNull();
    const [payload, signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ sid: 'a'.repeat(32), uid: 'wangjianguo', via: 'demo', iat: 0, exp: 9e9 }),
    ).toString('base64url');
    expect(tokens.verify(`${forged}.${signature}`)).toBeNull();
    expect(tokens.verify(`${payload}.${signature}x`)).toBeNull();
    expect(tokens.verify('')).toBeNull();
    expect(tokens.verify('a.b.c')).toBeNull();
  });

  it('expires', () => {
    const token = tokens.issue(tokens.claimsFor('a'.repeat(32), 'sunli', 'demo'));
    now += SESSION_TTL_SECONDS * 1000 + 1;
    expect(tokens.verify(token)).toBeNull();
  });
});
