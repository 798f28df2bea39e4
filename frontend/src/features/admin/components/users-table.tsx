import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import Link from "@mui/material/Link";
import MenuItem from "@mui/material/MenuItem";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { Link as RouterLink } from "react-router";
import { useTranslation } from "react-i18next";
import { DataTable } from "@/components/ui/data-table";
import { FormDialog } from "@/components/ui/form-dialog";
import { useToast } from "@/components/ui/toaster";
import { useBanUser, useSetUserRole, useUnbanUser } from "@/features/admin/api/admin-users";
import type { AdminUser } from "@/lib/api/types";
import { useSession } from "@/lib/auth";
import { formatDate } from "@/lib/format";

const ROLES = ["client", "master", "admin"];
const ADMIN_ROLES = ["super_admin", "support", "finance", "moderator", "analyst"];

type Dialog = { kind: "ban" | "unban" | "role"; user: AdminUser } | null;

export function UsersTable({ items }: { items: AdminUser[] }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { can, user: me } = useSession();
  const ban = useBanUser();
  const unban = useUnbanUser();
  const setRole = useSetUserRole();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [reason, setReason] = useState("");
  const [role, setRoleValue] = useState("client");
  const [adminRole, setAdminRole] = useState("super_admin");

  const open = (kind: "ban" | "unban" | "role", user: AdminUser) => {
    setReason("");
    setRoleValue(user.role);
    setAdminRole(user.admin_role || "super_admin");
    setDialog({ kind, user });
  };

  return (
    <>
      <DataTable
        items={items}
        label={t("nav.adminUsers")}
        rowKey={(u) => u.id}
        rowProps={(u) => ({ "data-testid": "user-row", "data-username": u.username })}
        columns={[
          {
            key: "user",
            label: t("auth.username"),
            primary: true,
            render: (u) => (
              <>
                <Link
                  component={RouterLink}
                  to={`/admin/users/${u.id}?${new URLSearchParams({ name: u.display_name || u.username, role: u.role })}`}
                  variant="body2"
                  sx={{ fontWeight: 600 }}
                >
                  {u.display_name || u.username}
                </Link>
                <Typography variant="caption" color="text.secondary" component="p">
                  @{u.username}
                  {u.email ? ` · ${u.email}` : ""}
                </Typography>
              </>
            ),
          },
          { key: "role", label: t("admin.role"), render: (u) => `${t(`roles.${u.role}`)}${u.admin_role ? ` · ${t(`adminRoles.${u.admin_role}`)}` : ""}` },
          {
            key: "state",
            label: t("admin.state"),
            render: (u) =>
              u.is_banned ? (
                <Chip size="small" color="error" label={t("admin.banned")} title={u.ban_reason} />
              ) : (
                <Chip size="small" color="success" variant="outlined" label={t("admin.activeUser")} />
              ),
          },
          { key: "joined", label: t("admin.joined"), nowrap: true, render: (u) => formatDate(u.date_joined) },
        ]}
        actionsLabel={t("appointments.actions")}
        actions={(u) =>
          u.id === me?.id || (!can("users.ban") && !can("users.roles")) ? null : (
            <>
              {can("users.ban") &&
                (u.is_banned ? (
                  <Button size="small" variant="outlined" onClick={() => open("unban", u)}>
                    {t("admin.unban")}
                  </Button>
                ) : (
                  <Button size="small" variant="outlined" color="error" onClick={() => open("ban", u)}>
                    {t("admin.ban")}
                  </Button>
                ))}
              {can("users.roles") && (
                <Button size="small" variant="outlined" onClick={() => open("role", u)}>
                  {t("admin.changeRole")}
                </Button>
              )}
            </>
          )
        }
      />

      {dialog?.kind === "ban" && (
        <FormDialog
          open
          destructive
          title={t("admin.banTitle", { name: dialog.user.username })}
          submitLabel={t("admin.ban")}
          onClose={() => setDialog(null)}
          submitDisabled={!reason.trim()}
          onSubmit={() => ban.mutateAsync({ id: dialog.user.id, body: { reason: reason.trim() } }).then(() => toast.success(t("admin.bannedDone")))}
        >
          <Typography variant="body2">{t("admin.banHelp")}</Typography>
          <TextField label={t("common.reason")} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} required multiline minRows={2} autoFocus />
        </FormDialog>
      )}
      {dialog?.kind === "unban" && (
        <FormDialog
          open
          title={t("admin.unbanTitle", { name: dialog.user.username })}
          submitLabel={t("admin.unban")}
          onClose={() => setDialog(null)}
          onSubmit={() =>
            unban.mutateAsync({ id: dialog.user.id, body: reason.trim() ? { reason: reason.trim() } : {} }).then(() => toast.success(t("common.saved")))
          }
        >
          <TextField label={`${t("common.reason")} (${t("common.optional")})`} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} multiline minRows={2} />
        </FormDialog>
      )}
      {dialog?.kind === "role" && (
        <FormDialog
          open
          title={t("admin.changeRoleTitle", { name: dialog.user.username })}
          submitLabel={t("common.save")}
          onClose={() => setDialog(null)}
          onSubmit={() =>
            setRole
              .mutateAsync({ id: dialog.user.id, body: role === "admin" ? { role, admin_role: adminRole } : { role } })
              .then(() => toast.success(t("common.saved")))
          }
        >
          <TextField select label={t("admin.role")} name="role" value={role} onChange={(e) => setRoleValue(e.target.value)}>
            {ROLES.map((r) => (
              <MenuItem key={r} value={r}>
                {t(`roles.${r}`)}
              </MenuItem>
            ))}
          </TextField>
          {role === "admin" && (
            <TextField select label={t("admin.adminRole")} name="admin_role" value={adminRole} onChange={(e) => setAdminRole(e.target.value)}>
              {ADMIN_ROLES.map((r) => (
                <MenuItem key={r} value={r}>
                  {t(`adminRoles.${r}`)}
                </MenuItem>
              ))}
            </TextField>
          )}
        </FormDialog>
      )}
    </>
  );
}
