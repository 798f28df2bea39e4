import Button from "@mui/material/Button";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Page } from "@/components/ui/page";
import { Pager } from "@/components/ui/paginated-list";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { useAdminFlags } from "@/features/admin/api/admin-platform";
import { FlagsTable } from "@/features/admin/components/flags-table";

export function AdminFlagsRoute() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const flags = useAdminFlags(page);
  return (
    <Page
      title={t("flags.title")}
      subtitle={t("flags.help")}
      actions={
        <Button variant="contained" onClick={() => setCreating(true)}>
          {t("flags.create")}
        </Button>
      }
    >
      {flags.isPending && <LoadingState />}
      {flags.isError && <ErrorState error={flags.error} onRetry={() => void flags.refetch()} />}
      {flags.data && !flags.data.results.length && !creating && <EmptyState title={t("flags.empty")} />}
      {flags.data && (flags.data.results.length > 0 || creating) && (
        <FlagsTable items={flags.data.results} creating={creating} onCreated={() => setCreating(false)} />
      )}
      {flags.data && <Pager count={flags.data.count} pageSize={50} page={page} onChange={setPage} />}
    </Page>
  );
}
