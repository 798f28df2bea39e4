import ChatBubbleOutlineIcon from "@mui/icons-material/ChatBubbleOutlineOutlined";
import Badge from "@mui/material/Badge";
import Card from "@mui/material/Card";
import CardActionArea from "@mui/material/CardActionArea";
import CardContent from "@mui/material/CardContent";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { RiskChip } from "@/components/ui/risk-chip";
import { SlaChip } from "@/components/ui/sla-chip";
import { StatusChip } from "@/components/ui/status-chip";
import type { Appointment } from "@/lib/api/types";
import { formatDateTime, formatMoney } from "@/lib/format";

export function AppointmentList({ items, showClient }: { items: Appointment[]; showClient?: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack spacing={1.5} component="ul" sx={{ listStyle: "none", p: 0, m: 0 }} aria-label={t("appointments.list")}>
      {items.map((item) => (
        <li key={item.id}>
          <Card>
            <CardActionArea component={Link} to={`/appointments/${item.id}`} data-testid="appointment-card">
              <CardContent>
                <Stack direction="row" spacing={1} sx={{ justifyContent: "space-between", alignItems: "flex-start" }}>
                  <Typography variant="h3" component="h2" sx={{ overflowWrap: "break-word" }}>
                    #{item.id} · {item.title}
                  </Typography>
                  {item.unread_count > 0 && (
                    <Badge
                      badgeContent={item.unread_count}
                      color="error"
                      aria-label={t("chat.unreadCount", { count: item.unread_count })}
                      data-testid="unread-badge"
                    >
                      <ChatBubbleOutlineIcon fontSize="small" color="action" />
                    </Badge>
                  )}
                </Stack>
                <Stack direction="row" spacing={1} sx={{ mt: 1, alignItems: "center", flexWrap: "wrap", rowGap: 1 }}>
                  <StatusChip status={item.status} />
                  <SlaChip sla={item.sla} />
                  <RiskChip level={item.client_risk?.level} />
                  {item.price && (
                    <Typography variant="body2" sx={{ fontWeight: 600 }}>
                      {formatMoney(item.price, item.currency)}
                    </Typography>
                  )}
                  <Typography variant="body2" color="text.secondary">
                    {formatDateTime(item.created_at)}
                  </Typography>
                </Stack>
                {showClient && (
                  <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
                    {t("appointments.client")}: {item.client.display_name}
                  </Typography>
                )}
                {item.description && (
                  <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5, display: "-webkit-box", WebkitLineClamp: 2, WebkitBoxOrient: "vertical", overflow: "hidden" }}>
                    {item.description}
                  </Typography>
                )}
              </CardContent>
            </CardActionArea>
          </Card>
        </li>
      ))}
    </Stack>
  );
}
