import Tab from "@mui/material/Tab";
import Tabs from "@mui/material/Tabs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Page } from "@/components/ui/page";
import { Pager } from "@/components/ui/paginated-list";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { useAdminMasters } from "@/features/admin/api/admin-users";
import { MastersTable } from "@/features/admin/components/masters-table";

const PAGE_SIZE = 25;
const TABS = ["pending", "active", "suspended", ""];

export function AdminMastersRoute() {
  const { t } = useTranslation();
  const [status, setStatus] = useState("pending");
  const [page, setPage] = useState(1);
  const list = useAdminMasters({ status, page, page_size: PAGE_SIZE });

  return (
    <Page title={t("nav.adminMasters")}>
      <Tabs value={status} onChange={(_, value: string) => { setStatus(value); setPage(1); }} variant="scrollable" allowScrollButtonsMobile sx={{ mb: 2 }}>
        {TABS.map((s) => (
          <Tab key={s || "all"} value={s} label={s ? t(`master.statusLabel.${s}`) : t("common.all")} />
        ))}
      </Tabs>
      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && !list.data.results.length && <EmptyState title={t("admin.noMasters")} />}
      {list.data && list.data.results.length > 0 && (
        <>
          <MastersTable items={list.data.results} />
          <Pager count={list.data.count} pageSize={PAGE_SIZE} page={page} onChange={setPage} />
        </>
      )}
    </Page>
  );
}
