import Button from "@mui/material/Button";
import Tab from "@mui/material/Tab";
import Tabs from "@mui/material/Tabs";
import { useState } from "react";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { Page } from "@/components/ui/page";
import { Pager } from "@/components/ui/paginated-list";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { useRules } from "@/features/rules/api/rules";
import { RulesTable } from "@/features/rules/components/rules-table";
import { RunLog } from "@/features/rules/components/run-log";

const PAGE_SIZE = 25;

export function AdminRulesRoute() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<"rules" | "runs">("rules");
  const [page, setPage] = useState(1);
  const list = useRules({ page, page_size: PAGE_SIZE });
  const create = (
    <Button component={Link} to="/admin/rules/new" variant="contained">
      {t("rules.new")}
    </Button>
  );
  return (
    <Page title={t("nav.adminRules")} subtitle={t("rules.subtitle")} actions={create}>
      <Tabs value={tab} onChange={(_, next: "rules" | "runs") => setTab(next)} sx={{ mb: 2 }} aria-label={t("nav.adminRules")}>
        <Tab value="rules" label={t("rules.list")} />
        <Tab value="runs" label={t("rules.runs")} />
      </Tabs>
      {tab === "rules" && (
        <>
          {list.isPending && <LoadingState />}
          {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
          {list.data && !list.data.results.length && <EmptyState title={t("rules.empty")}>{create}</EmptyState>}
          {list.data && list.data.results.length > 0 && (
            <>
              <RulesTable items={list.data.results} />
              <Pager count={list.data.count} pageSize={PAGE_SIZE} page={page} onChange={setPage} />
            </>
          )}
        </>
      )}
      {tab === "runs" && <RunLog />}
    </Page>
  );
}
