import ListItem from "@mui/material/ListItem";
import ListItemButton from "@mui/material/ListItemButton";
import ListItemText from "@mui/material/ListItemText";
import Typography from "@mui/material/Typography";
import { useNavigate } from "react-router";
import { notificationLink, useMarkNotificationRead } from "@/features/notifications/api/notifications";
import type { Notification } from "@/lib/api/types";
import { formatDateTime } from "@/lib/format";

export function NotificationItem({ notification, onOpen }: { notification: Notification; onOpen?: () => void }) {
  const navigate = useNavigate();
  const markRead = useMarkNotificationRead();
  const link = notificationLink(notification);
  // A list item holding the button: lists may only contain <li> (axe "list").
  return (
    <ListItem disablePadding>
      <ListItemButton
        data-testid="notification"
        data-unread={!notification.is_read}
        onClick={() => {
          if (!notification.is_read) markRead.mutate(notification.id);
          onOpen?.();
          if (link) navigate(link);
        }}
        sx={{ alignItems: "flex-start", bgcolor: notification.is_read ? undefined : "action.hover", borderRadius: 1 }}
      >
        <ListItemText
          primary={
            <Typography variant="body2" sx={{ fontWeight: notification.is_read ? 400 : 600 }}>
              {notification.title}
            </Typography>
          }
          secondary={
            <>
              {notification.body && (
                <Typography component="span" variant="body2" sx={{ display: "block", overflowWrap: "break-word" }}>
                  {notification.body}
                </Typography>
              )}
              <Typography component="span" variant="caption">
                {formatDateTime(notification.bumped_at || notification.created_at)}
              </Typography>
            </>
          }
        />
      </ListItemButton>
    </ListItem>
  );
}
