import AddCircleOutlineIcon from "@mui/icons-material/AddCircleOutlineOutlined";
import AdminPanelSettingsIcon from "@mui/icons-material/AdminPanelSettings";
import AssignmentIcon from "@mui/icons-material/Assignment";
import AccountTreeIcon from "@mui/icons-material/AccountTree";
import InsightsIcon from "@mui/icons-material/Insights";
import TimerIcon from "@mui/icons-material/Timer";
import DashboardIcon from "@mui/icons-material/Dashboard";
import EngineeringIcon from "@mui/icons-material/Engineering";
import FlagIcon from "@mui/icons-material/Flag";
import HistoryIcon from "@mui/icons-material/History";
import InboxIcon from "@mui/icons-material/Inbox";
import NotificationsIcon from "@mui/icons-material/Notifications";
import PeopleIcon from "@mui/icons-material/People";
import PersonIcon from "@mui/icons-material/Person";
import StarIcon from "@mui/icons-material/Star";
import MonitorHeartIcon from "@mui/icons-material/MonitorHeart";
import TuneIcon from "@mui/icons-material/Tune";
import List from "@mui/material/List";
import ListItem from "@mui/material/ListItem";
import ListItemButton from "@mui/material/ListItemButton";
import ListItemIcon from "@mui/material/ListItemIcon";
import ListItemText from "@mui/material/ListItemText";
import ListSubheader from "@mui/material/ListSubheader";
import type { ReactNode } from "react";
import { NavLink, useLocation } from "react-router";
import { useTranslation } from "react-i18next";
import { useSession } from "@/lib/auth";

type Item = { to: string; label: string; icon: ReactNode; show: boolean; end?: boolean };

export function NavList({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const { role, can } = useSession();
  const location = useLocation();

  const main: Item[] = [
    { to: "/", label: t("nav.dashboard"), icon: <DashboardIcon />, show: true, end: true },
    { to: "/appointments/new", label: t("nav.newRequest"), icon: <AddCircleOutlineIcon />, show: role === "client" },
    { to: "/appointments", label: t("nav.myRequests"), icon: <AssignmentIcon />, show: role === "client", end: true },
    { to: "/queue", label: t("nav.queue"), icon: <InboxIcon />, show: role === "master" },
    { to: "/appointments", label: t("nav.myWork"), icon: <EngineeringIcon />, show: role === "master", end: true },
    { to: "/notifications", label: t("nav.notifications"), icon: <NotificationsIcon />, show: true },
    { to: "/profile", label: t("nav.profile"), icon: <PersonIcon />, show: true },
  ];
  const admin: Item[] = [
    { to: "/admin/appointments", label: t("nav.adminAppointments"), icon: <AssignmentIcon />, show: can("appointments.view") },
    { to: "/admin/users", label: t("nav.adminUsers"), icon: <PeopleIcon />, show: can("users.view") },
    { to: "/admin/masters", label: t("nav.adminMasters"), icon: <EngineeringIcon />, show: can("users.view") },
    { to: "/admin/analytics", label: t("nav.adminAnalytics"), icon: <InsightsIcon />, show: can("analytics.view") },
    { to: "/admin/sla", label: t("nav.adminSla"), icon: <TimerIcon />, show: can("system.settings") },
    { to: "/admin/rules", label: t("nav.adminRules"), icon: <AccountTreeIcon />, show: can("rules.manage") },
    { to: "/admin/reviews", label: t("nav.adminReviews"), icon: <StarIcon />, show: can("reviews.moderate") },
    { to: "/admin/settings", label: t("nav.adminSettings"), icon: <TuneIcon />, show: can("system.settings") },
    { to: "/admin/system", label: t("nav.adminSystem"), icon: <MonitorHeartIcon />, show: can("system.status") },
    { to: "/admin/flags", label: t("nav.adminFlags"), icon: <FlagIcon />, show: can("flags.manage") },
    { to: "/admin/audit", label: t("nav.adminAudit"), icon: <HistoryIcon />, show: can("audit.view") || can("events.view") },
  ];

  const render = (items: Item[]) =>
    items
      .filter((item) => item.show)
      .map((item) => {
        const selected = item.end ? location.pathname === item.to : location.pathname.startsWith(item.to);
        return (
          <ListItem key={item.to + item.label} disablePadding>
            <ListItemButton component={NavLink} to={item.to} end={item.end} selected={selected} onClick={onNavigate}>
              <ListItemIcon sx={{ minWidth: 40 }}>{item.icon}</ListItemIcon>
              <ListItemText primary={item.label} />
            </ListItemButton>
          </ListItem>
        );
      });

  return (
    <>
      <List>{render(main)}</List>
      {can("admin.access") && (
        <List
          subheader={
            <ListSubheader sx={{ display: "flex", alignItems: "center", gap: 1 }}>
              <AdminPanelSettingsIcon fontSize="small" /> {t("nav.admin")}
            </ListSubheader>
          }
        >
          {render(admin)}
        </List>
      )}
    </>
  );
}
