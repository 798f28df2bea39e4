import Button from "@mui/material/Button";
import Link from "@mui/material/Link";
import MenuItem from "@mui/material/MenuItem";
import TextField from "@mui/material/TextField";
import { useState } from "react";
import { Link as RouterLink } from "react-router";
import { useTranslation } from "react-i18next";
import { DataTable } from "@/components/ui/data-table";
import { FormDialog } from "@/components/ui/form-dialog";
import { SlaChip } from "@/components/ui/sla-chip";
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
      <DataTable
        items={items}
        label={t("nav.adminAppointments")}
        rowKey={(a) => a.id}
        rowProps={() => ({ "data-testid": "admin-appointment-row" })}
        columns={[
          {
            key: "title",
            label: t("appointments.titleColumn"),
            primary: true,
            render: (a) => (
              <Link component={RouterLink} to={`/appointments/${a.id}`} sx={{ fontWeight: 600 }}>
                #{a.id} · {a.title}
              </Link>
            ),
          },
          { key: "status", label: t("appointments.status"), render: (a) => <StatusChip status={a.status} /> },
          { key: "sla", label: t("sla.dueAt"), render: (a) => (a.sla ? <SlaChip sla={a.sla} /> : "—") },
          { key: "client", label: t("appointments.client"), render: (a) => a.client.display_name },
          { key: "master", label: t("appointments.master"), render: (a) => a.master?.display_name ?? "—" },
          { key: "price", label: t("appointments.priceLabel"), align: "right", nowrap: true, render: (a) => formatMoney(a.price, a.currency) },
          { key: "created", label: t("appointments.created"), nowrap: true, render: (a) => formatDateTime(a.created_at) },
        ]}
        actionsLabel={t("appointments.actions")}
        actions={(a) => (
          <>
            {a.status === "PAYMENT_PROOF_UPLOADED" && can("payments.confirm") && (
              <Button size="small" variant="contained" color="success" onClick={() => setConfirming(a)}>
                {t("actions.confirm_payment")}
              </Button>
            )}
            {a.status === "PAYMENT_PROOF_UPLOADED" && can("payments.reject") && (
              <Button size="small" variant="outlined" color="error" onClick={() => { setReason(""); setRejecting(a); }}>
                {t("actions.reject_payment")}
              </Button>
            )}
            {can("appointments.manage") && (
              <Button
                size="small"
                variant="outlined"
                onClick={() => {
                  setEditing(a);
                  setStatusValue(a.status);
                  setReason("");
                }}
              >
                {t("actions.set_status")}
              </Button>
            )}
          </>
        )}
      />

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
