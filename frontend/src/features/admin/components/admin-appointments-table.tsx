import Button from "@mui/material/Button";
import Link from "@mui/material/Link";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableContainer from "@mui/material/TableContainer";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import TextField from "@mui/material/TextField";
import Paper from "@mui/material/Paper";
import { useState } from "react";
import { Link as RouterLink } from "react-router";
import { useTranslation } from "react-i18next";
import { FormDialog } from "@/components/ui/form-dialog";
import { StatusChip } from "@/components/ui/status-chip";
import { useToast } from "@/components/ui/toaster";
import { useAdminConfirmPayment, useAdminRejectPayment, useAdminSetStatus } from "@/features/admin/api/admin-appointments";
import type { Appointment } from "@/lib/api/types";
import { STATUSES } from "@/lib/appointment-status";
import { useSession } from "@/lib/auth";
import { formatDateTime, formatMoney } from "@/lib/format";

export function AdminAppointmentsTable({ items }: { items: Appointment[] }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { can } = useSession();
  const setStatus = useAdminSetStatus();
  const confirm = useAdminConfirmPayment();
  const reject = useAdminRejectPayment();
  const [rejecting, setRejecting] = useState<Appointment | null>(null);
  const [editing, setEditing] = useState<Appointment | null>(null);
  const [confirming, setConfirming] = useState<Appointment | null>(null);
  const [status, setStatusValue] = useState("");
  const [reason, setReason] = useState("");

  return (
    <>
      <TableContainer component={Paper} variant="outlined">
        <Table size="small" aria-label={t("nav.adminAppointments")}>
          <TableHead>
            <TableRow>
              <TableCell>#</TableCell>
              <TableCell>{t("appointments.title")}</TableCell>
              <TableCell>{t("appointments.status")}</TableCell>
              <TableCell>{t("appointments.client")}</TableCell>
              <TableCell>{t("appointments.master")}</TableCell>
              <TableCell align="right">{t("appointments.priceLabel")}</TableCell>
              <TableCell>{t("appointments.created")}</TableCell>
              <TableCell>{t("appointments.actions")}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map((a) => (
              <TableRow key={a.id} hover data-testid="admin-appointment-row">
                <TableCell>{a.id}</TableCell>
                <TableCell sx={{ maxWidth: 240 }}>
                  <Link component={RouterLink} to={`/appointments/${a.id}`} sx={{ overflowWrap: "anywhere" }}>
                    {a.title}
                  </Link>
                </TableCell>
                <TableCell>
                  <StatusChip status={a.status} />
                </TableCell>
                <TableCell>{a.client.display_name}</TableCell>
                <TableCell>{a.master?.display_name ?? "—"}</TableCell>
                <TableCell align="right">{formatMoney(a.price, a.currency)}</TableCell>
                <TableCell sx={{ whiteSpace: "nowrap" }}>{formatDateTime(a.created_at)}</TableCell>
                <TableCell>
                  <Stack direction="row" spacing={1}>
                    {a.status === "PAYMENT_PROOF_UPLOADED" && can("payments.confirm") && (
                      <Button size="small" variant="contained" color="success" onClick={() => setConfirming(a)}>
                        {t("actions.confirm_payment")}
                      </Button>
                    )}
                    {a.status === "PAYMENT_PROOF_UPLOADED" && can("payments.reject") && (
                      <Button size="small" color="error" onClick={() => { setReason(""); setRejecting(a); }}>
                        {t("actions.reject_payment")}
                      </Button>
                    )}
                    {can("appointments.manage") && (
                      <Button
                        size="small"
                        onClick={() => {
                          setEditing(a);
                          setStatusValue(a.status);
                          setReason("");
                        }}
                      >
                        {t("actions.set_status")}
                      </Button>
                    )}
                  </Stack>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>

      {editing && (
        <FormDialog
          open
          title={`${t("actions.set_status")} · #${editing.id}`}
          submitLabel={t("common.save")}
          onClose={() => setEditing(null)}
          submitDisabled={!reason.trim() || status === editing.status}
          onSubmit={() =>
            setStatus.mutateAsync({ id: editing.id, body: { status, reason: reason.trim() } }).then(() => toast.success(t("common.saved")))
          }
        >
          <TextField select label={t("appointments.newStatus")} name="status" value={status} onChange={(e) => setStatusValue(e.target.value)}>
            {STATUSES.map((s) => (
              <MenuItem key={s} value={s}>
                {t(`status.${s}`)}
              </MenuItem>
            ))}
          </TextField>
          <TextField label={t("common.reason")} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} required multiline minRows={2} />
        </FormDialog>
      )}
      {rejecting && (
        <FormDialog
          open
          destructive
          title={`${t("actions.reject_payment")} · #${rejecting.id}`}
          submitLabel={t("actions.reject_payment")}
          onClose={() => setRejecting(null)}
          submitDisabled={!reason.trim()}
          onSubmit={() => reject.mutateAsync({ id: rejecting.id, body: { reason: reason.trim() } }).then(() => toast.success(t("actions.done.reject_payment")))}
        >
          <TextField label={t("common.reason")} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} required multiline minRows={2} autoFocus />
        </FormDialog>
      )}
      {confirming && (
        <FormDialog
          open
          title={`${t("actions.confirm_payment")} · #${confirming.id}`}
          submitLabel={t("actions.confirm_payment")}
          onClose={() => setConfirming(null)}
          onSubmit={() => confirm.mutateAsync({ id: confirming.id }).then(() => toast.success(t("actions.done.confirm_payment")))}
        >
          {t("actions.confirm.confirm_payment")}
          <Button component={RouterLink} to={`/appointments/${confirming.id}`}>
            {t("payment.viewProof")}
          </Button>
        </FormDialog>
      )}
    </>
  );
}
