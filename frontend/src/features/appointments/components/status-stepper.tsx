import Step from "@mui/material/Step";
import StepLabel from "@mui/material/StepLabel";
import Stepper from "@mui/material/Stepper";
import Typography from "@mui/material/Typography";
import useMediaQuery from "@mui/material/useMediaQuery";
import { useTheme } from "@mui/material/styles";
import { useTranslation } from "react-i18next";
import type { Appointment, AppointmentStatus } from "@/lib/api/types";
import { formatShortDateTime } from "@/lib/format";

const PATH: { status: AppointmentStatus; stamp: keyof Appointment }[] = [
  { status: "NEW", stamp: "created_at" },
  { status: "IN_REVIEW", stamp: "taken_at" },
  { status: "AWAITING_PAYMENT", stamp: "priced_at" },
  { status: "PAYMENT_PROOF_UPLOADED", stamp: "marked_paid_at" },
  { status: "PAID", stamp: "payment_confirmed_at" },
  { status: "IN_PROGRESS", stamp: "started_at" },
  { status: "COMPLETED", stamp: "completed_at" },
];

/** Where the request stands on the usual path; a declined or cancelled request shows where it stopped. */
export function StatusStepper({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation();
  const theme = useTheme();
  const compact = useMediaQuery(theme.breakpoints.down("md"));
  const stopped = appointment.status === "DECLINED_BY_MASTER" || appointment.status === "CANCELLED";
  const reachedIndex = (() => {
    if (!stopped) return PATH.findIndex((step) => step.status === appointment.status);
    // The last step whose stage timestamp is set is where it stopped.
    let last = 0;
    PATH.forEach((step, index) => {
      if (appointment[step.stamp]) last = index;
    });
    return last;
  })();

  return (
    <Stepper
      activeStep={stopped ? reachedIndex + 1 : reachedIndex}
      orientation={compact ? "vertical" : "horizontal"}
      alternativeLabel={!compact}
      aria-label={t("appointments.progress")}
      sx={{ py: 1 }}
    >
      {PATH.map((step, index) => {
        const stamp = appointment[step.stamp] as string | null;
        const failed = stopped && index === reachedIndex + 1;
        return (
          <Step key={step.status} completed={index < reachedIndex || (index === reachedIndex && (stopped || step.status === "COMPLETED"))}>
            <StepLabel
              error={failed}
              optional={
                failed ? (
                  <Typography variant="caption" color="error">
                    {t(`status.${appointment.status}`)}
                  </Typography>
                ) : stamp && index <= reachedIndex ? (
                  <Typography variant="caption">{formatShortDateTime(stamp)}</Typography>
                ) : undefined
              }
            >
              {t(`status.${step.status}`)}
            </StepLabel>
          </Step>
        );
      })}
    </Stepper>
  );
}
