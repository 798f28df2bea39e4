import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Divider from "@mui/material/Divider";
import Drawer from "@mui/material/Drawer";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import useMediaQuery from "@mui/material/useMediaQuery";
import { useTheme } from "@mui/material/styles";
import { useId, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { DataTable } from "@/components/ui/data-table";
import { KeyValueList } from "@/components/ui/key-value-list";
import { useLogLabels } from "@/features/admin/components/log-labels";
import type { AuditEntry, PlatformEvent } from "@/lib/api/types";
import { formatDateTime } from "@/lib/format";

/** A label in words with its machine code on hover (and for screen readers, in the title). */
function Coded({ label, code }: { label: string; code: string }) {
  return (
    <Box component="span" title={code} data-code={code}>
      {label}
    </Box>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Typography variant="caption" color="text.secondary" component="p">
        {label}
      </Typography>
      <Box sx={{ typography: "body2", overflowWrap: "break-word" }}>{children}</Box>
    </Box>
  );
}

/** The full record of one log row, the raw codes included: a side panel on wide screens, a sheet on a phone. */
function DetailDrawer({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  const theme = useTheme();
  const phone = useMediaQuery(theme.breakpoints.down("sm"));
  const titleId = useId();
  return (
    <Drawer
      open
      anchor={phone ? "bottom" : "right"}
      onClose={onClose}
      slotProps={{ paper: { sx: { width: { sm: 440 }, maxHeight: { xs: "85vh", sm: "100%" }, p: 2 }, role: "dialog", "aria-labelledby": titleId } }}
    >
      <Stack direction="row" sx={{ alignItems: "center", justifyContent: "space-between", mb: 1 }}>
        <Typography id={titleId} variant="h2" component="h2">
          {title}
        </Typography>
        <Button onClick={onClose}>{t("common.close")}</Button>
      </Stack>
      <Stack spacing={1.5} divider={<Divider flexItem />}>
        {children}
      </Stack>
    </Drawer>
  );
}

export function AuditTable({ items }: { items: AuditEntry[] }) {
  const { t } = useTranslation();
  const labels = useLogLabels();
  const [open, setOpen] = useState<AuditEntry | null>(null);
  return (
    <>
      <DataTable
        items={items}
        label={t("audit.title")}
        rowKey={(entry) => entry.id}
        rowProps={() => ({ "data-testid": "audit-row" })}
        columns={[
          { key: "action", label: t("audit.action"), primary: true, render: (entry) => <Typography variant="body2" sx={{ fontWeight: 600 }}><Coded label={labels.action(entry.action)} code={entry.action} /></Typography> },
          { key: "when", label: t("audit.when"), nowrap: true, render: (entry) => formatDateTime(entry.created_at) },
          { key: "actor", label: t("audit.actor"), render: (entry) => labels.auditActor(entry) },
          {
            key: "target",
            label: t("audit.target"),
            render: (entry) => (
              <>
                <Coded label={labels.auditTarget(entry)} code={`${entry.target_type} ${entry.target_id}`.trim()} />
                {entry.reason && (
                  <Typography variant="caption" color="text.secondary" component="p">
                    {t("common.reason")}: {entry.reason}
                  </Typography>
                )}
              </>
            ),
          },
        ]}
        actions={(entry) => (
          <Button size="small" variant="outlined" onClick={() => setOpen(entry)}>
            {t("audit.details")}
          </Button>
        )}
        actionsLabel={t("audit.details")}
      />
      {open && (
        <DetailDrawer title={labels.action(open.action)} onClose={() => setOpen(null)}>
          <Field label={t("audit.when")}>{formatDateTime(open.created_at)}</Field>
          <Field label={t("audit.actor")}>{labels.auditActor(open)}{open.actor_username && ` (@${open.actor_username})`}</Field>
          <Field label={t("audit.target")}>{labels.auditTarget(open)}</Field>
          {open.reason && <Field label={t("common.reason")}>{open.reason}</Field>}
          <Field label={t("audit.changes")}>
            <KeyValueList data={open.changes} changes />
          </Field>
          {open.metadata != null && typeof open.metadata === "object" && Object.keys(open.metadata).length > 0 && (
            <Field label={t("audit.metadata")}>
              <KeyValueList data={open.metadata} />
            </Field>
          )}
          <Field label={t("audit.technical")}>
            <KeyValueList data={{ code: open.action, target_type: open.target_type, target_id: open.target_id, ip: open.ip, user_agent: open.user_agent, request_id: open.request_id }} />
          </Field>
        </DetailDrawer>
      )}
    </>
  );
}

export function EventsTable({ items }: { items: PlatformEvent[] }) {
  const { t } = useTranslation();
  const labels = useLogLabels();
  const [open, setOpen] = useState<PlatformEvent | null>(null);
  return (
    <>
      <DataTable
        items={items}
        label={t("audit.events")}
        rowKey={(event) => event.id}
        rowProps={() => ({ "data-testid": "event-row" })}
        columns={[
          { key: "type", label: t("audit.type"), primary: true, render: (event) => <Typography variant="body2" sx={{ fontWeight: 600 }}><Coded label={labels.eventType(event.type)} code={event.type} /></Typography> },
          { key: "when", label: t("audit.when"), nowrap: true, render: (event) => formatDateTime(event.created_at) },
          { key: "actor", label: t("audit.actor"), render: (event) => labels.eventActor(event) },
          { key: "subject", label: t("audit.subject"), render: (event) => <Coded label={labels.eventSubject(event)} code={`${event.subject_type} ${event.subject_id}`.trim()} /> },
        ]}
        actions={(event) => (
          <Button size="small" variant="outlined" onClick={() => setOpen(event)}>
            {t("audit.details")}
          </Button>
        )}
        actionsLabel={t("audit.details")}
      />
      {open && (
        <DetailDrawer title={labels.eventType(open.type)} onClose={() => setOpen(null)}>
          <Field label={t("audit.when")}>{formatDateTime(open.created_at)}</Field>
          <Field label={t("audit.actor")}>{labels.eventActor(open)}</Field>
          <Field label={t("audit.subject")}>{labels.eventSubject(open)}</Field>
          <Field label={t("audit.payload")}>
            <KeyValueList data={open.payload} />
          </Field>
          <Field label={t("audit.technical")}>
            <KeyValueList data={{ code: open.type, subject_type: open.subject_type, subject_id: open.subject_id, request_id: open.request_id }} />
          </Field>
        </DetailDrawer>
      )}
    </>
  );
}
