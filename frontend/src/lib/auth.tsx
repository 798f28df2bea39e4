/**
 * The session: who is signed in, restored once from the refresh cookie on start. Every feature
 * reads the user from here (`useSession`), so role and capability checks live in one place.
 */
import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { apiRequest, onSessionEnd, restoreSession, tokenStore } from "@/lib/api-client";
import type { AuthResponse, Me, Role } from "@/lib/api/types";
import i18n, { setLanguage } from "@/lib/i18n";
import { queryKeys } from "@/lib/query-keys";

export const meQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.me(),
    queryFn: ({ signal }) => apiRequest<Me>("/me/", { signal }),
    staleTime: 60_000,
  });

export type SessionStatus = "loading" | "anonymous" | "authenticated" | "error";
export type SessionEndReason = "expired" | "banned" | null;

type SessionValue = {
  status: SessionStatus;
  user: Me | null;
  role: Role | null;
  endReason: SessionEndReason;
  can: (capability: string) => boolean;
  signIn: (response: AuthResponse) => void;
  signOut: () => Promise<void>;
  retry: () => void;
};

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [phase, setPhase] = useState<"restoring" | "anonymous" | "token">(() =>
    tokenStore.get() ? "token" : "restoring",
  );
  const [endReason, setEndReason] = useState<SessionEndReason>(null);

  useEffect(() => {
    if (phase !== "restoring") return;
    let live = true;
    void restoreSession().then((token) => {
      if (live) setPhase(token ? "token" : "anonymous");
    });
    return () => {
      live = false;
    };
  }, [phase]);

  useEffect(
    () =>
      onSessionEnd((reason) => {
        queryClient.clear();
        setEndReason(reason);
        setPhase("anonymous");
      }),
    [queryClient],
  );

  const me = useQuery({ ...meQueryOptions(), enabled: phase === "token" });
  const language = me.data?.language;
  useEffect(() => {
    if (language && language !== i18n.language) void setLanguage(language);
  }, [language]);

  const signIn = useCallback(
    (response: AuthResponse) => {
      tokenStore.set(response.access);
      queryClient.setQueryData(meQueryOptions().queryKey, response.user);
      setEndReason(null);
      setPhase("token");
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await apiRequest("/auth/logout/", { method: "POST", auth: false });
    } catch {
      /* the cookie is cleared server-side when reachable; locally we forget the token anyway */
    }
    tokenStore.set(null);
    queryClient.clear();
    setEndReason(null);
    setPhase("anonymous");
  }, [queryClient]);

  const value = useMemo<SessionValue>(() => {
    const user = phase === "token" ? (me.data ?? null) : null;
    let status: SessionStatus;
    if (phase === "restoring" || (phase === "token" && me.isPending)) status = "loading";
    else if (user) status = "authenticated";
    else if (phase === "token" && me.isError) status = "error";
    else status = "anonymous";
    const capabilities = new Set(user?.capabilities ?? []);
    return {
      status,
      user,
      role: (user?.role as Role | undefined) ?? null,
      endReason,
      can: (capability: string) => capabilities.has(capability),
      signIn,
      signOut,
      retry: () => void me.refetch(),
    };
  }, [phase, me, endReason, signIn, signOut]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession must be used inside SessionProvider");
  return value;
}

/** The signed-in user; only for components rendered behind RequireAuth. */
export function useUser(): Me {
  const { user } = useSession();
  if (!user) throw new Error("useUser needs a signed-in user");
  return user;
}
