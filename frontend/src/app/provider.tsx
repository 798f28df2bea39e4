import CssBaseline from "@mui/material/CssBaseline";
import { ThemeProvider } from "@mui/material/styles";
import { QueryClientProvider, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useState, type ReactNode } from "react";
import { theme } from "@/app/theme";
import { Toaster } from "@/components/ui/toaster";
import { SessionProvider, useSession } from "@/lib/auth";
import { createQueryClient } from "@/lib/query-client";

/**
 * One realtime socket per tab while someone is signed in (lib/realtime.ts); closed on sign-out.
 * Loaded after sign-in, so the sign-in screen's first load doesn't carry it.
 */
function RealtimeConnection() {
  const { status, user } = useSession();
  const queryClient = useQueryClient();
  const userId = status === "authenticated" ? user?.id : undefined;
  useEffect(() => {
    if (userId === undefined || typeof WebSocket === "undefined") return;
    let stop: (() => void) | null = null;
    let cancelled = false;
    void import("@/lib/realtime").then(({ startRealtime }) => {
      if (!cancelled) stop = startRealtime({ queryClient }).stop;
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [userId, queryClient]);
  return null;
}

type AppProviderProps = {
  children: ReactNode;
  queryClient?: QueryClient;
  /** Open the realtime socket (off in unit tests, which have no server to push). */
  realtime?: boolean;
};

export function AppProvider({ children, queryClient, realtime = import.meta.env.MODE !== "test" }: AppProviderProps) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <QueryClientProvider client={client}>
      <ThemeProvider theme={theme}>
        <CssBaseline />
        <Toaster>
          <SessionProvider>
            {realtime && <RealtimeConnection />}
            {children}
          </SessionProvider>
        </Toaster>
      </ThemeProvider>
    </QueryClientProvider>
  );
}
