import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Page } from "@/components/ui/page";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { useSystemStatus } from "@/features/admin/api/admin-system";
import { RunActionForm } from "@/features/admin/components/run-action-form";
import { JobsTable, SystemChecks, SystemCounts } from "@/features/admin/components/system-status";
import { useSession } from "@/lib/auth";

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card>
      <CardContent>
        <Typography variant="h2" gutterBottom>
          {title}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
}

/** Diagnostics for whoever keeps the site running; the owner's business settings are on their own screen. */
export function AdminSystemRoute() {
  const { t } = useTranslation();
  const { can } = useSession();
  const status = useSystemStatus();

  return (
    <Page title={t("nav.adminSystem")} subtitle={t("system.subtitle")}>
      {status.isPending && <LoadingState />}
      {status.isError && <ErrorState error={status.error} onRetry={() => void status.refetch()} />}
      {status.data && (
        <Stack spacing={2}>
          <Section title={t("system.status")}>
            <SystemChecks status={status.data} />
          </Section>
          <Section title={t("system.jobs")}>
            <JobsTable jobs={status.data.jobs} />
          </Section>
          {can("system.actions") && (
            <Section title={t("system.actions")}>
              <RunActionForm actions={status.data.actions} />
            </Section>
          )}
          <Section title={t("system.counts")}>
            <SystemCounts counts={status.data.counts} />
          </Section>
        </Stack>
      )}
    </Page>
  );
}
