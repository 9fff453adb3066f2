/**
 * The session token from sign-in, kept for this tab only (sessionStorage): DingTalk opens the mini-app in a fresh
 * webview, and the server also sets an httpOnly cookie with the same session.
 */
const KEY = 'duban.session';

export const session = {
  token(): string | null {
    try {
      return sessionStorage.getItem(KEY);
    } catch {
      return null;
    }
  },
  save(token: string): void {
    try {
      sessionStorage.setItem(KEY, token);
    } catch {
      // Private mode without storage: the session cookie still carries the session.
    }
  },
  clear(): void {
    try {
      sessionStorage.removeItem(KEY);
    } catch {
      // Nothing stored, nothing to clear.
    }
  },
};
