import CheckCircleIcon from "@mui/icons-material/CheckCircle";
import RadioButtonUncheckedIcon from "@mui/icons-material/RadioButtonUnchecked";
import Box from "@mui/material/Box";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { ReactNode } from "react";

export type ChecklistItem = { key: string; done: boolean; title: string; description?: string; action?: ReactNode };

/** First steps, each marked done or not, each with the button that does it. */
// Read by screen readers, drawn nowhere (sizes in px: in `sx` a bare 1 would mean 100%).
const visuallyHidden = { position: "absolute", width: "1px", height: "1px", margin: "-1px", padding: 0, border: 0, overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap" } as const;

/** `doneLabel` is read out after a finished step's title ("done"), since the tick is only drawn. */
export function Checklist({ title, intro, items, doneLabel }: { title: string; intro?: string; items: ChecklistItem[]; doneLabel: string }) {
  return (
    <Card sx={{ mb: 2 }} component="section" aria-label={title} data-testid="getting-started">
      <CardContent>
        <Typography variant="h2" component="h2" gutterBottom>
          {title}
        </Typography>
        {intro && (
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            {intro}
          </Typography>
        )}
        <Stack component="ol" spacing={2} sx={{ listStyle: "none", p: 0, m: 0 }}>
          {items.map((item) => (
            <Stack component="li" key={item.key} direction="row" spacing={1.5} data-done={item.done} data-step={item.key}>
              {item.done ? <CheckCircleIcon color="success" aria-hidden /> : <RadioButtonUncheckedIcon color="action" aria-hidden />}
              <Box sx={{ minWidth: 0, flex: 1 }}>
                <Typography sx={{ fontWeight: 600, textDecoration: item.done ? "line-through" : "none" }}>
                  {item.title}
                  {item.done && <Box component="span" sx={visuallyHidden}>{` ${doneLabel}`}</Box>}
                </Typography>
                {item.description && (
                  <Typography variant="body2" color="text.secondary">
                    {item.description}
                  </Typography>
                )}
                {item.action && !item.done && <Box sx={{ mt: 1 }}>{item.action}</Box>}
              </Box>
            </Stack>
          ))}
        </Stack>
      </CardContent>
    </Card>
  );
}
