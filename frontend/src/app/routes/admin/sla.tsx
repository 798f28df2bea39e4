import Tab from "@mui/material/Tab";
import Tabs from "@mui/material/Tabs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { DateRangePicker } from "@/components/ui/date-range-picker";
import { Page } from "@/components/ui/page";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { useSlaPolicy } from "@/features/sla/api/sla";
import { SlaBreaches, SlaReport } from "@/features/sla/components/sla-breaches";
import { SlaPolicyForm } from "@/features/sla/components/sla-policy-form";
import { presetRange } from "@/lib/date-range";

type TabKey = "policy" | "breaches" | "report";

export function AdminSlaRoute() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<TabKey>("policy");
  const [range, setRange] = useState(() => presetRange("d30"));
  const policy = useSlaPolicy();

  return (
    <Page title={t("sla.policyTitle")} subtitle={t("sla.policySubtitle")}>
      <Tabs value={tab} onChange={(_, next: TabKey) => setTab(next)} variant="scrollable" allowScrollButtonsMobile sx={{ mb: 2 }} aria-label={t("sla.policyTitle")}>
        <Tab value="policy" label={t("sla.targets")} />
        <Tab value="breaches" label={t("sla.breaches")} />
        <Tab value="report" label={t("sla.report")} />
      </Tabs>
      {tab === "policy" && (
        <>
          {policy.isPending && <LoadingState />}
          {policy.isError && <ErrorState error={policy.error} onRetry={() => void policy.refetch()} />}
          {policy.data && <SlaPolicyForm key={policy.data.version} policy={policy.data} />}
        </>
      )}
      {tab !== "policy" && <DateRangePicker value={range} onChange={setRange} />}
      {tab === "breaches" && <SlaBreaches range={range} />}
      {tab === "report" && <SlaReport range={range} />}
    </Page>
  );
}
