import Box from "@mui/material/Box";
import Paper from "@mui/material/Paper";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableContainer from "@mui/material/TableContainer";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Typography from "@mui/material/Typography";
import { useTranslation } from "react-i18next";
import type { AuditEntry, PlatformEvent } from "@/lib/api/types";
import { formatDateTime } from "@/lib/format";

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined || (typeof value === "object" && !Object.keys(value as object).length)) return <>—</>;
  return (
    <Box component="pre" sx={{ m: 0, fontSize: 12, whiteSpace: "pre-wrap", overflowWrap: "anywhere", maxWidth: 360 }}>
      {JSON.stringify(value, null, 1)}
    </Box>
  );
}

const show = (value: unknown) => (value === null || value === undefined || value === "" ? "∅" : typeof value === "object" ? JSON.stringify(value) : String(value));

/** `{field: [old, new]}` as one line per field. */
function Changes({ value }: { value: unknown }) {
  if (!value || typeof value !== "object" || !Object.keys(value).length) return <>—</>;
  return (
    <Box component="ul" sx={{ m: 0, p: 0, listStyle: "none", fontSize: 12, maxWidth: 360 }}>
      {Object.entries(value as Record<string, unknown>).map(([field, change]) => (
        <Box component="li" key={field} sx={{ overflowWrap: "anywhere" }}>
          <Box component="span" sx={{ fontFamily: "monospace", fontWeight: 600 }}>
            {field}
          </Box>
          : {Array.isArray(change) && change.length === 2 ? `${show(change[0])} → ${show(change[1])}` : show(change)}
        </Box>
      ))}
    </Box>
  );
}

export function AuditTable({ items }: { items: AuditEntry[] }) {
  const { t } = useTranslation();
  return (
    <TableContainer component={Paper} variant="outlined">
      <Table size="small" aria-label={t("audit.title")}>
        <TableHead>
          <TableRow>
            <TableCell>{t("audit.when")}</TableCell>
            <TableCell>{t("audit.actor")}</TableCell>
            <TableCell>{t("audit.action")}</TableCell>
            <TableCell>{t("audit.target")}</TableCell>
            <TableCell>{t("audit.changes")}</TableCell>
            <TableCell>IP</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((entry) => (
            <TableRow key={entry.id} data-testid="audit-row">
              <TableCell sx={{ whiteSpace: "nowrap" }}>{formatDateTime(entry.created_at)}</TableCell>
              <TableCell>{entry.actor_username || "—"}</TableCell>
              <TableCell sx={{ fontFamily: "monospace" }}>{entry.action}</TableCell>
              <TableCell>
                {entry.target_repr || `${entry.target_type} ${entry.target_id}`}
                {entry.reason && (
                  <Typography variant="caption" color="text.secondary" sx={{ display: "block" }}>
                    {t("common.reason")}: {entry.reason}
                  </Typography>
                )}
              </TableCell>
              <TableCell>
                <Changes value={entry.changes} />
              </TableCell>
              <TableCell>{entry.ip ?? "—"}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

export function EventsTable({ items }: { items: PlatformEvent[] }) {
  const { t } = useTranslation();
  return (
    <TableContainer component={Paper} variant="outlined">
      <Table size="small" aria-label={t("audit.events")}>
        <TableHead>
          <TableRow>
            <TableCell>{t("audit.when")}</TableCell>
            <TableCell>{t("audit.type")}</TableCell>
            <TableCell>{t("audit.actor")}</TableCell>
            <TableCell>{t("audit.subject")}</TableCell>
            <TableCell>{t("audit.payload")}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((event) => (
            <TableRow key={event.id} data-testid="event-row">
              <TableCell sx={{ whiteSpace: "nowrap" }}>{formatDateTime(event.created_at)}</TableCell>
              <TableCell sx={{ fontFamily: "monospace" }}>{event.type}</TableCell>
              <TableCell>{event.actor?.username ?? "—"}</TableCell>
              <TableCell>{event.subject_type ? `${event.subject_type} ${event.subject_id}` : "—"}</TableCell>
              <TableCell>
                <Json value={event.payload} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
