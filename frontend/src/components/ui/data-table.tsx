import Box from "@mui/material/Box";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Paper from "@mui/material/Paper";
import Stack from "@mui/material/Stack";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableContainer from "@mui/material/TableContainer";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Typography from "@mui/material/Typography";
import useMediaQuery from "@mui/material/useMediaQuery";
import { useTheme } from "@mui/material/styles";
import type { ReactNode } from "react";

export type Column<T> = {
  key: string;
  label: string;
  render: (item: T) => ReactNode;
  align?: "left" | "right";
  /** Dates and amounts: never wrapped inside a table cell. */
  nowrap?: boolean;
  /** The column that names the row: the card's heading on a phone. */
  primary?: boolean;
  /** Not repeated on the phone card (e.g. already part of the heading). */
  hideOnPhone?: boolean;
};

type Props<T> = {
  items: T[];
  columns: Column<T>[];
  rowKey: (item: T) => string | number;
  /** The accessible name of the table or list. */
  label: string;
  /** Buttons for one row: in the last column on wide screens, at the foot of the card on a phone. */
  actions?: (item: T) => ReactNode;
  actionsLabel?: string;
  /** Extra attributes for a row or card (test ids, data-*). */
  rowProps?: (item: T) => Record<string, string>;
};

// Long words (e-mail addresses, names) wrap only where they must, never letter by letter.
const wrap = { overflowWrap: "break-word", wordBreak: "normal", hyphens: "auto" } as const;

/**
 * A list of records that is a table on wide screens and a stack of cards below `md`, so every
 * field and every action stays reachable on a 360-390 px phone without scrolling sideways.
 */
export function DataTable<T>({ items, columns, rowKey, label, actions, actionsLabel, rowProps }: Props<T>) {
  const theme = useTheme();
  const phone = useMediaQuery(theme.breakpoints.down("md"), { noSsr: true });

  if (phone) {
    const primary = columns.find((c) => c.primary);
    const rest = columns.filter((c) => !c.primary && !c.hideOnPhone);
    return (
      <Stack component="ul" spacing={1.5} aria-label={label} sx={{ listStyle: "none", p: 0, m: 0 }} data-layout="cards">
        {items.map((item) => {
          const buttons = actions?.(item);
          return (
            <Card component="li" key={rowKey(item)} {...rowProps?.(item)}>
              <CardContent sx={{ pb: "12px !important" }}>
                {primary && (
                  <Box sx={{ mb: 1, ...wrap }} data-column={primary.key}>
                    {primary.render(item)}
                  </Box>
                )}
                <Box component="dl" sx={{ display: "grid", gridTemplateColumns: "minmax(88px, max-content) minmax(0, 1fr)", columnGap: 1.5, rowGap: 0.75, m: 0 }}>
                  {rest.map((column) => (
                    <Box key={column.key} sx={{ display: "contents" }}>
                      <Typography component="dt" variant="body2" color="text.secondary">
                        {column.label}
                      </Typography>
                      <Typography component="dd" variant="body2" sx={{ m: 0, minWidth: 0, ...wrap }} data-column={column.key}>
                        {column.render(item)}
                      </Typography>
                    </Box>
                  ))}
                </Box>
                {buttons && (
                  <Stack direction="row" sx={{ flexWrap: "wrap", gap: 1, mt: 1.5, "& .MuiButton-root": { minHeight: 40 } }} data-testid="row-actions">
                    {buttons}
                  </Stack>
                )}
              </CardContent>
            </Card>
          );
        })}
      </Stack>
    );
  }

  return (
    <TableContainer component={Paper} variant="outlined" data-layout="table">
      <Table size="small" aria-label={label}>
        <TableHead>
          <TableRow>
            {columns.map((column) => (
              <TableCell key={column.key} align={column.align}>
                {column.label}
              </TableCell>
            ))}
            {actions && <TableCell>{actionsLabel}</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map((item) => (
            <TableRow key={rowKey(item)} hover {...rowProps?.(item)}>
              {columns.map((column) => (
                <TableCell key={column.key} align={column.align} sx={column.nowrap ? { whiteSpace: "nowrap" } : { ...wrap, maxWidth: 320 }} data-column={column.key}>
                  {column.render(item)}
                </TableCell>
              ))}
              {actions && (
                <TableCell>
                  <Stack direction="row" sx={{ gap: 1, flexWrap: "wrap" }} data-testid="row-actions">
                    {actions(item)}
                  </Stack>
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
