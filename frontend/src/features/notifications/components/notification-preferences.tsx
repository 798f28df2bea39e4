import Alert from "@mui/material/Alert";
import Switch from "@mui/material/Switch";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableContainer from "@mui/material/TableContainer";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import { useTranslation } from "react-i18next";
import { ErrorState, LoadingState } from "@/components/ui/states";
import { usePreferences, useUpdatePreferences } from "@/features/notifications/api/notifications";
import { errorMessage } from "@/lib/errors";

/** One switch per notification type and channel; critical types and unreachable channels are locked. */
export function NotificationPreferences() {
  const { t } = useTranslation();
  const prefs = usePreferences();
  const update = useUpdatePreferences();

  if (prefs.isPending) return <LoadingState />;
  if (prefs.isError) return <ErrorState error={prefs.error} onRetry={() => void prefs.refetch()} />;

  const { preferences, critical_types: critical, channels } = prefs.data;
  return (
    <>
      {update.isError && <Alert severity="error">{errorMessage(update.error, t)}</Alert>}
      <TableContainer>
        <Table size="small" aria-label={t("notifications.preferences")}>
          <TableHead>
            <TableRow>
              <TableCell>{t("notifications.type")}</TableCell>
              {channels.map((c) => (
                <TableCell key={c.channel} align="center">
                  {t(`notifications.channel.${c.channel}`)}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {Object.entries(preferences).map(([type, switches]) => (
              <TableRow key={type}>
                <TableCell component="th" scope="row">
                  {t(`notifications.types.${type}`, { defaultValue: type })}
                </TableCell>
                {channels.map((c) => {
                  const label = `${t(`notifications.types.${type}`, { defaultValue: type })}: ${t(`notifications.channel.${c.channel}`)}`;
                  return (
                    <TableCell key={c.channel} align="center" padding="checkbox">
                      <Switch
                        checked={Boolean(switches[c.channel])}
                        disabled={critical.includes(type) || !c.available || update.isPending}
                        onChange={(e) => update.mutate({ [type]: { [c.channel]: e.target.checked } })}
                        slotProps={{ input: { "aria-label": label } }}
                      />
                    </TableCell>
                  );
                })}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </>
  );
}
