import CssBaseline from "@mui/material/CssBaseline";
import { ThemeProvider } from "@mui/material/styles";
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { theme } from "@/app/theme";
import { Toaster } from "@/components/ui/toaster";
import { SessionProvider } from "@/lib/auth";
import { createQueryClient } from "@/lib/query-client";

export function AppProvider({ children, queryClient }: { children: ReactNode; queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <QueryClientProvider client={client}>
      <ThemeProvider theme={theme}>
        <CssBaseline />
        <Toaster>
          <SessionProvider>{children}</SessionProvider>
        </Toaster>
      </ThemeProvider>
    </QueryClientProvider>
  );
}
