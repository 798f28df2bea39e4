import Alert from "@mui/material/Alert";
import Badge from "@mui/material/Badge";
import Box from "@mui/material/Box";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { ReactNode } from "react";
import { useParams } from "react-router";
import { useTranslation } from "react-i18next";
import { Page } from "@/components/ui/page";
import { StatusChip } from "@/components/ui/status-chip";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { useAppointment } from "@/features/appointments/api/get-appointment";
import { AppointmentActions } from "@/features/appointments/components/appointment-actions";
import { AppointmentSummary } from "@/features/appointments/components/appointment-summary";
import { AppointmentTimeline } from "@/features/appointments/components/appointment-timeline";
import { PaymentInstructions } from "@/features/appointments/components/payment-instructions";
import { ProofPreview } from "@/features/appointments/components/proof-preview";
import { ProofUpload } from "@/features/appointments/components/proof-upload";
import { StatusStepper } from "@/features/appointments/components/status-stepper";
import { useSite } from "@/features/auth/api/get-site";
import { ChatPanel } from "@/features/chat/components/chat-panel";
import { AppointmentReviews } from "@/features/reviews/components/appointment-reviews";
import { ReviewForm } from "@/features/reviews/components/review-form";
import { useSession } from "@/lib/auth";
import { ApiError } from "@/lib/api-client";

function Section({ title, children, testId }: { title: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Card component="section" data-testid={testId}>
      <CardContent>
        <Typography variant="h2" component="h2" gutterBottom>
          {title}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
}

export function AppointmentRoute() {
  const { t } = useTranslation();
  const { id } = useParams();
  const appointmentId = Number(id);
  const { user, role } = useSession();
  const site = useSite();
  const query = useAppointment(appointmentId);

  if (!Number.isInteger(appointmentId) || appointmentId <= 0) return <ErrorState error={new ApiError(404, { code: "not_found" })} />;
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;

  const appointment = query.data;
  const actions = appointment.allowed_actions.map((a) => a.replace(/-/g, "_"));
  const canUpload = actions.includes("upload_payment_proof");
  const { proof, instructions } = appointment.payment;
  const isClient = user?.id === appointment.client.id;
  const showPayment = Boolean(proof) || canUpload || (isClient && instructions && appointment.status === "AWAITING_PAYMENT");
  const isParticipant = isClient || user?.id === appointment.master?.id || role === "admin";
  const reviews = (["review_master", "review_client"] as const).filter((direction) => actions.includes(direction));

  return (
    <Page
      title={`#${appointment.id} · ${appointment.title}`}
      subtitle={
        <Box sx={{ mt: 0.5 }}>
          <StatusChip status={appointment.status} size="medium" />
        </Box>
      }
    >
      <Box sx={{ display: "grid", gap: 2, gridTemplateColumns: { xs: "minmax(0, 1fr)", md: "minmax(0, 7fr) minmax(0, 5fr)" }, alignItems: "start" }}>
        <Stack spacing={2} sx={{ minWidth: 0 }}>
          <Section title={t("appointments.details")}>
            <StatusStepper appointment={appointment} />
            <AppointmentSummary appointment={appointment} />
          </Section>
          {actions.some((a) => !["upload_payment_proof", "review_master", "review_client"].includes(a)) && (
            <Section title={t("appointments.actions")} testId="actions-section">
              <AppointmentActions appointment={appointment} />
            </Section>
          )}
          {showPayment && (
            <Section title={t("payment.title")} testId="payment-section">
              <Stack spacing={2}>
                {appointment.payment.rejection_reason && appointment.status === "AWAITING_PAYMENT" && (
                  <Alert severity="warning">{t("payment.rejectedBecause", { reason: appointment.payment.rejection_reason })}</Alert>
                )}
                {instructions && (isClient || canUpload) && <PaymentInstructions instructions={instructions} />}
                {proof && <ProofPreview appointmentId={appointment.id} proof={proof} />}
                {canUpload && (
                  <ProofUpload
                    appointmentId={appointment.id}
                    maxUploadMb={site.data?.max_upload_mb ?? 10}
                    canMarkPaid={actions.includes("mark_paid")}
                    hasProof={Boolean(proof)}
                  />
                )}
              </Stack>
            </Section>
          )}
          {reviews.map((direction) => (
            <Section key={direction} title={t("reviews.title")}>
              <ReviewForm appointmentId={appointment.id} direction={direction} />
            </Section>
          ))}
          {appointment.status === "COMPLETED" && isParticipant && (
            <Section title={t("reviews.both")}>
              <AppointmentReviews appointmentId={appointment.id} />
            </Section>
          )}
          <Section title={t("timeline.title")}>
            <AppointmentTimeline appointmentId={appointment.id} />
          </Section>
        </Stack>
        {isParticipant && (
        <Box sx={{ position: { md: "sticky" }, top: { md: 80 }, minWidth: 0 }}>
          <Section
            title={
              <Badge color="error" badgeContent={appointment.unread_count} sx={{ "& .MuiBadge-badge": { right: -12 } }}>
                {t("chat.title")}
              </Badge>
            }
          >
            <ChatPanel appointmentId={appointment.id} />
          </Section>
        </Box>
        )}
      </Box>
    </Page>
  );
}
