import { useEffect } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { Loading } from '@/components/page-state';
import { setUnauthorizedHandler } from '@/lib/api-client';
import { useAuth } from '@/lib/auth';

/** The pages behind sign-in: who is signed in is asked once; without a session, sign-in, then back here. */
export function RequireSignIn() {
  const { me, restore, expired } = useAuth();
  const location = useLocation();

  useEffect(() => {
    setUnauthorizedHandler(expired);
  }, [expired]);

  useEffect(() => {
    if (me === undefined) void restore();
  }, [me, restore]);

  if (me === undefined) return <Loading />;
  if (me === null) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/m/signin?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}
