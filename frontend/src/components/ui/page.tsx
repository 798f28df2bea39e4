import Box from "@mui/material/Box";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { createContext, useContext, useEffect, type ReactNode } from "react";

/** The site's name, provided by the layout: every browser tab reads "<screen> · <site>". */
export const SiteNameContext = createContext("");

export function useDocumentTitle(title: string) {
  const siteName = useContext(SiteNameContext);
  useEffect(() => {
    document.title = title && siteName && title !== siteName ? `${title} · ${siteName}` : title || siteName;
  }, [title, siteName]);
}

type PageProps = { title: string; actions?: ReactNode; children: ReactNode; subtitle?: ReactNode };

export function Page({ title, subtitle, actions, children }: PageProps) {
  useDocumentTitle(title);
  return (
    <Box component="section" aria-labelledby="page-title">
      <Stack
        direction={{ xs: "column", sm: "row" }}
        spacing={1}
        sx={{ mb: 2, justifyContent: "space-between", alignItems: { xs: "stretch", sm: "center" } }}
      >
        <Box sx={{ minWidth: 0 }}>
          <Typography id="page-title" variant="h1" component="h1" sx={{ overflowWrap: "break-word" }}>
            {title}
          </Typography>
          {subtitle && (
            <Typography variant="body2" color="text.secondary" component="div">
              {subtitle}
            </Typography>
          )}
        </Box>
        {actions && (
          <Stack direction="row" spacing={1} sx={{ flexWrap: "wrap", gap: 1 }}>
            {actions}
          </Stack>
        )}
      </Stack>
      {children}
    </Box>
  );
}
