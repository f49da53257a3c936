// Who is signed in, and the newsroom they work in. The session itself is an httpOnly cookie
// the desk cannot read: it asks the server (`me`) and is told when the session ends.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { onConnection, request } from "./api/client";
import { isCode } from "./api/errors";
import {
  MeDocument,
  NewsroomDocument,
  SignInDocument,
  SignOutDocument,
  type CurrentUserFragment,
} from "./gql/graphql";

export interface Newsroom {
  name: string;
  timeZone: string;
  deliveryUrl: string;
}

interface Session {
  /** undefined while the desk asks the server; null when signed out. */
  user: CurrentUserFragment | null | undefined;
  newsroom: Newsroom;
  /** Set when a session ended under the user's feet (shown on the sign-in page). */
  expired: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const DEFAULT_NEWSROOM: Newsroom = { name: "Newsroom", timeZone: "UTC", deliveryUrl: "" };
const SessionContext = createContext<Session | null>(null);

async function loadNewsroom(): Promise<Newsroom> {
  try {
    return (await request(NewsroomDocument)).newsroom;
  } catch {
    return DEFAULT_NEWSROOM;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<CurrentUserFragment | null | undefined>(undefined);
  const [newsroom, setNewsroom] = useState<Newsroom>(DEFAULT_NEWSROOM);
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    let live = true;
    request(MeDocument)
      .then(async ({ me }) => {
        if (!live) return;
        setUser(me);
        setNewsroom(await loadNewsroom());
      })
      .catch(() => live && setUser(null));
    const stop = onConnection((event) => {
      if (event === "unauthenticated") {
        setUser((current) => {
          if (current) setExpired(true);
          return null;
        });
      }
    });
    return () => {
      live = false;
      stop();
    };
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const signedIn = (await request(SignInDocument, { email, password })).signIn.user;
    setExpired(false);
    setUser(signedIn);
    setNewsroom(await loadNewsroom());
  }, []);

  const signOut = useCallback(async () => {
    try {
      await request(SignOutDocument);
    } catch (error) {
      if (!isCode(error, "UNAUTHENTICATED")) throw error;
    }
    setExpired(false);
    setUser(null);
  }, []);

  const value = useMemo(
    () => ({ user, newsroom, expired, signIn, signOut }),
    [user, newsroom, expired, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}

/** The signed-in user; only inside screens that require a session. */
export function useUser(): CurrentUserFragment {
  const { user } = useSession();
  if (!user) throw new Error("useUser without a signed-in user");
  return user;
}
