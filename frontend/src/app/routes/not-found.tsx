import Button from "@mui/material/Button";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { EmptyState } from "@/components/ui/states";

export function NotFoundRoute() {
  const { t } = useTranslation();
  return (
    <EmptyState title={t("common.notFound")}>
      <Button component={Link} to="/" variant="contained" sx={{ mt: 2 }}>
        {t("nav.dashboard")}
      </Button>
    </EmptyState>
  );
}
