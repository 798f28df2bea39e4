import Button from "@mui/material/Button";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { AppLayout } from "@/app/layout/app-layout";
import { AuthLayout } from "@/app/layout/auth-layout";
import { LoadingState, NoticeState } from "@/components/ui/states";
import { useSession } from "@/lib/auth";

/** What a missing page or record says; the way on is the home screen (or signing in). */
export function NotFoundNotice() {
  const { t } = useTranslation();
  const { status } = useSession();
  return (
    <NoticeState title={t("common.notFound")} description={t("common.notFoundHelp")}>
      <Button component={Link} to={status === "authenticated" ? "/" : "/login"} variant="contained">
        {status === "authenticated" ? t("common.toHome") : t("auth.signIn")}
      </Button>
    </NoticeState>
  );
}

/** Any path the router does not know, in the frame that fits who is looking. */
export function NotFoundRoute() {
  const { status } = useSession();
  if (status === "loading") return <LoadingState />;
  if (status === "authenticated")
    return (
      <AppLayout>
        <NotFoundNotice />
      </AppLayout>
    );
  return (
    <AuthLayout>
      <NotFoundNotice />
    </AuthLayout>
  );
}
