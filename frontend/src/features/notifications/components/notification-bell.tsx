import NotificationsIcon from "@mui/icons-material/Notifications";
import Badge from "@mui/material/Badge";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import IconButton from "@mui/material/IconButton";
import List from "@mui/material/List";
import Popover from "@mui/material/Popover";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { useMarkAllNotificationsRead, useNotifications, useUnreadCount } from "@/features/notifications/api/notifications";
import { NotificationItem } from "@/features/notifications/components/notification-item";

export function NotificationBell() {
  const { t } = useTranslation();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const unread = useUnreadCount();
  const recent = useNotifications({ unread: true, page_size: 5 }, anchor !== null);
  const markAll = useMarkAllNotificationsRead();
  const count = unread.data?.count ?? 0;

  return (
    <>
      <IconButton
        color="inherit"
        onClick={(e) => setAnchor(e.currentTarget)}
        aria-label={t("notifications.bell", { count })}
        aria-haspopup="dialog"
        data-testid="notification-bell"
      >
        <Badge badgeContent={count} color="error" max={99}>
          <NotificationsIcon />
        </Badge>
      </IconButton>
      <Popover
        open={anchor !== null}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: "bottom", horizontal: "right" }}
        transformOrigin={{ vertical: "top", horizontal: "right" }}
        slotProps={{ paper: { sx: { width: { xs: "calc(100vw - 16px)", sm: 380 }, maxHeight: 480 } } }}
      >
        <Box role="dialog" aria-label={t("notifications.title")} sx={{ p: 1.5 }}>
          <Stack direction="row" sx={{ justifyContent: "space-between", alignItems: "center", mb: 1 }}>
            <Typography variant="h3" component="h2">
              {t("notifications.title")}
            </Typography>
            {count > 0 && (
              <Button size="small" onClick={() => markAll.mutate()} disabled={markAll.isPending}>
                {t("notifications.markAllRead")}
              </Button>
            )}
          </Stack>
          {recent.isPending && <LoadingState />}
          {recent.isError && <ErrorState error={recent.error} onRetry={() => void recent.refetch()} />}
          {recent.data && !recent.data.results.length && <EmptyState title={t("notifications.noUnread")} />}
          {recent.data && recent.data.results.length > 0 && (
            <List dense disablePadding>
              {recent.data.results.map((n) => (
                <NotificationItem key={n.id} notification={n} onOpen={() => setAnchor(null)} />
              ))}
            </List>
          )}
          <Button component={Link} to="/notifications" onClick={() => setAnchor(null)} fullWidth sx={{ mt: 1 }}>
            {t("notifications.seeAll")}
          </Button>
        </Box>
      </Popover>
    </>
  );
}
