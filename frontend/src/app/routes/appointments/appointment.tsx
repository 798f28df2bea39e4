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
import { NotFoundNotice } from "@/app/routes/not-found";
import { Page } from "@/components/ui/page";
import { RiskChip } from "@/components/ui/risk-chip";
import { SlaChip } from "@/components/ui/sla-chip";
import { StatusChip } from "@/components/ui/status-chip";
import { ErrorState, isNotFound, LoadingState } from "@/components/ui/states";
import { useAppointment } from "@/features/appointments/api/get-appointment";
import { actionsOfThisPanel, AppointmentActions } from "@/features/appointments/components/appointment-actions";
import { AppointmentDescription, AppointmentFacts } from "@/features/appointments/components/appointment-summary";
import { AppointmentTimeline } from "@/features/appointments/components/appointment-timeline";
import { PaymentInstructions } from "@/features/appointments/components/payment-instructions";
import { ProofPreview } from "@/features/appointments/components/proof-preview";
import { ProofUpload } from "@/features/appointments/components/proof-upload";
import { StatusStepper } from "@/features/appointments/components/status-stepper";
import { useSite } from "@/features/auth/api/get-site";
import { ChatPanel } from "@/features/chat/components/chat-panel";
import type { ReviewDirection } from "@/features/reviews/api/leave-review";
import { AppointmentReviews } from "@/features/reviews/components/appointment-reviews";
import { ReviewForm } from "@/features/reviews/components/review-form";

const REVIEW_DIRECTIONS: ReviewDirection[] = ["review_master", "review_client"];

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

/**
 * One request. What the caller may do comes from `allowed_actions` alone, and what they may see
 * from the API's answers (the chat answers 404 to someone who does not take part). On a phone the
 * description and the next step come first; the progress is one line.
 */
export function AppointmentRoute() {
  const { t } = useTranslation();
  const { id } = useParams();
  const appointmentId = Number(id);
  const valid = Number.isInteger(appointmentId) && appointmentId > 0;
  const site = useSite();
  const query = useAppointment(valid ? appointmentId : 0, valid);

  if (!valid) return <NotFoundNotice />;
  if (query.isPending) return <LoadingState />;
  if (query.isError) return isNotFound(query.error) ? <NotFoundNotice /> : <ErrorState error={query.error} onRetry={() => void query.refetch()} />;

  const appointment = query.data;
  const actions = appointment.allowed_actions;
  const canUpload = actions.includes("upload_payment_proof");
  const { proof, instructions } = appointment.payment;
  const reviews = REVIEW_DIRECTIONS.filter((direction) => actions.includes(direction));

  return (
    <Page
      title={`#${appointment.id} · ${appointment.title}`}
      subtitle={
        <Stack direction="row" sx={{ mt: 0.5, gap: 1, flexWrap: "wrap", alignItems: "center" }}>
          <StatusChip status={appointment.status} size="medium" />
          <SlaChip sla={appointment.sla} size="medium" />
          <RiskChip level={appointment.client_risk?.level} size="medium" />
        </Stack>
      }
    >
      <Box sx={{ display: "grid", gap: 2, gridTemplateColumns: { xs: "minmax(0, 1fr)", md: "minmax(0, 7fr) minmax(0, 5fr)" }, alignItems: "start" }}>
        <Stack spacing={2} sx={{ minWidth: 0 }}>
          <Section title={t("appointments.details")}>
            <AppointmentDescription appointment={appointment} />
          </Section>
          {actionsOfThisPanel(appointment).length > 0 && (
            <Section title={t("appointments.nextStep")} testId="actions-section">
              <AppointmentActions appointment={appointment} />
            </Section>
          )}
          {(proof || canUpload) && (
            <Section title={t("payment.title")} testId="payment-section">
              <Stack spacing={2}>
                {appointment.payment.rejection_reason && appointment.status === "AWAITING_PAYMENT" && (
                  <Alert severity="warning">{t("payment.rejectedBecause", { reason: appointment.payment.rejection_reason })}</Alert>
                )}
                {instructions && canUpload && <PaymentInstructions instructions={instructions} />}
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
          <Section title={t("appointments.progress")}>
            <Stack spacing={2}>
              <StatusStepper appointment={appointment} />
              <AppointmentFacts appointment={appointment} />
            </Stack>
          </Section>
          {appointment.status === "COMPLETED" && <AppointmentReviews appointmentId={appointment.id} frame={(content) => <Section title={t("reviews.both")}>{content}</Section>} />}
        </Stack>
        <Box sx={{ position: { md: "sticky" }, top: { md: 80 }, minWidth: 0, gridRow: { md: "span 2" } }}>
          <ChatPanel
            appointmentId={appointment.id}
            frame={(panel) => (
              <Section
                title={
                  <Badge color="error" badgeContent={appointment.unread_count} sx={{ "& .MuiBadge-badge": { right: -12 } }}>
                    {t("chat.title")}
                  </Badge>
                }
              >
                {panel}
              </Section>
            )}
          />
        </Box>
        <Box sx={{ minWidth: 0 }}>
          <Section title={t("timeline.title")}>
            <AppointmentTimeline appointmentId={appointment.id} />
          </Section>
        </Box>
      </Box>
    </Page>
  );
}
