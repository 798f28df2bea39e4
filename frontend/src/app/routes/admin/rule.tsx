import Button from "@mui/material/Button";
import Typography from "@mui/material/Typography";
import { lazy, Suspense, useState } from "react";
import { useNavigate, useParams } from "react-router";
import { useTranslation } from "react-i18next";
import { NotFoundNotice } from "@/app/routes/not-found";
import { FormDialog } from "@/components/ui/form-dialog";
import { Page } from "@/components/ui/page";
import { ErrorState, isNotFound, LoadingState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toaster";
import { useDeleteRule, useRule, useRuleCatalog } from "@/features/rules/api/rules";
import { RunLog } from "@/features/rules/components/run-log";
import { formatDateTime } from "@/lib/format";

// The builder is the heaviest part of the rules screens: its own chunk.
const RuleEditor = lazy(async () => ({ default: (await import("@/features/rules/components/rule-editor")).RuleEditor }));

/** `/admin/rules/new` and `/admin/rules/:id`: the editor, and for a saved rule its run log. */
export function AdminRuleRoute() {
  const { t } = useTranslation();
  const toast = useToast();
  const navigate = useNavigate();
  const { id } = useParams();
  const ruleId = id === undefined ? null : Number(id);
  const valid = ruleId === null || (Number.isInteger(ruleId) && ruleId > 0);
  const catalog = useRuleCatalog();
  const rule = useRule(valid ? ruleId : null);
  const remove = useDeleteRule();
  const [confirm, setConfirm] = useState(false);

  if (!valid || (rule.isError && isNotFound(rule.error))) return <NotFoundNotice />;
  const loading = catalog.isPending || (ruleId !== null && rule.isPending);
  const title = ruleId === null ? t("rules.new") : (rule.data?.name ?? t("nav.adminRules"));

  return (
    <Page
      title={title}
      subtitle={rule.data ? t("rules.versionLine", { version: rule.data.version, date: formatDateTime(rule.data.updated_at) }) : undefined}
      actions={rule.data && <Button color="error" variant="outlined" onClick={() => setConfirm(true)}>{t("rules.delete")}</Button>}
    >
      {loading && <LoadingState />}
      {catalog.isError && <ErrorState error={catalog.error} onRetry={() => void catalog.refetch()} />}
      {rule.isError && <ErrorState error={rule.error} onRetry={() => void rule.refetch()} />}
      {catalog.data && (ruleId === null || rule.data) && (
        <Suspense fallback={<LoadingState />}>
          <RuleEditor
            key={rule.data ? `${rule.data.id}:${rule.data.version}` : "new"}
            rule={rule.data ?? null}
            catalog={catalog.data}
            onSaved={(saved) => ruleId === null && navigate(`/admin/rules/${saved.id}`, { replace: true })}
          />
        </Suspense>
      )}
      {rule.data && (
        <>
          <Typography variant="h2" sx={{ mt: 4, mb: 2 }}>{t("rules.runs")}</Typography>
          <RunLog ruleId={rule.data.id} />
        </>
      )}
      {confirm && rule.data && (
        <FormDialog
          open
          destructive
          title={t("rules.deleteTitle", { name: rule.data.name })}
          submitLabel={t("rules.delete")}
          onClose={() => setConfirm(false)}
          onSubmit={() => remove.mutateAsync(rule.data.id).then(() => { toast.success(t("rules.deleted")); navigate("/admin/rules", { replace: true }); })}
        >
          <Typography variant="body2">{t("rules.deleteHelp")}</Typography>
        </FormDialog>
      )}
    </Page>
  );
}
