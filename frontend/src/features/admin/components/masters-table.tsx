import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import Paper from "@mui/material/Paper";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableContainer from "@mui/material/TableContainer";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormDialog } from "@/components/ui/form-dialog";
import { useToast } from "@/components/ui/toaster";
import { useActivateMaster, useSuspendMaster } from "@/features/admin/api/admin-users";
import type { AdminMaster } from "@/lib/api/types";
import { errorMessage } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { useSession } from "@/lib/auth";

const STATUS_COLORS: Record<string, "warning" | "success" | "error"> = { pending: "warning", active: "success", suspended: "error" };

export function masterStatus(master: AdminMaster) {
  return master.master_profile?.status ?? master.status ?? "pending";
}

export function MastersTable({ items }: { items: AdminMaster[] }) {
  const { t } = useTranslation();
  const toast = useToast();
  const activate = useActivateMaster();
  const suspend = useSuspendMaster();
  const [suspending, setSuspending] = useState<AdminMaster | null>(null);
  const [reason, setReason] = useState("");
  const canManage = useSession().can("masters.manage");

  return (
    <>
      <TableContainer component={Paper} variant="outlined">
        <Table size="small" aria-label={t("nav.adminMasters")}>
          <TableHead>
            <TableRow>
              <TableCell>{t("appointments.master")}</TableCell>
              <TableCell>{t("admin.state")}</TableCell>
              <TableCell>{t("dashboard.rating")}</TableCell>
              <TableCell align="right">{t("admin.activeWork")}</TableCell>
              <TableCell align="right">{t("admin.completedWork")}</TableCell>
              <TableCell>{t("admin.joined")}</TableCell>
              <TableCell>{t("appointments.actions")}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map((m) => {
              const status = masterStatus(m);
              const rating = m.rating_avg ?? m.master_profile?.rating_avg;
              return (
                <TableRow key={m.id} hover data-testid="master-row" data-username={m.username}>
                  <TableCell>
                    <Typography variant="body2" sx={{ fontWeight: 600 }}>
                      {m.display_name || m.username}
                    </Typography>
                    <Typography variant="caption" color="text.secondary">
                      @{m.username}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    <Chip size="small" color={STATUS_COLORS[status]} label={t(`master.statusLabel.${status}`)} />
                    {m.is_banned && <Chip size="small" color="error" variant="outlined" label={t("admin.banned")} sx={{ ml: 0.5 }} />}
                  </TableCell>
                  <TableCell>{rating != null ? `${Number(rating).toFixed(2)} ★ (${m.rating_count ?? m.master_profile?.rating_count ?? 0})` : "—"}</TableCell>
                  <TableCell align="right">{m.active_count ?? "—"}</TableCell>
                  <TableCell align="right">{m.completed_count ?? "—"}</TableCell>
                  <TableCell sx={{ whiteSpace: "nowrap" }}>{formatDate(m.date_joined)}</TableCell>
                  <TableCell>
                    {!canManage ? null : status !== "active" ? (
                      <Button
                        size="small"
                        variant="contained"
                        disabled={activate.isPending}
                        onClick={() => activate.mutate({ id: m.id }, { onSuccess: () => toast.success(t("admin.activated")) , onError: (e) => toast.error(errorMessage(e, t)) })}
                      >
                        {t("admin.activate")}
                      </Button>
                    ) : (
                      <Button size="small" color="error" onClick={() => { setReason(""); setSuspending(m); }}>
                        {t("admin.suspend")}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>
      {suspending && (
        <FormDialog
          open
          destructive
          title={t("admin.suspendTitle", { name: suspending.username })}
          submitLabel={t("admin.suspend")}
          onClose={() => setSuspending(null)}
          onSubmit={() => suspend.mutateAsync({ id: suspending.id, body: reason.trim() ? { reason: reason.trim() } : {} }).then(() => toast.success(t("common.saved")))}
        >
          <TextField label={`${t("common.reason")} (${t("common.optional")})`} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} multiline minRows={2} autoFocus />
        </FormDialog>
      )}
    </>
  );
}
