import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { z } from 'zod';
import { apiRequest } from './api-client';
import { ROLES } from './roles';
import { session } from './session';

const signedInUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  primaryDepartmentId: z.string().nullable(),
  roles: z.array(z.object({ role: z.enum(ROLES), scope: z.string() })),
  via: z.enum(['dingtalk', 'demo']),
});

const meSchema = z.object({
  user: signedInUserSchema,
  departments: z.array(z.object({ id: z.string(), name: z.string(), isHead: z.boolean(), primary: z.boolean() })),
});
export type Me = z.infer<typeof meSchema>;

const getMe = (signal?: AbortSignal) => apiRequest('/me', meSchema, { signal });

interface AuthState {
  /** Undefined until the first /api/me answer; null when nobody is signed in. */
  me: Me | null | undefined;
  /** After sign-in: keep the token and load who signed in. */
  signedIn(token: string): Promise<Me>;
  /** Asks the server who is signed in (the session cookie may still hold a session). */
  restore(): Promise<Me | null>;
  signOut(): Promise<void>;
  /** Ends every session of the user, on every device (a lost phone), this one included. */
  signOutEverywhere(): Promise<void>;
  /** The server said the session is gone (401): forget the user, so the pages send them to sign-in. */
  expired(): void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  const restore = useCallback(async () => {
    try {
      const found = await getMe();
      setMe(found);
      return found;
    } catch {
      setMe(null);
      return null;
    }
  }, []);

  const signedIn = useCallback(async (token: string) => {
    session.save(token);
    const found = await getMe();
    setMe(found);
    return found;
  }, []);

  const signOut = useCallback(async () => {
    // Ends the session on the server too, so the token stops working on every device that copied it.
    await apiRequest('/auth/logout', z.unknown(), { method: 'POST' }).catch(() => undefined);
    session.clear();
    setMe(null);
  }, []);

  const signOutEverywhere = useCallback(async () => {
    await apiRequest('/me/sessions/end-all', z.object({ ended: z.number() }), { method: 'POST' });
    session.clear();
    setMe(null);
  }, []);

  const expired = useCallback(() => setMe(null), []);

  const value = useMemo(
    () => ({ me, signedIn, restore, signOut, signOutEverywhere, expired }),
    [me, signedIn, restore, signOut, signOutEverywhere, expired],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

/** The signed-in user, inside the pages that only render once someone is signed in. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe before sign-in');
  return me;
}
