import Box from "@mui/material/Box";
import { useParams, useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import { NotFoundNotice } from "@/app/routes/not-found";
import { Page } from "@/components/ui/page";
import { PerformanceSection, RiskSection } from "@/features/scores/components/risk-section";

/**
 * An admin's page for one user: their scores (SPEC 10.2). The list links here with the name and
 * role in the query string (there is no single-user admin endpoint to read them from).
 */
export function AdminUserRoute() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [params] = useSearchParams();
  const userId = Number(id);
  if (!Number.isInteger(userId) || userId <= 0) return <NotFoundNotice />;
  const name = params.get("name") || `#${userId}`;
  const role = params.get("role");
  return (
    <Page title={name} subtitle={role ? t(`roles.${role}`, { defaultValue: role }) : t("scores.userPage")}>
      <Box sx={{ display: "grid", gap: 2, gridTemplateColumns: { xs: "minmax(0,1fr)", md: "repeat(2, minmax(0,1fr))" }, alignItems: "start" }}>
        {role !== "master" && role !== "admin" && <RiskSection userId={userId} name={name} />}
        {role === "master" && <PerformanceSection userId={userId} />}
      </Box>
    </Page>
  );
}
