import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import List from "@mui/material/List";
import Tab from "@mui/material/Tab";
import Tabs from "@mui/material/Tabs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Page } from "@/components/ui/page";
import { Pager } from "@/components/ui/paginated-list";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { useMarkAllNotificationsRead, useNotifications } from "@/features/notifications/api/notifications";
import { NotificationItem } from "@/features/notifications/components/notification-item";

const PAGE_SIZE = 20;

export function NotificationsRoute() {
  const { t } = useTranslation();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const list = useNotifications({ unread: unreadOnly || undefined, page, page_size: PAGE_SIZE });
  const markAll = useMarkAllNotificationsRead();

  return (
    <Page
      title={t("notifications.title")}
      actions={
        <Button onClick={() => markAll.mutate()} disabled={markAll.isPending}>
          {t("notifications.markAllRead")}
        </Button>
      }
    >
      <Tabs value={unreadOnly ? 1 : 0} onChange={(_, v) => { setUnreadOnly(v === 1); setPage(1); }} sx={{ mb: 1 }}>
        <Tab label={t("common.all")} />
        <Tab label={t("notifications.unread")} />
      </Tabs>
      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && !list.data.results.length && <EmptyState title={unreadOnly ? t("notifications.noUnread") : t("notifications.empty")} />}
      {list.data && list.data.results.length > 0 && (
        <Card>
          <List>
            {list.data.results.map((n) => (
              <NotificationItem key={n.id} notification={n} />
            ))}
          </List>
        </Card>
      )}
      {list.data && <Pager count={list.data.count} pageSize={PAGE_SIZE} page={page} onChange={setPage} />}
    </Page>
  );
}
