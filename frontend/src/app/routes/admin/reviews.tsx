import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { Page } from "@/components/ui/page";
import { Pager } from "@/components/ui/paginated-list";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { useAdminReviews } from "@/features/admin/api/admin-reviews";
import { ReviewsTable } from "@/features/admin/components/reviews-table";
import { SearchField } from "@/features/admin/components/search-field";

const PAGE_SIZE = 25;

export function AdminReviewsRoute() {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [direction, setDirection] = useState("");
  const [hidden, setHidden] = useState("");
  const [page, setPage] = useState(1);
  const list = useAdminReviews({ q, direction, hidden, page, page_size: PAGE_SIZE });
  const onSearch = useCallback((value: string) => {
    setQ(value);
    setPage(1);
  }, []);

  return (
    <Page title={t("nav.adminReviews")}>
      <Stack direction={{ xs: "column", sm: "row" }} spacing={1} sx={{ mb: 2 }}>
        <SearchField label={t("common.search")} value={q} onChange={onSearch} />
        <TextField select label={t("moderation.direction")} value={direction} slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }} onChange={(e) => { setDirection(e.target.value); setPage(1); }} sx={{ maxWidth: { sm: 220 } }}>
          <MenuItem value="">{t("common.all")}</MenuItem>
          <MenuItem value="client_to_master">{t("reviews.ofMaster")}</MenuItem>
          <MenuItem value="master_to_client">{t("reviews.ofClient")}</MenuItem>
        </TextField>
        <TextField select label={t("admin.state")} value={hidden} slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }} onChange={(e) => { setHidden(e.target.value); setPage(1); }} sx={{ maxWidth: { sm: 180 } }}>
          <MenuItem value="">{t("common.all")}</MenuItem>
          <MenuItem value="true">{t("moderation.hidden")}</MenuItem>
          <MenuItem value="false">{t("moderation.visible")}</MenuItem>
        </TextField>
      </Stack>
      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && !list.data.results.length && <EmptyState title={t("reviews.none")} />}
      {list.data && list.data.results.length > 0 && <ReviewsTable items={list.data.results} />}
      {list.data && <Pager count={list.data.count} pageSize={PAGE_SIZE} page={page} onChange={setPage} />}
    </Page>
  );
}
