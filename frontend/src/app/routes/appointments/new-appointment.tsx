import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import { useTranslation } from "react-i18next";
import { Page } from "@/components/ui/page";
import { AppointmentForm } from "@/features/appointments/components/appointment-form";

export function NewAppointmentRoute() {
  const { t } = useTranslation();
  return (
    <Page title={t("appointments.newTitle")}>
      <Card sx={{ maxWidth: 640 }}>
        <CardContent>
          <AppointmentForm />
        </CardContent>
      </Card>
    </Page>
  );
}
