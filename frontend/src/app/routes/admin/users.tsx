import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { useCallback, useState } from "react";
import { useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import { Page } from "@/components/ui/page";
import { Pager } from "@/components/ui/paginated-list";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { useAdminUsers } from "@/features/admin/api/admin-users";
import { SearchField } from "@/features/admin/components/search-field";
import { UsersTable } from "@/features/admin/components/users-table";

const PAGE_SIZE = 25;

export function AdminUsersRoute() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [role, setRole] = useState(params.get("role") ?? "");
  const [status, setStatus] = useState(params.get("status") ?? "");
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const list = useAdminUsers({ role, status, q, page, page_size: PAGE_SIZE });
  const onSearch = useCallback((value: string) => {
    setQ(value);
    setPage(1);
  }, []);

  return (
    <Page title={t("nav.adminUsers")} subtitle={list.data ? t("common.total", { count: list.data.count }) : undefined}>
      <Stack direction={{ xs: "column", sm: "row" }} spacing={1} sx={{ mb: 2 }}>
        <SearchField label={t("common.search")} value={q} onChange={onSearch} />
        <TextField select label={t("admin.role")} value={role} slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }} onChange={(e) => { setRole(e.target.value); setPage(1); }} sx={{ maxWidth: { sm: 200 } }}>
          <MenuItem value="">{t("common.all")}</MenuItem>
          {["client", "master", "admin"].map((r) => (
            <MenuItem key={r} value={r}>
              {t(`roles.${r}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField select label={t("admin.state")} value={status} slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }} onChange={(e) => { setStatus(e.target.value); setPage(1); }} sx={{ maxWidth: { sm: 200 } }}>
          <MenuItem value="">{t("common.all")}</MenuItem>
          <MenuItem value="active">{t("admin.activeUser")}</MenuItem>
          <MenuItem value="banned">{t("admin.banned")}</MenuItem>
        </TextField>
      </Stack>
      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && !list.data.results.length && <EmptyState title={t("admin.noUsers")} />}
      {list.data && list.data.results.length > 0 && (
        <>
          <UsersTable items={list.data.results} />
          <Pager count={list.data.count} pageSize={PAGE_SIZE} page={page} onChange={setPage} />
        </>
      )}
    </Page>
  );
}
