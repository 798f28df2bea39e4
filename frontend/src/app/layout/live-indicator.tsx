import Box from "@mui/material/Box";
import { useTranslation } from "react-i18next";
import { useRealtimeConnected } from "@/lib/realtime-state";

/** A dot in the app bar: green while the realtime socket is connected, grey while the screens poll. */
export function LiveIndicator() {
  const { t } = useTranslation();
  const live = useRealtimeConnected();
  const label = live ? t("realtime.live") : t("realtime.polling");
  return (
    <Box
      role="status"
      aria-label={label}
      title={label}
      data-testid="live-indicator"
      data-live={live ? "true" : "false"}
      sx={{ display: "flex", alignItems: "center", px: 0.5 }}
    >
      <Box
        component="span"
        sx={{
          width: 10,
          height: 10,
          borderRadius: "50%",
          bgcolor: live ? "success.light" : "grey.400",
          boxShadow: live ? "0 0 0 2px rgba(255,255,255,0.6)" : "none",
        }}
      />
    </Box>
  );
}
