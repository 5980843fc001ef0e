// Who is signed in. Holds the CSRF token for the API client and reacts when any
// request reports that the session ended or that a password change is required.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { api, isApiError, onAuthProblem, setCsrfToken } from './api.js';
import type { Me, Role, SessionInfo } from './types.js';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; expired: boolean }
  | { status: 'signedIn'; user: Me }
  | { status: 'error'; error: unknown };

export interface Session {
  state: SessionState;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const accept = useCallback((info: SessionInfo) => {
    setCsrfToken(info.csrfToken);
    setState({ status: 'signedIn', user: info.user });
  }, []);

  const refresh = useCallback(async () => {
    try {
      accept(await api.me());
    } catch (e) {
      if (isApiError(e) && e.status === 401) {
        setCsrfToken(null);
        setState({ status: 'anonymous', expired: false });
      } else {
        setState({ status: 'error', error: e });
      }
    }
  }, [accept]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    onAuthProblem((e) => {
      if (e.code === 'unauthenticated') {
        setCsrfToken(null);
        setState({ status: 'anonymous', expired: true });
      } else {
        void refresh();
      }
    });
    return () => onAuthProblem(null);
  }, [refresh]);

  const login = useCallback(
    async (username: string, password: string) => {
      accept(await api.login(username, password));
    },
    [accept],
  );

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      // The session is dropped locally whatever the server said.
    }
    setCsrfToken(null);
    setState({ status: 'anonymous', expired: false });
  }, []);

  const value = useMemo(() => ({ state, login, logout, refresh }), [state, login, logout, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession() used outside <SessionProvider>');
  return ctx;
}

/** The signed-in user; only for components rendered inside the signed-in shell. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useMe() used without a signed-in user');
  return state.user;
}

export function hasRole(user: Me, role: Role): boolean {
  return user.roles.includes(role);
}
