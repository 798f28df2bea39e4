import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import MuiLink from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { Link as RouterLink } from "react-router";
import { useTranslation } from "react-i18next";
import { DataTable } from "@/components/ui/data-table";
import { FormDialog } from "@/components/ui/form-dialog";
import { useToast } from "@/components/ui/toaster";
import { useActivateMaster, useSuspendMaster } from "@/features/admin/api/admin-users";
import type { AdminMaster } from "@/lib/api/types";
import { errorMessage } from "@/lib/errors";
import { formatDate, formatNumber, formatRating } from "@/lib/format";
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
      <DataTable
        items={items}
        label={t("nav.adminMasters")}
        rowKey={(m) => m.id}
        rowProps={(m) => ({ "data-testid": "master-row", "data-username": m.username })}
        columns={[
          {
            key: "master",
            label: t("appointments.master"),
            primary: true,
            render: (m) => (
              <>
                <MuiLink
                  component={RouterLink}
                  to={`/admin/users/${m.id}?${new URLSearchParams({ name: m.display_name || m.username, role: "master" })}`}
                  variant="body2"
                  sx={{ fontWeight: 600 }}
                >
                  {m.display_name || m.username}
                </MuiLink>
                <Typography variant="caption" color="text.secondary" component="p">
                  @{m.username}
                </Typography>
              </>
            ),
          },
          {
            key: "state",
            label: t("admin.state"),
            render: (m) => (
              <Stack direction="row" sx={{ gap: 0.5, flexWrap: "wrap" }}>
                <Chip size="small" color={STATUS_COLORS[masterStatus(m)]} label={t(`master.statusLabel.${masterStatus(m)}`)} />
                {m.is_banned && <Chip size="small" color="error" variant="outlined" label={t("admin.banned")} />}
              </Stack>
            ),
          },
          {
            key: "rating",
            label: t("dashboard.rating"),
            nowrap: true,
            render: (m) => {
              const rating = m.rating_avg ?? m.master_profile?.rating_avg;
              return rating != null ? t("reviews.ratingShort", { rating: formatRating(rating), count: m.rating_count ?? m.master_profile?.rating_count ?? 0 }) : "—";
            },
          },
          { key: "active", label: t("admin.activeWork"), align: "right", render: (m) => formatNumber(m.active_count) },
          { key: "completed", label: t("admin.completedWork"), align: "right", render: (m) => formatNumber(m.completed_count) },
          { key: "joined", label: t("admin.joined"), nowrap: true, render: (m) => formatDate(m.date_joined) },
        ]}
        actionsLabel={t("appointments.actions")}
        actions={(m) =>
          !canManage ? null : masterStatus(m) !== "active" ? (
            <Button
              size="small"
              variant="contained"
              disabled={activate.isPending}
              onClick={() => activate.mutate({ id: m.id }, { onSuccess: () => toast.success(t("admin.activated")), onError: (e) => toast.error(errorMessage(e, t)) })}
            >
              {t("admin.activate")}
            </Button>
          ) : (
            <Button size="small" variant="outlined" color="error" onClick={() => { setReason(""); setSuspending(m); }}>
              {t("admin.suspend")}
            </Button>
          )
        }
      />
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
