import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Chip from "@mui/material/Chip";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { Page } from "@/components/ui/page";
import { BioForm } from "@/features/profile/components/bio-form";
import { ChangePasswordForm } from "@/features/profile/components/change-password-form";
import { PaymentSettingsForm } from "@/features/profile/components/payment-settings-form";
import { ProfileForm } from "@/features/profile/components/profile-form";
import { NotificationPreferences } from "@/features/notifications/components/notification-preferences";
import { useUser } from "@/lib/auth";

export function ProfileRoute() {
  const { t } = useTranslation();
  const user = useUser();
  return (
    <Page
      title={t("profile.title")}
      subtitle={
        <Stack direction="row" spacing={1} sx={{ mt: 0.5, flexWrap: "wrap" }}>
          <Chip size="small" label={t(`roles.${user.role}`)} />
          {user.admin_role && <Chip size="small" label={t(`adminRoles.${user.admin_role}`)} />}
          {user.master_profile && <Chip size="small" label={t(`master.statusLabel.${user.master_profile.status}`)} />}
          {user.telegram && <Chip size="small" label={`Telegram @${user.telegram.username}`} />}
          {user.master_profile && (
            <Chip size="small" variant="outlined" component={Link} to={`/masters/${user.id}`} clickable label={t("profile.publicPage")} />
          )}
        </Stack>
      }
    >
      <Stack spacing={2} sx={{ maxWidth: 640 }}>
        <Card>
          <CardContent>
            <ProfileForm user={user} />
          </CardContent>
        </Card>
        {user.master_profile && (
          <Card>
            <CardContent>
              <Typography variant="h2" gutterBottom>
                {t("profile.about")}
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
                {t("profile.aboutHelp")}
              </Typography>
              <BioForm bio={user.master_profile.bio} />
            </CardContent>
          </Card>
        )}
        {user.role === "master" && user.payment_settings && (
          <Card>
            <CardContent>
              <Typography variant="h2" gutterBottom>
                {t("profile.paymentSettings")}
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
                {t("profile.paymentSettingsHelp")}
              </Typography>
              <PaymentSettingsForm settings={user.payment_settings} />
            </CardContent>
          </Card>
        )}
        <Card>
          <CardContent>
            <Typography variant="h2" gutterBottom>
              {t("profile.changePassword")}
            </Typography>
            <ChangePasswordForm />
          </CardContent>
        </Card>
        <Card>
          <CardContent>
            <Typography variant="h2" gutterBottom>
              {t("notifications.preferences")}
            </Typography>
            <NotificationPreferences />
          </CardContent>
        </Card>
      </Stack>
    </Page>
  );
}
