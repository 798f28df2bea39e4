import ExpandLessIcon from "@mui/icons-material/ExpandLess";
import ExpandMoreIcon from "@mui/icons-material/ExpandMore";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Collapse from "@mui/material/Collapse";
import LinearProgress from "@mui/material/LinearProgress";
import Step from "@mui/material/Step";
import StepLabel from "@mui/material/StepLabel";
import Stepper from "@mui/material/Stepper";
import Typography from "@mui/material/Typography";
import useMediaQuery from "@mui/material/useMediaQuery";
import { useTheme } from "@mui/material/styles";
import { useId, useState } from "react";
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

function reached(appointment: Appointment, stopped: boolean): number {
  if (!stopped) return Math.max(0, PATH.findIndex((step) => step.status === appointment.status));
  // The last step whose stage timestamp is set is where it stopped.
  let last = 0;
  PATH.forEach((step, index) => {
    if (appointment[step.stamp]) last = index;
  });
  return last;
}

function FullStepper({ appointment, orientation }: { appointment: Appointment; orientation: "vertical" | "horizontal" }) {
  const { t } = useTranslation();
  const stopped = appointment.status === "DECLINED_BY_MASTER" || appointment.status === "CANCELLED";
  const reachedIndex = reached(appointment, stopped);
  return (
    <Stepper
      activeStep={stopped ? reachedIndex + 1 : reachedIndex}
      orientation={orientation}
      alternativeLabel={orientation === "horizontal"}
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

/**
 * Where the request stands on the usual path. Wide screens show all seven steps; a phone shows
 * one line ("step 3 of 7") with a bar, and the steps on request.
 */
export function StatusStepper({ appointment }: { appointment: Appointment }) {
  const { t } = useTranslation();
  const theme = useTheme();
  const phone = useMediaQuery(theme.breakpoints.down("md"));
  const [open, setOpen] = useState(false);
  const stepsId = useId();
  if (!phone) return <FullStepper appointment={appointment} orientation="horizontal" />;

  const stopped = appointment.status === "DECLINED_BY_MASTER" || appointment.status === "CANCELLED";
  const index = reached(appointment, stopped);
  const done = appointment.status === "COMPLETED";
  return (
    <Box data-testid="compact-progress">
      <Typography variant="body2" sx={{ fontWeight: 600 }}>
        {stopped
          ? t("appointments.stoppedAt", { step: t(`status.${PATH[index].status}`), status: t(`status.${appointment.status}`) })
          : t("appointments.stepOf", { step: index + 1, total: PATH.length, status: t(`status.${appointment.status}`) })}
      </Typography>
      <LinearProgress
        variant="determinate"
        value={((index + (done || stopped ? 1 : 0.5)) / PATH.length) * 100}
        color={stopped ? "inherit" : done ? "success" : "primary"}
        aria-label={t("appointments.progress")}
        sx={{ my: 1, height: 6, borderRadius: 3 }}
      />
      <Button
        size="small"
        onClick={() => setOpen((v) => !v)}
        aria-expanded={open}
        aria-controls={stepsId}
        endIcon={open ? <ExpandLessIcon /> : <ExpandMoreIcon />}
        sx={{ px: 0 }}
      >
        {open ? t("appointments.hideSteps") : t("appointments.showSteps")}
      </Button>
      <Collapse in={open} id={stepsId}>
        <FullStepper appointment={appointment} orientation="vertical" />
      </Collapse>
    </Box>
  );
}
